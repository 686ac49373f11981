// Input pieces shared by the order desk's commands (zod 4 at every edge).
import { z } from "zod";
import { parseQty, QTY_PATTERN } from "../../shared/quantity";

export const Id = z.number().int().positive();
export const IsoDate = z.iso.date();
export const Uom = z.string().trim().min(1).max(20);
/** A positive decimal quantity in the line's unit, kept as text (units are converted by the loader). */
export const QtyText = z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals")
  .refine((text) => parseQty(text) > 0n, "must be greater than zero");
/** Minor units: bigint, integer string or safe integer; never negative. */
export const MinorAmount = z.union([z.bigint(), z.string().regex(/^\d{1,18}$/, "an integer amount in minor units"), z.number().int().nonnegative()])
  .transform((value) => BigInt(value)).refine((value) => value >= 0n, "must not be negative");
export const IdempotencyKey = z.string().trim().min(1).max(200);
