import { z } from "zod";
import { QTY_PATTERN, parseQty } from "../../shared/quantity";
import { DOCUMENT_LINES_MAX } from "../stock-engine";

export const Id = z.number().int().positive();
/** A positive decimal quantity in the item's base unit, up to 4 decimals. */
export const PositiveQty = z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals")
  .transform((text) => parseQty(text)).refine((qty) => qty > 0n, "must be greater than zero");
/** A signed decimal quantity (adjustments). */
export const SignedQty = z.string().trim().regex(/^-?\d{1,14}(\.\d{1,4})?$/, "a signed decimal quantity with up to 4 decimals")
  .transform((text) => parseQty(text)).refine((qty) => qty !== 0n, "must not be zero");
/** Minor units per base unit: bigint, integer string or safe integer. */
export const UnitCostMinor = z.union([z.bigint(), z.string().regex(/^\d{1,18}$/, "an integer amount in minor units"), z.number().int().nonnegative()])
  .transform((value) => BigInt(value)).refine((value) => value >= 0n, "must not be negative");

export const DocumentHeader = {
  entityId: Id,
  documentDate: z.iso.date(),
  reference: z.string().trim().max(200).optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
};

export const linesOf = <T extends z.ZodType>(line: T) => z.array(line).min(1).max(DOCUMENT_LINES_MAX);
