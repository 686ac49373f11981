import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError, type FieldIssue } from "../../shared/errors";
import { MastersError } from "../errors";
import { customerPrice, item, itemUomConversion, priceListLine, unitOfMeasure } from "../schema";
import type { Row } from "../types";
import { fieldError, throwIfIssues } from "./issues";

type ItemUnits = { id: number; sku: string; baseUom: string; purchaseUom: string; salesUom: string };

export async function loadItemUnits(tx: Tx, itemId: number): Promise<ItemUnits | null> {
  const [row] = await tx.select({ id: item.id, sku: item.sku, baseUom: item.baseUom, purchaseUom: item.purchaseUom, salesUom: item.salesUom })
    .from(item).where(eq(item.id, itemId)).limit(1);
  return row ?? null;
}

/** The units an item can be counted in: its base unit and the units of its active conversions. */
export async function convertibleUnits(tx: Tx, itemId: number, baseUom: string): Promise<Set<string>> {
  const rows = await tx.select({ uom: itemUomConversion.uom }).from(itemUomConversion)
    .where(and(eq(itemUomConversion.itemId, itemId), eq(itemUomConversion.active, true))).limit(1000);
  return new Set([baseUom, ...rows.map((r) => r.uom)]);
}

export function notConvertible(field: string, sku: string, uom: string, baseUom: string, why = ""): DomainError {
  return fieldError(MastersError.UOM_NOT_CONVERTIBLE, "invalid", field, "convertible_unit",
    `item ${sku} has no conversion from ${uom} to its base unit ${baseUom}${why}`, { sku, uom, baseUom });
}

/** Price list lines and customer prices must be in a unit the item converts to its base unit. */
export async function checkPricedUnit(row: Row, context: { tx: Tx; before: Row | null }): Promise<void> {
  if (context.before) return; // item and unit are not editable, so only a new row needs the check.
  const units = await loadItemUnits(context.tx, row.itemId as number);
  if (!units) return; // the reference check reports the missing item.
  const convertible = await convertibleUnits(context.tx, units.id, units.baseUom);
  if (!convertible.has(row.uom as string)) throw notConvertible("uom", units.sku, row.uom as string, units.baseUom);
}

type ConversionInput = { uom: string; baseQtyPerUnit: string };

function conversionIssues(baseUom: string, conversions: readonly ConversionInput[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  conversions.forEach((conversion, index) => {
    if (conversion.uom === baseUom) {
      issues.push({ field: `conversions.${index}.uom`, rule: "not_base_unit", message: `${baseUom} is the base unit; it converts 1:1 without a conversion` });
    }
    if (seen.has(conversion.uom)) issues.push({ field: `conversions.${index}.uom`, rule: "unique", message: `${conversion.uom} is listed twice` });
    seen.add(conversion.uom);
  });
  return issues;
}

async function checkConversionUnitsExist(tx: Tx, conversions: readonly ConversionInput[]): Promise<void> {
  if (conversions.length === 0) return;
  const codes = conversions.map((c) => c.uom);
  const found = await tx.select({ code: unitOfMeasure.code, active: unitOfMeasure.active }).from(unitOfMeasure)
    .where(inArray(unitOfMeasure.code, codes)).limit(codes.length);
  const byCode = new Map(found.map((u) => [u.code, u.active]));
  conversions.forEach((conversion, index) => {
    const active = byCode.get(conversion.uom);
    const field = `conversions.${index}.uom`;
    if (active === undefined) throw fieldError(MastersError.REFERENCE_INVALID, "invalid", field, "reference_exists", `unit of measure ${conversion.uom} does not exist`);
    if (!active) throw fieldError(MastersError.REFERENCE_INACTIVE, "invalid", field, "reference_active", `unit of measure ${conversion.uom} is inactive`);
  });
}

/**
 * An item's purchase and sales units must equal its base unit or have an active conversion to
 * it. On create the conversions come with the input; on update they are read from the table.
 */
export async function checkItemUnits(row: Row, context: { tx: Tx; input: Row; before: Row | null }): Promise<void> {
  const baseUom = row.baseUom as string;
  let units: Set<string>;
  if (context.before) {
    units = await convertibleUnits(context.tx, row.id as number, baseUom);
  } else {
    const conversions = (context.input.conversions as ConversionInput[] | undefined) ?? [];
    throwIfIssues(conversionIssues(baseUom, conversions));
    await checkConversionUnitsExist(context.tx, conversions);
    units = new Set([baseUom, ...conversions.map((c) => c.uom)]);
  }
  for (const field of ["purchaseUom", "salesUom"] as const) {
    const uom = row[field] as string;
    if (!units.has(uom)) throw notConvertible(field, row.sku as string, uom, baseUom);
  }
}

/** A conversion for the base unit itself would be meaningless (and could say CS = 1 EA by mistake). */
export async function checkConversionUnit(row: Row, context: { tx: Tx; before: Row | null }): Promise<void> {
  if (context.before) return; // item and unit are not editable.
  const units = await loadItemUnits(context.tx, row.itemId as number);
  if (!units) return;
  if (row.uom === units.baseUom) {
    throw fieldError(MastersError.UOM_NOT_CONVERTIBLE, "invalid", "uom", "not_base_unit",
      `${units.baseUom} is the base unit of item ${units.sku}; it converts 1:1 without a conversion`, { sku: units.sku });
  }
}

async function activePriceUsing(tx: Tx, itemId: number, uom: string): Promise<string | null> {
  const [line] = await tx.select({ id: priceListLine.id }).from(priceListLine)
    .where(and(eq(priceListLine.itemId, itemId), eq(priceListLine.uom, uom), eq(priceListLine.active, true))).limit(1);
  if (line) return `price list line ${line.id}`;
  const [price] = await tx.select({ id: customerPrice.id }).from(customerPrice)
    .where(and(eq(customerPrice.itemId, itemId), eq(customerPrice.uom, uom), eq(customerPrice.active, true))).limit(1);
  return price ? `customer price ${price.id}` : null;
}

/** Deactivating a conversion must not strand the item's purchase/sales unit or an active price in that unit. */
export async function checkConversionRemovable(tx: Tx, row: Row): Promise<void> {
  const units = await loadItemUnits(tx, row.itemId as number);
  if (!units) return;
  const uom = row.uom as string;
  const role = units.purchaseUom === uom ? "purchase unit" : units.salesUom === uom ? "sales unit" : null;
  const usedBy = role ? `the item's ${role}` : await activePriceUsing(tx, units.id, uom);
  if (usedBy === null) return;
  throw new DomainError(MastersError.UOM_NOT_CONVERTIBLE, "conflict",
    `uom: ${uom} is used by ${usedBy} of item ${units.sku}; without this conversion it could not be converted to ${units.baseUom}`,
    { field: "uom", sku: units.sku, uom, usedBy }, { issues: [{ field: "uom", rule: "unit_in_use", message: `used by ${usedBy}` }] });
}
