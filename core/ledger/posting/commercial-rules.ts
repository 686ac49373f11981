import { assert, assertNever } from "../../shared/assert";
import type { CommercialEvent, DualAmount, PostingRole, RoleLine, RuleDimensions, Side } from "./types";

type Refs = Pick<RoleLine, "itemId" | "warehouseId" | "customerId" | "supplierId">;

const opposite = (side: Side): Side => (side === "debit" ? "credit" : "debit");

/**
 * Lines for a dual amount on its normal side; a negative amount goes to the other side. When
 * base and document amounts have opposite signs (a rate moved the other way), the two parts
 * become separate lines, one base-only and one document-only. Zero parts are dropped later.
 */
function dual(role: PostingRole, side: Side, amount: DualAmount, dimensions: RuleDimensions, refs: Refs = {}): RoleLine[] {
  const line = (lineSide: Side, baseMinor: bigint, documentMinor: bigint): RoleLine => ({
    role, side: lineSide, dimensions, ...refs, amountMinor: baseMinor, documentAmountMinor: documentMinor,
  });
  const { baseMinor, documentMinor } = amount;
  const sameSign = baseMinor === 0n || documentMinor === 0n || (baseMinor > 0n) === (documentMinor > 0n);
  if (sameSign) {
    const negative = baseMinor < 0n || documentMinor < 0n;
    return [negative ? line(opposite(side), -baseMinor, -documentMinor) : line(side, baseMinor, documentMinor)];
  }
  return [...dual(role, side, { baseMinor, documentMinor: 0n }, dimensions, refs), ...dual(role, side, { baseMinor: 0n, documentMinor }, dimensions, refs)];
}

/** A base-currency-only line (realized FX): no document-currency amount. */
function baseOnly(role: PostingRole, side: Side, amountMinor: bigint, dimensions: RuleDimensions, refs: Refs = {}): RoleLine[] {
  return dual(role, side, { baseMinor: amountMinor, documentMinor: 0n }, dimensions, refs);
}

/** Realized FX: positive = gain (credit), negative = loss (debit). */
function realizedFx(differenceMinor: bigint, refs: Refs): RoleLine[] {
  if (differenceMinor === 0n) return [];
  return differenceMinor > 0n ? baseOnly("fx_gain", "credit", differenceMinor, {}, refs) : baseOnly("fx_loss", "debit", -differenceMinor, {}, refs);
}


/** The posting rules of DOMAIN.md for sales and purchasing documents, as a pure function. */
export function roleLinesForCommercialEvent(event: CommercialEvent): RoleLine[] {
  switch (event.type) {
    case "sales.invoiced":
    case "sales.credit_memo": {
      const invoice = event.type === "sales.invoiced";
      const customer: Refs = { customerId: event.customerId };
      const group = { customerGroupId: event.customerGroupId };
      return [
        ...dual("ar", invoice ? "debit" : "credit", event.total, group, customer),
        ...event.lines.flatMap((l) => dual(invoice ? "revenue" : "sales_returns", invoice ? "credit" : "debit", l.net,
          { itemCategoryId: l.itemCategoryId, ...group, warehouseId: l.warehouseId }, { ...customer, itemId: l.itemId, warehouseId: l.warehouseId })),
        ...dual("tax_payable", invoice ? "credit" : "debit", event.tax, group, customer),
      ];
    }
    case "sales.payment_received": {
      const refs: Refs = { customerId: event.customerId };
      const carried = event.appliedToAr.baseMinor + event.unapplied.baseMinor;
      return [
        ...dual("cash", "debit", event.cash, {}, refs),
        ...dual("ar", "credit", event.appliedToAr, {}, refs),
        ...dual("customer_deposits", "credit", event.unapplied, {}, refs),
        ...realizedFx(event.cash.baseMinor - carried, refs),
      ];
    }
    case "sales.deposit_applied": {
      const refs: Refs = { customerId: event.customerId };
      return [
        ...dual("customer_deposits", "debit", event.fromDeposits, {}, refs),
        ...dual("ar", "credit", event.toAr, {}, refs),
        ...realizedFx(event.fromDeposits.baseMinor - event.toAr.baseMinor, refs),
      ];
    }
    case "sales.return_costed":
      return event.lines.flatMap((l) => {
        const dims = { itemCategoryId: l.itemCategoryId, warehouseId: l.warehouseId };
        const refs = { itemId: l.itemId, warehouseId: l.warehouseId };
        const amount = { baseMinor: l.valueMinor, documentMinor: l.valueMinor };
        return [...dual(event.disposition === "restock" ? "inventory" : "scrap", "debit", amount, dims, refs), ...dual("cogs", "credit", amount, dims, refs)];
      });
    case "purchase.invoiced": {
      const refs: Refs = { supplierId: event.supplierId };
      return [
        ...event.lines.flatMap((l) => {
          const dims = { itemCategoryId: l.itemCategoryId, warehouseId: l.warehouseId };
          const lineRefs = { ...refs, itemId: l.itemId, warehouseId: l.warehouseId };
          return [...dual("grni", "debit", l.grniCleared, dims, lineRefs), ...dual(l.varianceTo, "debit", l.variance, dims, lineRefs)];
        }),
        ...dual("tax_payable", "debit", event.tax, {}, refs),
        ...dual("ap", "credit", event.total, {}, refs),
      ];
    }
    case "purchase.landed_cost": {
      const refs: Refs = { supplierId: event.supplierId };
      return [
        ...event.lines.flatMap((l) => {
          const dims = { itemCategoryId: l.itemCategoryId, warehouseId: l.warehouseId };
          const lineRefs = { ...refs, itemId: l.itemId, warehouseId: l.warehouseId };
          return [...dual("inventory", "debit", l.toInventory, dims, lineRefs), ...dual("cogs", "debit", l.toCogs, dims, lineRefs)];
        }),
        ...dual(event.credit, "credit", event.total, {}, refs),
      ];
    }
    case "purchase.payment": {
      const refs: Refs = { supplierId: event.supplierId };
      const paidAndDiscount = event.cash.baseMinor + event.discount.baseMinor;
      return [
        ...dual("ap", "debit", event.apCleared, {}, refs),
        ...dual("cash", "credit", event.cash, {}, refs),
        ...dual("purchase_discounts", "credit", event.discount, {}, refs),
        // AP carried more than cash + discount at today's rate: a gain; less: a loss.
        ...realizedFx(event.apCleared.baseMinor - paidAndDiscount, refs),
      ];
    }
    case "purchase.rebate_accrued": {
      const refs: Refs = { supplierId: event.supplierId };
      const amount = { baseMinor: event.amountMinor, documentMinor: event.amountMinor };
      const dims = { itemCategoryId: event.itemCategoryId };
      return [...dual("rebate_receivable", "debit", amount, dims, refs), ...dual(event.credit, "credit", amount, dims, refs)];
    }
    default:
      return assertNever(event, "unknown commercial event");
  }
}

