import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { DomainError, SharedError } from "../../shared/errors";
import { parseQty, QTY_DIGITS, QTY_SCALE, type QtyScaled } from "../../shared/quantity";
import { MastersError } from "../errors";
import { fieldError } from "../rules/issues";
import { loadItemUnits, notConvertible } from "../rules/units";
import { itemUomConversion } from "../schema";

function parseQtyInput(qty: string): QtyScaled {
  const text = String(qty).trim();
  const match = /^-?\d{1,14}(\.(\d+))?$/.exec(text);
  const fraction = match?.[2]?.replace(/0+$/, "") ?? "";
  if (!match || fraction.length > QTY_DIGITS) {
    throw fieldError(SharedError.VALIDATION_FAILED, "invalid", "qty", "decimal", `"${text}" is not a quantity with at most ${QTY_DIGITS} decimals`);
  }
  return parseQty(text);
}

/**
 * Converts a quantity in one of an item's units into its base unit, scaled by QTY_SCALE. The
 * base unit converts 1:1; other units need an active conversion. A result finer than the
 * quantity scale is refused rather than rounded, because stock must add up exactly.
 */
export async function toBaseQty(tx: Tx, itemId: number, uom: string, qty: string): Promise<bigint> {
  const scaled = parseQtyInput(qty);
  const item = await loadItemUnits(tx, itemId);
  if (!item) throw new DomainError(MastersError.NOT_FOUND, "not_found", `Item ${itemId} does not exist`, { kind: "item", key: itemId });
  if (uom === item.baseUom) return scaled;
  const [conversion] = await tx.select({ baseQtyPerUnit: itemUomConversion.baseQtyPerUnit }).from(itemUomConversion)
    .where(and(eq(itemUomConversion.itemId, itemId), eq(itemUomConversion.uom, uom), eq(itemUomConversion.active, true))).limit(1);
  if (!conversion) throw notConvertible("uom", item.sku, uom, item.baseUom);
  const perUnit = parseQty(conversion.baseQtyPerUnit);
  assert(perUnit > 0n, `conversion ${item.sku}/${uom} is not positive`);
  const product = scaled * perUnit;
  if (product % QTY_SCALE !== 0n) {
    throw fieldError(MastersError.QTY_NOT_EXACT, "invalid", "qty", "exact_base_qty",
      `${qty} ${uom} of item ${item.sku} is not a whole number of ${item.baseUom} ten-thousandths`, { sku: item.sku, uom });
  }
  return product / QTY_SCALE;
}
