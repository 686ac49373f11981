// Fixtures for the fulfilment, invoicing, collections and returns tests, on top of the order
// desk fixture (tests/support/sales-fixture.ts): a sales tax code, a customer group, a taxed USD
// customer and a EUR customer with exchange rates, orders entered through enterSalesOrder, and
// helpers that read back the journal lines a command posted and check both subledgers reconcile.
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../core/db/client";
import { journalLine } from "../../core/db/schema";
import { inTransaction } from "../../core/db/transaction";
import { SYSTEM_ACTOR, type Actor } from "../../core/governance/permissions";
import { inventoryReconciliation } from "../../core/inventory";
import { createMaster } from "../../core/masters";
import { enterSalesOrder, type EnteredSalesOrder } from "../../core/sales";
import { createPickList, shipShipment, type ShipmentDetail } from "../../core/sales/fulfilment";
import { invoiceShipment, type InvoiceDetail } from "../../core/sales/invoicing";
import { arReconciliation } from "../../core/sales/receivables";
import { createSalesFixture, receive, type SalesFixture } from "./sales-fixture";

/** 6.25% sales tax. */
export const TAX_RATE_PPM = 62_500n;
/** EUR 1 = USD 1.10 from January, USD 1.20 from June 2026. */
export const EUR_RATE_JAN_PPM = 1_100_000n;
export const EUR_RATE_JUN_PPM = 1_200_000n;

export type DocumentsFixture = SalesFixture & {
  taxCodeId: number;
  customerGroupId: number;
  /** USD, gold tier, taxed at TAX_RATE_PPM, in the customer group. */
  taxedCustomerId: number;
  /** EUR, silver tier, no tax. */
  euroCustomerId: number;
  /** Holds sales.receivables:write (invoices, payments, credit memos). */
  billing: Actor;
};

export async function createDocumentsFixture(db: Db, code: string): Promise<DocumentsFixture> {
  const fx = await createSalesFixture(db, { code });
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`insert into currency (code, name, minor_unit_digits) values ('EUR', 'Euro', 2) on conflict do nothing`);
    await tx.execute(sql`insert into exchange_rate (from_currency, to_currency, rate_date, rate_ppm)
      values ('EUR', 'USD', '2026-01-01', ${EUR_RATE_JAN_PPM}), ('EUR', 'USD', '2026-06-01', ${EUR_RATE_JUN_PPM}) on conflict do nothing`);
    const tax = await createMaster(tx, SYSTEM_ACTOR, "taxCode", { entityId: fx.entityId, code: `${code}-ST`, name: "State sales tax", ratePpm: TAX_RATE_PPM });
    const group = await createMaster(tx, SYSTEM_ACTOR, "customerGroup", { code: `${code}-TRADE`, name: "Trade" });
    const taxed = await createMaster(tx, SYSTEM_ACTOR, "customer", {
      entityId: fx.entityId, code: `${code}-TAX`, name: `Taxed ${code}`, tier: "gold", currency: "USD", creditLimitMinor: 100_000_000n,
      paymentTermCode: "NET30", priceListId: fx.priceListId, taxCodeId: tax.id, groupId: group.id,
    });
    const euro = await createMaster(tx, SYSTEM_ACTOR, "customer", {
      entityId: fx.entityId, code: `${code}-EUR`, name: `Euro ${code}`, tier: "silver", currency: "EUR", creditLimitMinor: 100_000_000n,
      paymentTermCode: "NET30", priceListId: fx.priceListId,
    });
    return { ...fx, taxCodeId: tax.id, customerGroupId: group.id, taxedCustomerId: taxed.id, euroCustomerId: euro.id, billing: fx.users.controller };
  });
}

export type OrderLineSpec = { itemId: number; warehouseId?: number; uom?: string; qty: string; unitPriceMinor?: bigint };

/** Enters a released order through the order desk; its lines allocate what stock allows. */
export async function enterOrder(db: Db, fx: DocumentsFixture, customerId: number, lines: OrderLineSpec[], orderDate = "2026-03-02"): Promise<EnteredSalesOrder> {
  const entered = await inTransaction(db, (tx) => enterSalesOrder(tx, fx.users.clerk, {
    entityId: fx.entityId, customerId, channel: "phone", orderDate,
    lines: lines.map((l) => ({ itemId: l.itemId, warehouseId: l.warehouseId ?? fx.warehouseIds[0], uom: l.uom ?? "EA", qty: l.qty })),
  }));
  assert.equal(entered.order.status, "released", `order entered on hold: ${JSON.stringify(entered.warnings)}`);
  return entered;
}

export { receive };

/** Picks and ships everything allocated to an order in warehouse A. */
export async function shipAll(db: Db, fx: DocumentsFixture, orderId: number, shipDate: string): Promise<ShipmentDetail> {
  const pick = await inTransaction(db, (tx) => createPickList(tx, fx.users.receiver, { orderId, warehouseId: fx.warehouseIds[0] }));
  return inTransaction(db, (tx) => shipShipment(tx, fx.users.receiver, { shipmentId: pick.id, shipDate }));
}

/** An order entered, shipped in full and invoiced: the quickest way to an open invoice. */
export async function invoicedOrder(db: Db, fx: DocumentsFixture, customerId: number, lines: OrderLineSpec[], dates: { orderDate?: string; invoiceDate: string }): Promise<InvoiceDetail> {
  const entered = await enterOrder(db, fx, customerId, lines, dates.orderDate ?? dates.invoiceDate);
  const shipment = await shipAll(db, fx, entered.order.id, dates.invoiceDate);
  return inTransaction(db, (tx) => invoiceShipment(tx, fx.billing, { shipmentId: shipment.id, invoiceDate: dates.invoiceDate }));
}

/** Journal lines of one entry as [accountId, debit, credit], sorted, for deepEqual. */
export async function journalLinesOf(db: Db, entryId: number | null | undefined): Promise<[number, bigint, bigint][]> {
  assert.ok(entryId, "the command posted a journal entry");
  const rows = await db.select().from(journalLine).where(eq(journalLine.entryId, entryId));
  return sortLines(rows.map((r) => [r.accountId, r.debitMinor, r.creditMinor]));
}

/** Journal lines with their document-currency amounts: [accountId, debit, credit, documentDebit, documentCredit]. */
export async function documentLinesOf(db: Db, entryId: number | null | undefined): Promise<DocumentLine[]> {
  assert.ok(entryId, "the command posted a journal entry");
  const rows = await db.select().from(journalLine).where(eq(journalLine.entryId, entryId));
  return sortDocumentLines(rows.map((r): DocumentLine => [r.accountId, r.debitMinor, r.creditMinor, r.documentDebitMinor, r.documentCreditMinor]));
}

export type DocumentLine = [number, bigint, bigint, bigint, bigint];

export function sortDocumentLines(lines: DocumentLine[]): DocumentLine[] {
  return [...lines].sort((a, b) => a[0] - b[0] || Number(a[1] - b[1]) || Number(a[2] - b[2]) || Number(a[3] - b[3]) || Number(a[4] - b[4]));
}

export function sortLines(lines: [number, bigint, bigint][]): [number, bigint, bigint][] {
  return [...lines].sort((a, b) => a[0] - b[0] || Number(a[1] - b[1]) || Number(a[2] - b[2]));
}

/** Open AR = AR control (total, per customer), unapplied cash = deposits, stock value = inventory accounts. */
export async function assertSubledgersReconcile(db: Db, entityId: number): Promise<void> {
  const ar = await inTransaction(db, (tx) => arReconciliation(tx, entityId));
  assert.equal(ar.differenceMinor, 0n, `open AR ${ar.openArBaseMinor} vs AR control ${ar.glArMinor}`);
  assert.deepEqual(ar.customersOutOfBalance, []);
  assert.equal(ar.depositsDifferenceMinor, 0n, `unapplied cash ${ar.unappliedCashBaseMinor} vs deposits ${ar.glDepositsMinor}`);
  const stock = await inTransaction(db, (tx) => inventoryReconciliation(tx, entityId));
  assert.equal(stock.differenceMinor, 0n, `stock ${stock.stockValueMinor} vs GL ${stock.glInventoryMinor}`);
}
