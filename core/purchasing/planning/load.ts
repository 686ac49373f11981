// Batched reads for a planning run: every figure of every item and warehouse of the entity in
// a fixed number of queries (none per item). Keys are "itemId:warehouseId".
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { parseQty, type QtyScaled } from "../../shared/quantity";
import { SCHEDULED_RECEIPTS_MAX } from "../limits";
import { listScheduledReceipts } from "../orders/queries";
import { addDays, idArray } from "./sql";

export const pairKey = (itemId: number, warehouseId: number) => `${itemId}:${warehouseId}`;

/** How far back receipts count toward a supplier's lead-time statistics. */
export const LEAD_TIME_HISTORY_DAYS = 365;

export type PlanRow = {
  itemId: number; warehouseId: number; method: string; serviceLevelPpm: bigint; minQty: QtyScaled | null; maxQty: QtyScaled | null;
  orderCostMinor: bigint; holdingCostPpm: bigint; abcClass: string | null; replenishFromWarehouseId: number | null;
};

const qtyOrNull = (text: string | null) => (text === null ? null : parseQty(text));
const itemFilter = (column: ReturnType<typeof sql.raw>, itemIds: readonly number[] | null) =>
  itemIds === null ? sql`true` : sql`${column} = any(${idArray(itemIds)})`;

export async function loadPlans(tx: Tx, warehouseIds: readonly number[], itemIds: readonly number[] | null): Promise<Map<string, PlanRow>> {
  if (warehouseIds.length === 0) return new Map();
  const rows = await tx.execute<{
    item_id: string; warehouse_id: string; method: string; service_level_ppm: string; min_qty: string | null; max_qty: string | null;
    order_cost_minor: string; holding_cost_ppm: string; abc_class: string | null; replenish_from_warehouse_id: string | null;
  }>(sql`select p.item_id, p.warehouse_id, p.method, p.service_level_ppm, p.min_qty, p.max_qty, p.order_cost_minor, p.holding_cost_ppm,
           p.abc_class, p.replenish_from_warehouse_id
      from item_warehouse_plan p
     where p.warehouse_id = any(${idArray(warehouseIds)}) and ${itemFilter(sql.raw("p.item_id"), itemIds)}`);
  return new Map(rows.map((r) => [pairKey(Number(r.item_id), Number(r.warehouse_id)), {
    itemId: Number(r.item_id), warehouseId: Number(r.warehouse_id), method: r.method, serviceLevelPpm: BigInt(r.service_level_ppm),
    minQty: qtyOrNull(r.min_qty), maxQty: qtyOrNull(r.max_qty), orderCostMinor: BigInt(r.order_cost_minor), holdingCostPpm: BigInt(r.holding_cost_ppm),
    abcClass: r.abc_class, replenishFromWarehouseId: r.replenish_from_warehouse_id === null ? null : Number(r.replenish_from_warehouse_id),
  }]));
}

export type BalanceRow = { onHand: QtyScaled; allocated: QtyScaled; valueMinor: bigint };

export async function loadBalances(tx: Tx, entityId: number, itemIds: readonly number[]): Promise<Map<string, BalanceRow>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx.execute<{ item_id: string; warehouse_id: string; qty_on_hand: string; qty_allocated: string; value_minor: string }>(sql`
    select item_id, warehouse_id, qty_on_hand, qty_allocated, value_minor from stock_balance
     where entity_id = ${entityId} and item_id = any(${idArray(itemIds)})`);
  return new Map(rows.map((r) => [pairKey(Number(r.item_id), Number(r.warehouse_id)),
    { onHand: parseQty(r.qty_on_hand), allocated: parseQty(r.qty_allocated), valueMinor: BigInt(r.value_minor) }]));
}

type SumRow = { item_id: string; warehouse_id: string; qty: string };
const sums = (rows: SumRow[]) => new Map(rows.map((r) => [pairKey(Number(r.item_id), Number(r.warehouse_id)), parseQty(r.qty)]));

/** Item ids per listScheduledReceipts call, so one call stays well below its row limit. */
const SCHEDULED_RECEIPT_ITEMS_PER_CALL = 500;

/**
 * Purchase order quantity still to arrive (the supplier's confirmed quantity when there is one).
 * Approved orders come from purchasing's listScheduledReceipts, the rule ATP uses too. Drafts
 * and orders waiting for approval are read here as well (read-only): listScheduledReceipts
 * leaves them out because they cannot be promised to customers yet, but planning must count the
 * orders its accepted proposals raised, or every run would propose them again.
 */
export async function loadOpenPurchaseSupply(tx: Tx, entityId: number, itemIds: readonly number[], warehouseIds: readonly number[]): Promise<Map<string, QtyScaled>> {
  if (itemIds.length === 0 || warehouseIds.length === 0) return new Map();
  const supply = new Map<string, QtyScaled>();
  const add = (itemId: number, warehouseId: number, qty: QtyScaled) => {
    const key = pairKey(itemId, warehouseId);
    supply.set(key, (supply.get(key) ?? 0n) + qty);
  };
  for (let start = 0; start < itemIds.length; start += SCHEDULED_RECEIPT_ITEMS_PER_CALL) {
    const chunk = itemIds.slice(start, start + SCHEDULED_RECEIPT_ITEMS_PER_CALL);
    const receipts = await listScheduledReceipts(tx, { itemIds: chunk, warehouseIds });
    assert(receipts.length < SCHEDULED_RECEIPTS_MAX, "scheduled receipts hit their row limit: planning would undercount supply");
    for (const r of receipts) if (r.entityId === entityId) add(r.itemId, r.warehouseId, parseQty(r.openBaseQty));
  }
  const unapproved = await tx.execute<SumRow>(sql`
    select l.item_id, l.warehouse_id,
           sum(greatest(coalesce(l.confirmed_base_qty, l.base_qty_ordered) - l.base_qty_received - l.base_qty_cancelled, 0))::text as qty
      from purchase_order_line l join purchase_order o on o.id = l.purchase_order_id
     where o.entity_id = ${entityId} and o.status in ('draft', 'pending_approval')
       and l.item_id = any(${idArray(itemIds)}) and l.warehouse_id = any(${idArray(warehouseIds)})
     group by l.item_id, l.warehouse_id`);
  for (const r of unapproved) add(Number(r.item_id), Number(r.warehouse_id), parseQty(r.qty));
  return supply;
}

/** Transfer orders not yet received: inbound to the destination, and drafts still to leave the source. */
export async function loadTransferSupply(tx: Tx, entityId: number, itemIds: readonly number[]): Promise<{ inbound: Map<string, QtyScaled>; outbound: Map<string, QtyScaled> }> {
  if (itemIds.length === 0) return { inbound: new Map(), outbound: new Map() };
  const rows = await tx.execute<SumRow & { direction: string }>(sql`
    select 'in' as direction, l.item_id, t.to_warehouse_id as warehouse_id, sum(l.base_qty - l.base_qty_received)::text as qty
      from transfer_order_line l join transfer_order t on t.id = l.transfer_order_id
     where t.entity_id = ${entityId} and t.status in ('draft', 'shipped') and l.item_id = any(${idArray(itemIds)})
     group by l.item_id, t.to_warehouse_id
    union all
    select 'out', l.item_id, t.from_warehouse_id, sum(l.base_qty)::text
      from transfer_order_line l join transfer_order t on t.id = l.transfer_order_id
     where t.entity_id = ${entityId} and t.status = 'draft' and l.item_id = any(${idArray(itemIds)})
     group by l.item_id, t.from_warehouse_id`);
  return { inbound: sums(rows.filter((r) => r.direction === "in")), outbound: sums(rows.filter((r) => r.direction === "out")) };
}

/**
 * Open sales order quantity not allocated (ordered - shipped - cancelled - allocated).
 * Read-only from sales_order_line: quote-to-cash exposes no backlog query for planning yet.
 */
export async function loadBackorders(tx: Tx, entityId: number, warehouseIds: readonly number[], itemIds: readonly number[] | null): Promise<Map<string, QtyScaled>> {
  if (warehouseIds.length === 0) return new Map();
  const rows = await tx.execute<SumRow>(sql`
    select l.item_id, l.warehouse_id,
           sum(l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated)::text as qty
      from sales_order_line l join sales_order o on o.id = l.order_id
     where l.entity_id = ${entityId} and o.status not in ('shipped', 'closed', 'cancelled')
       and l.status not in ('shipped', 'cancelled') and l.warehouse_id = any(${idArray(warehouseIds)})
       and ${itemFilter(sql.raw("l.item_id"), itemIds)}
     group by l.item_id, l.warehouse_id
    having sum(l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled - l.base_qty_allocated) > 0`);
  return sums(rows);
}

export type SupplierOption = {
  supplierItemId: number; supplierId: number; supplierCode: string; supplierName: string; currency: string; itemId: number;
  uom: string; unitPriceMinor: bigint; orderMultiple: QtyScaled; minOrderQty: QtyScaled; preferred: boolean;
  itemLeadTimeDays: number | null; supplierLeadTimeDays: number;
};

/** Active supplier items of the entity's active suppliers, per item: preferred first, then oldest. */
export async function loadSupplierOptions(tx: Tx, entityId: number, itemIds: readonly number[]): Promise<Map<number, SupplierOption[]>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx.execute<{
    id: string; supplier_id: string; code: string; name: string; currency: string; item_id: string; uom: string; unit_price_minor: string;
    order_multiple: string; min_order_qty: string; preferred: boolean; item_lead: number | null; supplier_lead: number;
  }>(sql`
    select si.id, si.supplier_id, s.code, s.name, s.currency, si.item_id, si.uom, si.unit_price_minor, si.order_multiple, si.min_order_qty,
           si.preferred, si.lead_time_days as item_lead, s.lead_time_days as supplier_lead
      from supplier_item si join supplier s on s.id = si.supplier_id
     where s.entity_id = ${entityId} and s.active and si.active and si.item_id = any(${idArray(itemIds)})
     order by si.item_id, si.preferred desc, si.id`);
  const options = new Map<number, SupplierOption[]>();
  for (const r of rows) {
    const option: SupplierOption = {
      supplierItemId: Number(r.id), supplierId: Number(r.supplier_id), supplierCode: r.code, supplierName: r.name, currency: r.currency,
      itemId: Number(r.item_id), uom: r.uom, unitPriceMinor: BigInt(r.unit_price_minor), orderMultiple: parseQty(r.order_multiple),
      minOrderQty: parseQty(r.min_order_qty), preferred: r.preferred, itemLeadTimeDays: r.item_lead, supplierLeadTimeDays: r.supplier_lead,
    };
    const list = options.get(option.itemId);
    if (list) list.push(option);
    else options.set(option.itemId, [option]);
  }
  return options;
}

export type LeadTimeObservations = { count: number; meanDays: number; sdDays: number };

/** Lead-time actuals per supplier and item from receipts of the last year. */
export async function loadLeadTimes(tx: Tx, entityId: number, itemIds: readonly number[], asOf: string): Promise<Map<string, LeadTimeObservations>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx.execute<{ supplier_id: string; item_id: string; n: string; mean: string; sd: string | null }>(sql`
    select r.supplier_id, l.item_id, count(*)::text as n, avg(l.lead_time_days)::text as mean, stddev_samp(l.lead_time_days)::text as sd
      from purchase_receipt_line l join purchase_receipt r on r.id = l.receipt_id
     where r.entity_id = ${entityId} and l.item_id = any(${idArray(itemIds)})
       and r.receipt_date between ${addDays(asOf, -LEAD_TIME_HISTORY_DAYS)}::date and ${asOf}::date
     group by r.supplier_id, l.item_id`);
  return new Map(rows.map((r) => [`${r.supplier_id}:${r.item_id}`,
    { count: Number(r.n), meanDays: Number(r.mean), sdDays: r.sd === null ? 0 : Number(r.sd) }]));
}

export type ItemInfo = { id: number; sku: string; active: boolean; baseUom: string };

export async function loadItems(tx: Tx, itemIds: readonly number[]): Promise<Map<number, ItemInfo>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx.execute<{ id: string; sku: string; active: boolean; base_uom: string }>(sql`
    select id, sku, active, base_uom from item where id = any(${idArray(itemIds)})`);
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), sku: r.sku, active: r.active, baseUom: r.base_uom }]));
}

/** Base units per unit of each non-base unit an item is bought in: "itemId:uom" → scaled quantity. */
export async function loadUomFactors(tx: Tx, itemIds: readonly number[]): Promise<Map<string, QtyScaled>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx.execute<{ item_id: string; uom: string; base_qty_per_unit: string }>(sql`
    select item_id, uom, base_qty_per_unit from item_uom_conversion where active and item_id = any(${idArray(itemIds)})`);
  return new Map(rows.map((r) => [`${r.item_id}:${r.uom}`, parseQty(r.base_qty_per_unit)]));
}
