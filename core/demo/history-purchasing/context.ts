// What the procure-to-pay history carries for one entity while the sales history's day loop runs:
// the people acting, which supplier sells each item, and the open work (purchase orders still to
// arrive, receipts still to be invoiced, held invoices, transfers in transit) kept in memory so the
// weekly step needs no query to find it. One PurchasingRun per sales EntityRun, made on its first
// replenishment day (inside that day's transaction).
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { SYSTEM_ACTOR, type Actor } from "../../governance";
import { listUsers } from "../../governance/queries/list-users";
import { legalEntity, supplier } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { createRandom, type Random } from "../random";
import type { EntityRun } from "../history-sales/context";

export const PURCHASING_STREAM = "history-purchasing";
export const SUPPLIERS_MAX = 500;

export type PurchasingPeople = Record<"admin" | "exec" | "controller" | "planner" | "buyer" | "warehouse", Actor>;

export type SupplierInfo = { id: number; code: string; name: string; currency: string; leadTimeDays: number; paymentTermCode: string };

/** A PO line still to arrive, in base units of the item. */
export type OpenLine = { poLineId: number; itemId: number; orderedQty: bigint; receivedQty: bigint; unitPriceMinor: bigint; packQty: bigint };

/** When and how much of an order arrives: planned when the order is placed, keyed by its business key. */
export type Arrival = { date: string; share: "all" | "part" };

export type OpenOrder = {
  key: string;
  poId: number;
  supplier: SupplierInfo;
  warehouseCode: string;
  warehouseId: number;
  lines: OpenLine[];
  arrivals: Arrival[];
  /** Receipts made so far (partial arrivals): names the next receipt's key. */
  receipts: number;
  landedCost: boolean;
};

export type ReceiptLineToInvoice = { poLineId: number; itemId: number; baseQty: bigint; unitPriceMinor: bigint; packQty: bigint };

export type ReceiptToInvoice = { key: string; receiptId: number; supplier: SupplierInfo; invoiceOn: string; lines: ReceiptLineToInvoice[] };

/** An invoice held as a match exception, decided on `decideOn`. */
export type HeldInvoice = { key: string; invoiceId: number; decideOn: string; decision: "accept" | "reject"; corrected: ReceiptToInvoice | null };

export type TransferInTransit = { transferOrderId: number; key: string; receiveOn: string; toWarehouseId: number; lines: { itemId: number; qty: bigint }[] };

export type PurchasingStats = Record<"orders" | "approvals" | "receipts" | "lateReceipts" | "invoices" | "matchExceptions" | "landedCosts" | "paymentRuns" | "transfers" | "counts", number>;

export function emptyPurchasingStats(): PurchasingStats {
  return { orders: 0, approvals: 0, receipts: 0, lateReceipts: 0, invoices: 0, matchExceptions: 0, landedCosts: 0, paymentRuns: 0, transfers: 0, counts: 0 };
}

export async function purchasingPeople(tx: Tx): Promise<PurchasingPeople> {
  const users = await listUsers(tx, SYSTEM_ACTOR, { limit: 50 });
  const actorOf = (username: string): Actor => {
    const user = users.find((u) => u.username === username);
    assert(user !== undefined, `demo user ${username} was not created`);
    return { userId: user.id, username: user.username, roles: user.roles };
  };
  return { admin: actorOf("admin"), exec: actorOf("exec"), controller: actorOf("controller"), planner: actorOf("planner"), buyer: actorOf("buyer"), warehouse: actorOf("warehouse") };
}

async function suppliersOf(tx: Tx, entityId: number): Promise<SupplierInfo[]> {
  const rows = await tx.select({ id: supplier.id, code: supplier.code, name: supplier.name, currency: supplier.currency, leadTimeDays: supplier.leadTimeDays, paymentTermCode: supplier.paymentTermCode })
    .from(supplier).where(and(eq(supplier.entityId, entityId), eq(supplier.active, true))).orderBy(supplier.code).limit(SUPPLIERS_MAX);
  return rows;
}

export class PurchasingRun {
  readonly openOrders: OpenOrder[] = [];
  readonly toInvoice: ReceiptToInvoice[] = [];
  readonly held: HeldInvoice[] = [];
  readonly inTransit: TransferInTransit[] = [];
  /** Supplier per "WAREHOUSE|SKU" and date: the importer once its currency has rates, else the domestic one. */
  readonly supplierOf = new Map<string, { domestic: SupplierInfo; importer: SupplierInfo | null }>();
  /** The first date an importer's currency has a rate: it is bought from only from then on. */
  readonly importFrom = new Map<number, string | null>();
  readonly rebateAgreements: { id: number; periodEnd: string; settled: boolean }[] = [];
  readonly random: Random;
  transitWarehouseId = 0;
  stats = emptyPurchasingStats();

  constructor(readonly sales: EntityRun, readonly people: PurchasingPeople, readonly suppliers: SupplierInfo[], readonly baseCurrency: string) {
    this.random = createRandom(sales.plan.seed).fork(`${PURCHASING_STREAM}:${sales.entity.entityCode}`);
  }

  static async load(tx: Tx, sales: EntityRun): Promise<PurchasingRun> {
    const people = await purchasingPeople(tx);
    const suppliers = await suppliersOf(tx, sales.entityId);
    assert(suppliers.length > 0, `${sales.entity.entityCode} has suppliers`);
    const [entity] = await tx.select({ baseCurrency: legalEntity.baseCurrency }).from(legalEntity).where(eq(legalEntity.id, sales.entityId)).limit(1);
    assert(entity !== undefined, `legal entity ${sales.entityId}`);
    return new PurchasingRun(sales, people, suppliers, entity.baseCurrency);
  }

  get entityCode(): string {
    return this.sales.entity.entityCode;
  }

  /** Base units of an item still to arrive in a warehouse on open orders. */
  onOrder(warehouseId: number, itemId: number): bigint {
    let qty = 0n;
    for (const order of this.openOrders) {
      if (order.warehouseId !== warehouseId) continue;
      for (const line of order.lines) if (line.itemId === itemId) qty += line.orderedQty - line.receivedQty;
    }
    for (const transfer of this.inTransit) {
      if (transfer.toWarehouseId !== warehouseId) continue;
      for (const line of transfer.lines) if (line.itemId === itemId) qty += line.qty;
    }
    return qty;
  }
}

/** One PurchasingRun per sales run; made on the first replenishment day. */
const runs = new WeakMap<EntityRun, PurchasingRun>();

export function purchasingRunOf(sales: EntityRun): PurchasingRun | undefined {
  return runs.get(sales);
}

export function rememberPurchasingRun(sales: EntityRun, run: PurchasingRun): void {
  assert(!runs.has(sales), "one purchasing run per entity run");
  runs.set(sales, run);
}
