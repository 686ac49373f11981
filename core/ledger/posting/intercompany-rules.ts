import { assert, assertNever } from "../../shared/assert";
import type { IntercompanyEvent, RoleLine, StockValueLine } from "./types";

function stockRole(line: StockValueLine, role: RoleLine["role"], side: RoleLine["side"]): RoleLine {
  return { role, side, amountMinor: line.valueMinor, dimensions: { itemCategoryId: line.itemCategoryId, warehouseId: line.warehouseId },
    itemId: line.itemId, warehouseId: line.warehouseId };
}

/** The intercompany row of DOMAIN.md's posting table, as a pure function. */
export function roleLinesForIntercompanyEvent(event: IntercompanyEvent): RoleLine[] {
  switch (event.type) {
    case "intercompany.shipped": {
      assert(event.transferValueMinor >= 0n, "transfer value is never negative");
      return [
        ...event.lines.flatMap((l) => [stockRole(l, "cogs", "debit"), stockRole(l, "inventory", "credit")]),
        { role: "ic_receivable", side: "debit", amountMinor: event.transferValueMinor, dimensions: {} },
        { role: "ic_revenue", side: "credit", amountMinor: event.transferValueMinor, dimensions: {} },
      ];
    }
    case "intercompany.received": {
      const total = event.lines.reduce((sum, l) => sum + l.valueMinor, 0n);
      return [...event.lines.map((l) => stockRole(l, "inventory", "debit")), { role: "ic_payable", side: "credit", amountMinor: total, dimensions: {} }];
    }
    default:
      return assertNever(event, "unknown intercompany event");
  }
}
