import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { requirePermission, type Actor } from "../governance/permissions";
import { postEvent } from "../ledger/posting/post-event";
import type { OperationalEvent } from "../ledger/posting/types";
import { item, legalEntity, location, warehouse } from "../masters/schema";
import { assert } from "../shared/assert";
import { DomainError } from "../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../shared/quantity";
import { InventoryError } from "./errors";
import { costLayer, inventoryDocument, stockBalance, stockMovement } from "./schema";
import { extendedValue, issueFrom, layersValue, receiveInto, revalue, averageUnitCostMinor, type CostLayerState, type Position } from "./valuation";

export const DOCUMENT_LINES_MAX = 2_000;

export type DocumentKind = "opening" | "receipt" | "issue" | "adjustment" | "transfer" | "revaluation" | "return";

export type StockOperation =
  /** valueMinor, when given, is the exact value received (e.g. PO price x rate); else qty x unitCostMinor. */
  | { op: "in"; itemId: number; warehouseId: number; locationId?: number | null; qty: QtyScaled; unitCostMinor: bigint | null; valueMinor?: bigint }
  | { op: "out"; itemId: number; warehouseId: number; locationId?: number | null; qty: QtyScaled; fromAllocated?: boolean }
  | { op: "move"; itemId: number; warehouseId: number; toWarehouseId: number; qty: QtyScaled }
  /** Value only, no quantity: landed cost on stock held (signed). */
  | { op: "revalue"; itemId: number; warehouseId: number; valueDeltaMinor: bigint };

export type ValuedLine = {
  lineIndex: number;
  op: StockOperation["op"];
  itemId: number;
  itemCategoryId: number;
  warehouseId: number;
  toWarehouseId: number | null;
  valueMinor: bigint;
};

export type StockDocumentInput = {
  entityId: number;
  kind: DocumentKind;
  documentDate: string;
  warehouseId: number;
  toWarehouseId?: number | null;
  reason?: string | null;
  reference?: string | null;
  upstreamType?: string | null;
  upstreamId?: number | null;
  idempotencyKey?: string | null;
  description: string;
  operations: StockOperation[];
  event: (lines: ValuedLine[]) => OperationalEvent;
};

export type StockMovementResult = { itemId: number; warehouseId: number; qty: string; valueMinor: bigint };

export type StockDocumentResult = {
  documentId: number;
  documentNumber: string;
  journalEntryId: number | null;
  movements: StockMovementResult[];
  replayed: boolean;
};

const KIND_PREFIX: Record<DocumentKind, string> = { opening: "OS", receipt: "RC", issue: "IS", adjustment: "AD", transfer: "TR", revaluation: "RV", return: "RT" };

type ItemInfo = { id: number; sku: string; categoryId: number; active: boolean };
type Context = { entityCode: string; fifo: boolean; items: Map<number, ItemInfo>; warehouseCodes: Map<number, string> };

const keyOf = (itemId: number, warehouseId: number) => `${itemId}:${warehouseId}`;

async function loadContext(tx: Tx, input: StockDocumentInput): Promise<Context> {
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, input.entityId)).limit(1);
  if (!entity) throw new DomainError(InventoryError.WAREHOUSE_ENTITY_MISMATCH, "not_found", `entityId: legal entity ${input.entityId} does not exist`);
  const warehouseIds = new Set<number>();
  for (const op of input.operations) {
    warehouseIds.add(op.warehouseId);
    if (op.op === "move") warehouseIds.add(op.toWarehouseId);
  }
  const warehouses = await tx.select().from(warehouse).where(inArray(warehouse.id, [...warehouseIds]));
  const warehouseCodes = new Map<number, string>();
  for (const id of warehouseIds) {
    const row = warehouses.find((w) => w.id === id);
    if (!row || !row.active) throw new DomainError(InventoryError.WAREHOUSE_NOT_FOUND, "unprocessable", `warehouseId: warehouse ${id} does not exist or is inactive`, { warehouseId: id });
    if (row.entityId !== input.entityId) {
      throw new DomainError(InventoryError.WAREHOUSE_ENTITY_MISMATCH, "unprocessable", `warehouseId: warehouse ${row.code} belongs to another entity`, { warehouseId: id });
    }
    warehouseCodes.set(id, row.code);
  }
  await checkLocations(tx, input.operations);
  const itemIds = [...new Set(input.operations.map((op) => op.itemId))];
  const itemRows = await tx.select({ id: item.id, sku: item.sku, categoryId: item.categoryId, active: item.active }).from(item).where(inArray(item.id, itemIds));
  const items = new Map(itemRows.map((r) => [r.id, r]));
  input.operations.forEach((op, index) => {
    const found = items.get(op.itemId);
    if (!found) throw new DomainError(InventoryError.ITEM_NOT_FOUND, "unprocessable", `lines.${index}.itemId: item ${op.itemId} does not exist`, { itemId: op.itemId });
    if (op.op === "in" && !found.active) throw new DomainError(InventoryError.ITEM_INACTIVE, "unprocessable", `lines.${index}.itemId: item ${found.sku} is inactive and cannot be received`, { itemId: op.itemId });
  });
  return { entityCode: entity.code, fifo: entity.valuationMethod === "fifo", items, warehouseCodes };
}

async function checkLocations(tx: Tx, operations: StockOperation[]): Promise<void> {
  const wanted = operations.flatMap((op, index) => ((op.op === "in" || op.op === "out") && op.locationId ? [{ index, locationId: op.locationId, warehouseId: op.warehouseId }] : []));
  if (wanted.length === 0) return;
  const rows = await tx.select().from(location).where(inArray(location.id, [...new Set(wanted.map((w) => w.locationId))]));
  for (const w of wanted) {
    const row = rows.find((r) => r.id === w.locationId);
    if (!row || row.warehouseId !== w.warehouseId || !row.active) {
      throw new DomainError(InventoryError.LOCATION_INVALID, "unprocessable", `lines.${w.index}.locationId: location ${w.locationId} is not an active location of the warehouse`, { locationId: w.locationId });
    }
  }
}

/** Ensures a balance row per position, then locks them all in (warehouse, item) order. */
async function lockPositions(tx: Tx, entityId: number, keys: { itemId: number; warehouseId: number }[], fifo: boolean): Promise<Map<string, Position>> {
  const pairs = sql.join(keys.map((k) => sql`(${k.itemId}::int8, ${k.warehouseId}::int8)`), sql`, `);
  await tx.execute(sql`insert into stock_balance (item_id, warehouse_id, entity_id)
    select v.item_id, v.warehouse_id, ${entityId} from (values ${pairs}) as v(item_id, warehouse_id)
    order by v.warehouse_id, v.item_id on conflict do nothing`);
  const rows = await tx.execute<{ item_id: string; warehouse_id: string; qty_on_hand: string; qty_allocated: string; value_minor: string }>(sql`
    select item_id, warehouse_id, qty_on_hand, qty_allocated, value_minor from stock_balance
     where (item_id, warehouse_id) in (${pairs}) order by warehouse_id, item_id for update`);
  const positions = new Map<string, Position>();
  for (const r of rows) {
    positions.set(keyOf(Number(r.item_id), Number(r.warehouse_id)), {
      itemId: Number(r.item_id), warehouseId: Number(r.warehouse_id), qtyOnHand: parseQty(r.qty_on_hand),
      qtyAllocated: parseQty(r.qty_allocated), valueMinor: BigInt(r.value_minor), layers: fifo ? [] : null,
    });
  }
  assert(positions.size === keys.length, "every position has a locked balance row");
  if (fifo) await loadLayers(tx, positions);
  return positions;
}

async function loadLayers(tx: Tx, positions: Map<string, Position>): Promise<void> {
  const itemIds = [...new Set([...positions.values()].map((p) => p.itemId))];
  const rows = await tx.select().from(costLayer).where(and(inArray(costLayer.itemId, itemIds), gt(costLayer.qtyRemaining, "0"))).orderBy(costLayer.id);
  for (const row of rows) {
    const position = positions.get(keyOf(row.itemId, row.warehouseId));
    if (!position?.layers) continue;
    position.layers.push({ id: row.id, qtyReceived: parseQty(row.qtyReceived), qtyRemaining: parseQty(row.qtyRemaining),
      valueRemainingMinor: row.valueRemainingMinor, createdByLine: null, changed: false });
  }
  for (const position of positions.values()) {
    const layers = layersValue(position.layers ?? []);
    assert(layers.qty === position.qtyOnHand, `FIFO layers qty matches on hand for item ${position.itemId}`);
    assert(layers.valueMinor === position.valueMinor, `FIFO layers value matches balance for item ${position.itemId}`);
  }
}

function insufficient(ctx: Context, op: { itemId: number; warehouseId: number }, index: number, requested: QtyScaled, available: QtyScaled): DomainError {
  const sku = ctx.items.get(op.itemId)?.sku ?? String(op.itemId);
  const code = ctx.warehouseCodes.get(op.warehouseId) ?? String(op.warehouseId);
  return new DomainError(InventoryError.INSUFFICIENT_STOCK, "unprocessable",
    `lines.${index}.qty: ${formatQty(requested)} of ${sku} requested in ${code}, only ${formatQty(available)} available`,
    { itemId: op.itemId, warehouseId: op.warehouseId, requested: formatQty(requested), available: formatQty(available) });
}

export { keyOf, loadContext, lockPositions, insufficient, KIND_PREFIX, extendedValue, averageUnitCostMinor, issueFrom, receiveInto, revalue };
export type { Context, CostLayerState };
