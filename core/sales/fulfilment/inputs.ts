// Zod building blocks shared by the fulfilment, invoicing, payments and returns commands.
import { z } from "zod";
import { QTY_PATTERN, parseQty } from "../../shared/quantity";

export const Id = z.number().int().positive();
export const IsoDate = z.iso.date();
export const IdempotencyKey = z.string().trim().min(1).max(200);
/** A positive decimal quantity in the item's base unit, up to 4 decimals; scaled bigint inside. */
export const PositiveQty = z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals")
  .transform((text) => parseQty(text)).refine((qty) => qty > 0n, "must be greater than zero");
/** A positive amount in minor units: bigint, integer string or safe integer. */
export const PositiveMinor = z.union([z.bigint(), z.string().regex(/^\d{1,18}$/, "an integer amount in minor units"), z.number().int().positive()])
  .transform((value) => BigInt(value)).refine((value) => value > 0n, "must be greater than zero");
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, "three upper-case letters (ISO 4217)");
