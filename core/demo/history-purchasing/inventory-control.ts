// Monthly inventory control: a blind cycle count of a few items per warehouse (the warehouse
// counts; most lines agree, a few differ by a unit or two and post at once; about one count in four
// finds a shortage beyond tolerance, which waits as an inventory-variance exception until the
// controller posts it), and transfers between the warehouses of an entity where one has stock to
// spare and the other runs short (shipped now through the transit warehouse, received a week later).
import type { Tx } from "../../db/client";
import { createCountList, createTransferOrder, postCount, receiveTransferOrder, recordCounts, shipTransferOrder, submitCount } from "../../purchasing";
import { assert } from "../../shared/assert";
import { formatQty, QTY_SCALE } from "../../shared/quantity";
import { positionsOf } from "../history-sales/replenish";
import type { AssortmentItem } from "../history-sales/types";
import { addDays } from "../dates";
import type { PurchasingRun } from "./context";
import { levelsOf, sourceOf } from "./ordering";

const COUNT_ITEMS = 6;
/** |variance value| per line above which a count waits for review (base minor units). */
const COUNT_TOLERANCE_MINOR = 25_000n;
const TRANSFER_LINES_MAX = 5;
const WEEK_DAYS = 7;

type Position = { onHand: bigint; allocated: bigint; waiting: bigint };

function countedQty(run: PurchasingRun, key: string, index: number, position: Position, shortage: boolean): bigint {
  const free = position.onHand - position.allocated - position.waiting;
  if (shortage && index === 0 && free >= 10n * QTY_SCALE) return position.onHand - (free * 3n) / 10n / QTY_SCALE * QTY_SCALE;
  const random = run.random.fork(`count:${key}:${index}`);
  if (random.chance(0.8)) return position.onHand;
  const delta = BigInt(random.pick([-2, -1, 1, 1, 2])) * QTY_SCALE;
  return delta < 0n && free < 2n * -delta ? position.onHand : position.onHand + delta;
}

async function countWarehouse(tx: Tx, run: PurchasingRun, warehouseCode: string, date: string): Promise<void> {
  const key = `${warehouseCode}:${date}`;
  const random = run.random.fork(`count:${key}`);
  const candidates = run.sales.entity.assortment.filter((a) => a.warehouseCode === warehouseCode && !a.specialOrder);
  const warehouseId = run.sales.warehouseId(warehouseCode);
  const positions = await positionsOf(tx, warehouseId, candidates.map((a) => run.sales.itemId(a.sku)));
  const stocked = candidates.filter((a) => (positions.get(run.sales.itemId(a.sku))?.onHand ?? 0n) > 0n);
  const chosen = random.shuffle(stocked).slice(0, COUNT_ITEMS);
  if (chosen.length === 0) return;
  const itemIds = chosen.map((a) => run.sales.itemId(a.sku));
  const count = await createCountList(tx, run.people.warehouse, {
    entityId: run.sales.entityId, warehouseId, itemIds, blind: true, countDate: date, toleranceMinor: COUNT_TOLERANCE_MINOR,
  });
  const shortage = random.chance(0.25);
  await recordCounts(tx, run.people.warehouse, {
    countId: count.id,
    lines: itemIds.map((itemId, index) => ({ itemId, baseQtyCounted: formatQty(countedQty(run, key, index, positions.get(itemId) as Position, shortage)) })),
  });
  const submitted = await submitCount(tx, run.people.warehouse, { countId: count.id });
  if (submitted.exceptionId !== null) {
    await postCount(tx, run.people.controller, { countId: count.id, note: "Recounted with the warehouse lead; shortage confirmed (damaged cases written off)" });
  }
  run.stats.counts++;
}

type Candidate = { item: AssortmentItem; itemId: number; qty: bigint };

function transferCandidates(run: PurchasingRun, from: string, to: string, fromPositions: Map<number, Position>, toPositions: Map<number, Position>, date: string): Candidate[] {
  const toItems = new Map(run.sales.entity.assortment.filter((a) => a.warehouseCode === to && !a.specialOrder).map((a) => [a.sku, a]));
  const candidates: Candidate[] = [];
  for (const source of run.sales.entity.assortment.filter((a) => a.warehouseCode === from && !a.specialOrder)) {
    const target = toItems.get(source.sku);
    if (!target) continue;
    const itemId = run.sales.itemId(source.sku);
    const pack = BigInt(target.packBaseQty) * QTY_SCALE;
    const f = fromPositions.get(itemId) as Position;
    const t = toPositions.get(itemId) as Position;
    // What the source holds above its can-order level is spare: it will not reorder for it soon.
    const spare = f.onHand - f.allocated - f.waiting - levelsOf(source, sourceOf(run, source, date).leadTimeDays).canOrder;
    const toLevels = levelsOf(target, sourceOf(run, target, date).leadTimeDays);
    const short = toLevels.reorderPoint - (t.onHand - t.allocated - t.waiting + run.onOrder(run.sales.warehouseId(to), itemId));
    const qty = ((spare < short ? spare : short) / pack) * pack;
    if (short > 0n && qty > 0n) candidates.push({ item: target, itemId, qty });
  }
  return candidates.slice(0, TRANSFER_LINES_MAX);
}

async function transferBetween(tx: Tx, run: PurchasingRun, from: string, to: string, date: string): Promise<void> {
  const fromId = run.sales.warehouseId(from);
  const toId = run.sales.warehouseId(to);
  const ids = [...new Set(run.sales.entity.assortment.map((a) => run.sales.itemId(a.sku)))];
  const candidates = transferCandidates(run, from, to, await positionsOf(tx, fromId, ids), await positionsOf(tx, toId, ids), date);
  if (candidates.length === 0) return;
  const key = `${from}-${to}:${date}`;
  const order = await createTransferOrder(tx, run.people.warehouse, {
    entityId: run.sales.entityId, fromWarehouseId: fromId, toWarehouseId: toId, expectedDate: addDays(date, WEEK_DAYS), idempotencyKey: `demo-p2p:transfer:${key}`,
    lines: candidates.map((c) => ({ itemId: c.itemId, baseQty: formatQty(c.qty) })),
  });
  await shipTransferOrder(tx, run.people.warehouse, { transferOrderId: order.id, shipDate: date, idempotencyKey: `demo-p2p:transfer-ship:${key}` });
  run.inTransit.push({ transferOrderId: order.id, key, receiveOn: addDays(date, WEEK_DAYS), toWarehouseId: toId, lines: candidates.map((c) => ({ itemId: c.itemId, qty: c.qty })) });
  run.stats.transfers++;
}

/** Receives the transfers that arrive by `date` (everything in transit). */
export async function receiveTransfers(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  for (const transfer of run.inTransit.filter((t) => t.receiveOn <= date)) {
    await receiveTransferOrder(tx, run.people.warehouse, { transferOrderId: transfer.transferOrderId, receiptDate: date, idempotencyKey: `demo-p2p:transfer-receive:${transfer.key}` });
    run.inTransit.splice(run.inTransit.indexOf(transfer), 1);
  }
}

/** The month's counts in every warehouse and transfers both ways between each pair of warehouses. */
export async function monthlyInventoryControl(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  const codes = [...new Set(run.sales.entity.assortment.map((a) => a.warehouseCode))].sort();
  for (const code of codes) await countWarehouse(tx, run, code, date);
  for (const from of codes) {
    for (const to of codes) if (from !== to) await transferBetween(tx, run, from, to, date);
  }
  assert(codes.length > 0, `${run.entityCode} has warehouses with an assortment`);
}
