import type { Role } from "../permissions";
import type { exceptionItem } from "../schema";
import type { ExceptionSeverity, ExceptionState } from "./kinds";

/** A document an exception is about, as the queue shows it: ("purchase_receipt", "81", "GRN-81"). */
export type ExceptionLink = { type: string; id: string; label: string };

type ExceptionItemRow = typeof exceptionItem.$inferSelect;

/** An exception item with its JSON and text columns narrowed to what the commands write. */
export type ExceptionItem = Omit<ExceptionItemRow, "severity" | "state" | "ownerRole" | "audienceRoles" | "links" | "details"> & {
  severity: ExceptionSeverity;
  state: ExceptionState;
  ownerRole: Role;
  audienceRoles: Role[];
  links: ExceptionLink[];
  details: Record<string, unknown> | null;
};

export function toExceptionItem(row: ExceptionItemRow): ExceptionItem {
  return row as ExceptionItem;
}
