import { PERMISSIONS, type Permission } from "../permissions";

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
