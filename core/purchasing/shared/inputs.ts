import { z } from "zod";
import { QTY_PATTERN, parseQty } from "../../shared/quantity";

export const Id = z.number().int().positive();
export const IsoDate = z.iso.date();
export const IdempotencyKey = z.string().trim().min(1).max(200).optional();
export const Reason = z.string().trim().min(3).max(2_000);

/** A positive decimal quantity (up to 4 decimals), kept as text: the unit decides its scale. */
export const QtyText = z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals")
  .refine((text) => parseQty(text) > 0n, "must be greater than zero");

/** A positive decimal quantity parsed to scaled bigint (base units). */
export const PositiveQty = QtyText.transform((text) => parseQty(text));

/** Minor units: bigint, integer string or safe integer, never negative. */
export const MinorAmount = z.union([z.bigint(), z.string().regex(/^\d{1,18}$/, "an integer amount in minor units"), z.number().int().nonnegative()])
  .transform((value) => BigInt(value)).refine((value) => value >= 0n, "must not be negative");

export const PositiveMinorAmount = MinorAmount.refine((value) => value > 0n, "must be greater than zero");

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, "three upper-case letters (ISO 4217)");
