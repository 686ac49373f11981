// The order desk on top of the shared permission fixture, built with the real commands as the
// system actor: price list lines for the fixture's other two items, stock of the third item, a
// customer on the price list with a generous credit limit and one with almost none, a credit
// release policy, an open quote, an order with an allocated line and a partly backordered line
// whose item has a configured substitute, and an order on credit hold.
import { sql } from "drizzle-orm";
import type { Db } from "../../../core/db/client";
import { inTransaction } from "../../../core/db/transaction";
import { SYSTEM_ACTOR } from "../../../core/governance";
import { createPolicyVersion, DEFAULT_POLICIES } from "../../../core/governance/approvals";
import { receiveStock } from "../../../core/inventory";
import { createMaster } from "../../../core/masters";
import { createQuote, enterSalesOrder } from "../../../core/sales";
import { assert } from "../../../core/shared/assert";
import { FIXTURE_YEAR } from "../../support/ledger-fixture";
import { buildPermissionFixture, type PermissionFixture } from "./fixture";

export const ORDER_DATE = `${FIXTURE_YEAR}-04-01`;
export const QUOTE_VALID_UNTIL = `${FIXTURE_YEAR}-04-30`;

export type SalesPermissionFixture = PermissionFixture & {
  sales: {
    /** On the PL1 price list, gold tier, generous credit limit. */
    customerId: number;
    /** A credit limit of 1.00: every order of theirs goes on credit hold. */
    heldCustomerId: number;
    warehouseId: number;
    /** 100 on hand, nothing allocated. */
    stockedItemId: number;
    /** 10 on hand, all allocated to the backordered line. */
    shortItemId: number;
    /** The configured substitute of shortItemId (100 on hand). */
    substituteItemId: number;
    quoteId: number;
    orderId: number;
    /** 5 of stockedItemId, allocated. */
    allocatedLineId: number;
    /** 30 of shortItemId: 10 allocated, 20 backordered. */
    backorderedLineId: number;
    heldOrderId: number;
  };
};

export async function buildSalesPermissionFixture(db: Db): Promise<SalesPermissionFixture> {
  const base = await buildPermissionFixture(db);
  const s = SYSTEM_ACTOR;
  const entityId = base.entityId;
  const warehouseId = base.ledger.warehouseIds[0];
  const [stockedItemId, substituteItemId, shortItemId] = base.ledger.itemIds as [number, number, number];
  const sales = await inTransaction(db, async (tx) => {
    // PL1 already prices stockedItemId at 10.00; cost is 5.00 a unit, a margin above every tier's floor.
    for (const itemId of [substituteItemId, shortItemId]) {
      await createMaster(tx, s, "priceListLine", { priceListId: base.masters.priceList as number, itemId, uom: "EA", unitPriceMinor: 1_000 });
    }
    await receiveStock(tx, s, { entityId, documentDate: `${FIXTURE_YEAR}-03-02`, warehouseId, kind: "receipt", lines: [{ itemId: shortItemId, qty: "10", unitCostMinor: 500 }] });
    // No command configures substitutes yet (the order-desk tests insert the row too).
    await tx.execute(sql`insert into item_substitute (item_id, substitute_item_id, priority) values (${shortItemId}, ${substituteItemId}, 1)`);
    await createPolicyVersion(tx, s, { kind: "credit_release", name: DEFAULT_POLICIES.credit_release.name, rules: DEFAULT_POLICIES.credit_release.rules });
    const customer = await createMaster(tx, s, "customer", { entityId, code: "C-ORD", name: "Order Desk Customer", tier: "gold", currency: "USD",
      creditLimitMinor: 100_000_000, paymentTermCode: "NET30", priceListId: base.masters.priceList });
    const held = await createMaster(tx, s, "customer", { entityId, code: "C-HOLD", name: "Stretched Customer", tier: "standard", currency: "USD",
      creditLimitMinor: 100, paymentTermCode: "NET30", priceListId: base.masters.priceList });
    const quote = await createQuote(tx, s, { entityId, customerId: customer.id, quoteDate: ORDER_DATE, validUntil: QUOTE_VALID_UNTIL,
      lines: [{ itemId: stockedItemId, warehouseId, uom: "EA", qty: "4" }] });
    const order = await enterSalesOrder(tx, s, { entityId, customerId: customer.id, channel: "phone", orderDate: ORDER_DATE, lines: [
      { itemId: stockedItemId, warehouseId, uom: "EA", qty: "5" }, { itemId: shortItemId, warehouseId, uom: "EA", qty: "30" }] });
    const [allocated, short] = order.order.lines;
    assert(allocated?.status === "allocated", "the stocked line is allocated");
    assert(short?.backorderedBaseQty === "20", `the short line backorders 20, got ${short?.backorderedBaseQty}`);
    const heldOrder = await enterSalesOrder(tx, s, { entityId, customerId: held.id, channel: "phone", orderDate: ORDER_DATE,
      lines: [{ itemId: stockedItemId, warehouseId, uom: "EA", qty: "1" }] });
    assert(heldOrder.order.status === "credit_hold", "the stretched customer's order is on credit hold");
    return {
      customerId: customer.id, heldCustomerId: held.id, warehouseId, stockedItemId, shortItemId, substituteItemId, quoteId: quote.quote.id,
      orderId: order.order.id, allocatedLineId: allocated.id, backorderedLineId: short.id, heldOrderId: heldOrder.order.id,
    };
  });
  return { ...base, sales };
}
