const CODES = {
  NOT_FOUND: "MASTERS_NOT_FOUND",
  DUPLICATE_KEY: "MASTERS_DUPLICATE_KEY",
  REFERENCE_INVALID: "MASTERS_REFERENCE_INVALID",
  REFERENCE_INACTIVE: "MASTERS_REFERENCE_INACTIVE",
  REFERENCE_ENTITY_MISMATCH: "MASTERS_REFERENCE_ENTITY_MISMATCH",
  FIELD_NOT_EDITABLE: "MASTERS_FIELD_NOT_EDITABLE",
  FILTER_UNKNOWN: "MASTERS_FILTER_UNKNOWN",
  UOM_NOT_CONVERTIBLE: "MASTERS_UOM_NOT_CONVERTIBLE",
  QTY_NOT_EXACT: "MASTERS_QTY_NOT_EXACT",
  RATE_NOT_FOUND: "MASTERS_RATE_NOT_FOUND",
} as const;

type Prefixed<T extends Record<string, string>> = { readonly [K in keyof T as `MASTERS_${K & string}`]: T[K] };

function withPrefixedKeys<T extends Record<string, string>>(codes: T): T & Prefixed<T> {
  const prefixed = Object.fromEntries(Object.entries(codes).map(([key, value]) => [`MASTERS_${key}`, value]));
  return Object.freeze({ ...codes, ...prefixed }) as T & Prefixed<T>;
}

/**
 * Error codes of the master-data context. Codes are API: never rename or reuse one.
 * Each code is reachable by its short key (`MastersError.NOT_FOUND`, the house style) and by
 * its full name (`MastersError.MASTERS_NOT_FOUND`), because other contexts were written
 * against both spellings at the same time; both give the same string.
 */
export const MastersError = withPrefixedKeys(CODES);

export type MastersErrorCode = (typeof CODES)[keyof typeof CODES];
