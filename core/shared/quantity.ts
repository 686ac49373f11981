import { assert } from "./assert";

/**
 * Quantities are numeric(18,4) in the item's base unit in Postgres. In TypeScript they are
 * bigints scaled by QTY_SCALE so arithmetic is exact; strings only at the edges.
 */
export const QTY_DIGITS = 4;
export const QTY_SCALE = 10_000n;

export type QtyScaled = bigint;

export function parseQty(text: string | number): QtyScaled {
  const raw = typeof text === "number" ? String(text) : text.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(raw);
  assert(match !== null, `not a decimal quantity: ${raw}`);
  const [, sign, whole, fraction = ""] = match;
  const trimmed = fraction.replace(/0+$/, "");
  assert(trimmed.length <= QTY_DIGITS, `quantity has more than ${QTY_DIGITS} decimals: ${raw}`);
  const scaled = BigInt((whole ?? "0") + trimmed.padEnd(QTY_DIGITS, "0"));
  return sign ? -scaled : scaled;
}

export function formatQty(qty: QtyScaled): string {
  const negative = qty < 0n;
  const digits = (negative ? -qty : qty).toString().padStart(QTY_DIGITS + 1, "0");
  const whole = digits.slice(0, digits.length - QTY_DIGITS);
  const fraction = digits.slice(digits.length - QTY_DIGITS).replace(/0+$/, "");
  const body = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${body}` : body;
}

/** A decimal string that zod can validate at the edge: up to 4 decimals. */
export const QTY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;
