import { assert, assertNever } from "../../shared/assert";
import type { CloseEvent, PostingRole, RoleLine, RuleDimensions, Side } from "./types";

type Refs = Pick<RoleLine, "itemId" | "warehouseId" | "customerId" | "supplierId">;

/** A base-currency line; a negative amount goes to the other side. Document amount zero: close events move base values only. */
function baseLine(role: PostingRole, side: Side, amountMinor: bigint, dimensions: RuleDimensions, refs: Refs = {}): RoleLine {
  const flipped: Side = side === "debit" ? "credit" : "debit";
  const negative = amountMinor < 0n;
  return { role, side: negative ? flipped : side, amountMinor: negative ? -amountMinor : amountMinor, documentAmountMinor: 0n, dimensions, ...refs };
}

/** A line whose document amount equals its base amount (base-currency documents). */
function sameLine(role: PostingRole, side: Side, amountMinor: bigint, dimensions: RuleDimensions, refs: Refs = {}): RoleLine {
  const line = baseLine(role, side, amountMinor, dimensions, refs);
  return { ...line, documentAmountMinor: line.amountMinor };
}

/** The posting rules of DOMAIN.md for period-close events, as a pure function. */
export function roleLinesForCloseEvent(event: CloseEvent): RoleLine[] {
  switch (event.type) {
    case "ledger.fx_revaluation":
      return event.lines.flatMap((l) => {
        const refs: Refs = { customerId: l.customerId ?? null, supplierId: l.supplierId ?? null };
        if (l.gainMinor === 0n) return [];
        // A gain raises an asset or lowers a liability: either way the balance is debited.
        // The gain or loss lines carry no party, so one entry has one line per result account.
        return l.gainMinor > 0n
          ? [baseLine(l.target, "debit", l.gainMinor, {}, refs), baseLine("fx_gain", "credit", l.gainMinor, {})]
          : [baseLine("fx_loss", "debit", -l.gainMinor, {}), baseLine(l.target, "credit", -l.gainMinor, {}, refs)];
      });
    case "sales.unbilled_accrued": {
      const refs: Refs = { customerId: event.customerId };
      return event.lines.flatMap((l) => {
        assert(l.amountMinor >= 0n, "unbilled amounts are not negative");
        const dims = { itemCategoryId: l.itemCategoryId, customerGroupId: event.customerGroupId, warehouseId: l.warehouseId };
        const lineRefs = { ...refs, itemId: l.itemId, warehouseId: l.warehouseId };
        return [sameLine("unbilled_receivables", "debit", l.amountMinor, dims, lineRefs), sameLine("revenue", "credit", l.amountMinor, dims, lineRefs)];
      });
    }
    case "sales.rebate_accrued": {
      const refs: Refs = { customerId: event.customerId };
      const dims = { itemCategoryId: event.itemCategoryId };
      return [sameLine("sales_rebates", "debit", event.amountMinor, dims, refs), sameLine("rebate_accrual", "credit", event.amountMinor, dims, refs)];
    }
    case "sales.rebate_settled": {
      assert(event.amountMinor > 0n, "a rebate settlement is positive");
      const refs: Refs = { customerId: event.customerId };
      return [sameLine("rebate_accrual", "debit", event.amountMinor, {}, refs), sameLine("ar", "credit", event.amountMinor, {}, refs)];
    }
    case "purchase.rebate_settled": {
      assert(event.amountMinor > 0n, "a rebate collection is positive");
      const refs: Refs = { supplierId: event.supplierId };
      return [sameLine("cash", "debit", event.amountMinor, {}, refs), sameLine("rebate_receivable", "credit", event.amountMinor, {}, refs)];
    }
    default:
      return assertNever(event, "unknown close event");
  }
}
