import { assertNever } from "../../shared/assert";
import { roleLinesForCloseEvent } from "./close-rules";
import { roleLinesForCommercialEvent } from "./commercial-rules";
import { roleLinesForIntercompanyEvent } from "./intercompany-rules";
import type { OperationalEvent, RoleLine, StockValueLine } from "./types";

function stockLine(line: StockValueLine, role: RoleLine["role"], side: RoleLine["side"], warehouseId = line.warehouseId): RoleLine {
  return {
    role,
    side,
    amountMinor: line.valueMinor,
    dimensions: { itemCategoryId: line.itemCategoryId, warehouseId },
    itemId: line.itemId,
    warehouseId,
  };
}

/**
 * The posting rules of DOMAIN.md as a pure function: an operational event becomes
 * debit and credit lines by role. Account determination then picks the accounts.
 */
export function roleLinesForEvent(event: OperationalEvent): RoleLine[] {
  switch (event.type) {
    case "stock.opening":
      return event.lines.flatMap((l) => [stockLine(l, "inventory", "debit"), stockLine(l, "opening_equity", "credit")]);
    case "stock.received":
      return event.lines.flatMap((l) => [stockLine(l, "inventory", "debit"), stockLine(l, "grni", "credit")]);
    case "stock.issued": {
      const expense = event.purpose === "scrap" ? "scrap" : "cogs";
      return event.lines.flatMap((l) => [stockLine(l, expense, "debit"), stockLine(l, "inventory", "credit")]);
    }
    case "stock.adjusted":
      return event.lines.flatMap((l) =>
        l.direction === "gain"
          ? [stockLine(l, "inventory", "debit"), stockLine(l, "inventory_gain", "credit")]
          : [stockLine(l, "shrinkage", "debit"), stockLine(l, "inventory", "credit")],
      );
    case "stock.transferred":
      return event.lines.flatMap((l) => [
        stockLine(l, "inventory", "debit", l.toWarehouseId),
        stockLine(l, "inventory", "credit", l.warehouseId),
      ]);
    case "sales.invoiced":
    case "sales.credit_memo":
    case "sales.payment_received":
    case "sales.deposit_applied":
    case "sales.return_costed":
    case "purchase.invoiced":
    case "purchase.landed_cost":
    case "purchase.payment":
    case "purchase.rebate_accrued":
      return roleLinesForCommercialEvent(event);
    case "ledger.fx_revaluation":
    case "sales.unbilled_accrued":
    case "sales.rebate_accrued":
    case "sales.rebate_settled":
    case "purchase.rebate_settled":
      return roleLinesForCloseEvent(event);
    case "intercompany.shipped":
    case "intercompany.received":
      return roleLinesForIntercompanyEvent(event);
    default:
      return assertNever(event, "unknown operational event");
  }
}
