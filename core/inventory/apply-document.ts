import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { requirePermission, type Actor } from "../governance/permissions";
import { postEvent } from "../ledger/posting/post-event";
import { assert } from "../shared/assert";
import { DomainError } from "../shared/errors";
import { formatQty, type QtyScaled } from "../shared/quantity";
import { InventoryError } from "./errors";
import { costLayer, inventoryDocument, stockMovement } from "./schema";
import {
  DOCUMENT_LINES_MAX, KIND_PREFIX, averageUnitCostMinor, extendedValue, insufficient, issueFrom, keyOf, loadContext, lockPositions,
  receiveInto, revalue, type Context, type StockDocumentInput, type StockDocumentResult, type StockOperation, type ValuedLine,
} from "./stock-engine";
import type { Position } from "./valuation";

type MovementDraft = { lineNumber: number; itemId: number; warehouseId: number; locationId: number | null; qty: QtyScaled; valueMinor: bigint; revaluation?: boolean };

function positionFor(positions: Map<string, Position>, itemId: number, warehouseId: number): Position {
  const position = positions.get(keyOf(itemId, warehouseId));
  assert(position !== undefined, "position was locked for every operation");
  return position;
}

function takeOut(ctx: Context, position: Position, index: number, qty: QtyScaled, fromAllocated: boolean): bigint {
  const available = fromAllocated ? position.qtyAllocated : position.qtyOnHand - position.qtyAllocated;
  if (qty > available) throw insufficient(ctx, position, index, qty, available);
  if (fromAllocated) position.qtyAllocated -= qty;
  return issueFrom(position, qty);
}

/** Applies the operations to the locked positions in memory; pure apart from the thrown errors. */
export function applyOperations(ctx: Context, positions: Map<string, Position>, operations: StockOperation[]): { valued: ValuedLine[]; movements: MovementDraft[] } {
  const valued: ValuedLine[] = [];
  const movements: MovementDraft[] = [];
  operations.forEach((op, index) => {
    const categoryId = ctx.items.get(op.itemId)?.categoryId;
    assert(categoryId !== undefined, "item info loaded for every operation");
    const source = positionFor(positions, op.itemId, op.warehouseId);
    if (op.op === "revalue") {
      if (source.qtyOnHand === 0n) {
        throw new DomainError(InventoryError.NOTHING_TO_REVALUE, "unprocessable", `lines.${index}: item ${op.itemId} has no stock on hand in warehouse ${op.warehouseId} to revalue`);
      }
      if (source.valueMinor + op.valueDeltaMinor < 0n) {
        throw new DomainError(InventoryError.REVALUATION_NEGATIVE, "unprocessable", `lines.${index}.valueDeltaMinor: would make the stock value negative`);
      }
      revalue(source, op.valueDeltaMinor);
      movements.push({ lineNumber: movements.length + 1, itemId: op.itemId, warehouseId: op.warehouseId, locationId: null, qty: 0n, valueMinor: op.valueDeltaMinor, revaluation: true });
      valued.push({ lineIndex: index, op: op.op, itemId: op.itemId, itemCategoryId: categoryId, warehouseId: op.warehouseId, toWarehouseId: null, valueMinor: op.valueDeltaMinor });
      return;
    }
    if (op.op === "in") {
      const unitCost = op.unitCostMinor ?? averageUnitCostMinor(source);
      if (op.valueMinor === undefined && unitCost === null) {
        throw new DomainError(InventoryError.ADJUSTMENT_COST_REQUIRED, "invalid", `lines.${index}.unitCostMinor: required when the item has no stock to take an average cost from`);
      }
      const valueMinor = op.valueMinor ?? extendedValue(op.qty, unitCost ?? 0n);
      receiveInto(source, op.qty, valueMinor, movements.length + 1);
      movements.push({ lineNumber: movements.length + 1, itemId: op.itemId, warehouseId: op.warehouseId, locationId: op.locationId ?? null, qty: op.qty, valueMinor });
      valued.push({ lineIndex: index, op: op.op, itemId: op.itemId, itemCategoryId: categoryId, warehouseId: op.warehouseId, toWarehouseId: null, valueMinor });
      return;
    }
    const valueMinor = takeOut(ctx, source, index, op.qty, op.op === "out" && op.fromAllocated === true);
    movements.push({ lineNumber: movements.length + 1, itemId: op.itemId, warehouseId: op.warehouseId, locationId: op.op === "out" ? op.locationId ?? null : null, qty: -op.qty, valueMinor: -valueMinor });
    if (op.op === "move") {
      const target = positionFor(positions, op.itemId, op.toWarehouseId);
      receiveInto(target, op.qty, valueMinor, movements.length + 1);
      movements.push({ lineNumber: movements.length + 1, itemId: op.itemId, warehouseId: op.toWarehouseId, locationId: null, qty: op.qty, valueMinor });
    }
    valued.push({ lineIndex: index, op: op.op, itemId: op.itemId, itemCategoryId: categoryId, warehouseId: op.warehouseId,
      toWarehouseId: op.op === "move" ? op.toWarehouseId : null, valueMinor });
  });
  return { valued, movements };
}

async function replayed(tx: Tx, entityId: number, idempotencyKey: string): Promise<StockDocumentResult | null> {
  const [doc] = await tx.select().from(inventoryDocument)
    .where(and(eq(inventoryDocument.entityId, entityId), eq(inventoryDocument.idempotencyKey, idempotencyKey))).limit(1);
  if (!doc) return null;
  const rows = await tx.select().from(stockMovement).where(eq(stockMovement.documentId, doc.id)).orderBy(stockMovement.lineNumber);
  return {
    documentId: doc.id, documentNumber: doc.documentNumber, journalEntryId: doc.journalEntryId, replayed: true,
    movements: rows.map((m) => ({ itemId: m.itemId, warehouseId: m.warehouseId, qty: m.qty, valueMinor: m.valueMinor })),
  };
}

async function writeBalances(tx: Tx, positions: Map<string, Position>): Promise<void> {
  const values = sql.join([...positions.values()].map((p) =>
    sql`(${p.itemId}::int8, ${p.warehouseId}::int8, ${formatQty(p.qtyOnHand)}::numeric, ${formatQty(p.qtyAllocated)}::numeric, ${p.valueMinor.toString()}::int8)`), sql`, `);
  const updated = await tx.execute(sql`update stock_balance b set qty_on_hand = v.qty, qty_allocated = v.allocated, value_minor = v.value, updated_at = now()
    from (values ${values}) as v(item_id, warehouse_id, qty, allocated, value)
    where b.item_id = v.item_id and b.warehouse_id = v.warehouse_id`);
  assert(updated.count === positions.size, "every locked balance row was updated");
}

async function writeLayers(tx: Tx, entityId: number, positions: Map<string, Position>, movementIds: Map<number, number>): Promise<void> {
  const fresh = [];
  const changed = [];
  for (const p of positions.values()) {
    for (const layer of p.layers ?? []) {
      if (layer.id === null) {
        const movementId = movementIds.get(layer.createdByLine ?? -1);
        assert(movementId !== undefined, "a new layer points at the movement that created it");
        fresh.push({ entityId, itemId: p.itemId, warehouseId: p.warehouseId, movementId, qtyReceived: formatQty(layer.qtyReceived),
          qtyRemaining: formatQty(layer.qtyRemaining), valueRemainingMinor: layer.valueRemainingMinor });
      } else if (layer.changed) {
        changed.push(sql`(${layer.id}::int8, ${formatQty(layer.qtyRemaining)}::numeric, ${layer.valueRemainingMinor.toString()}::int8)`);
      }
    }
  }
  if (fresh.length > 0) await tx.insert(costLayer).values(fresh);
  if (changed.length > 0) {
    await tx.execute(sql`update cost_layer c set qty_remaining = v.qty, value_remaining_minor = v.value
      from (values ${sql.join(changed, sql`, `)}) as v(id, qty, value) where c.id = v.id`);
  }
}

/**
 * The stock ledger's single write path: locks the positions, values the movements
 * (moving average or FIFO), posts the journal entry through the posting engine and
 * writes document, movements, layers and balances, all in the caller's transaction.
 */
export async function applyStockDocument(tx: Tx, actor: Actor, input: StockDocumentInput): Promise<StockDocumentResult> {
  requirePermission(actor, "inventory:write");
  assert(input.operations.length > 0, "a stock document has at least one line");
  assert(input.operations.length <= DOCUMENT_LINES_MAX, "stock document exceeds DOCUMENT_LINES_MAX lines");
  if (input.idempotencyKey) {
    const previous = await replayed(tx, input.entityId, input.idempotencyKey);
    if (previous) return previous;
  }
  const ctx = await loadContext(tx, input);
  const keys = new Map<string, { itemId: number; warehouseId: number }>();
  for (const op of input.operations) {
    keys.set(keyOf(op.itemId, op.warehouseId), { itemId: op.itemId, warehouseId: op.warehouseId });
    if (op.op === "move") keys.set(keyOf(op.itemId, op.toWarehouseId), { itemId: op.itemId, warehouseId: op.toWarehouseId });
  }
  const positions = await lockPositions(tx, input.entityId, [...keys.values()], ctx.fifo);
  const { valued, movements } = applyOperations(ctx, positions, input.operations);

  const [idRow] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('inventory_document', 'id')) as id`);
  const documentId = Number(idRow?.id);
  const documentNumber = `${KIND_PREFIX[input.kind]}-${ctx.entityCode}-${String(documentId).padStart(8, "0")}`;
  await tx.insert(inventoryDocument).values({
    id: documentId, entityId: input.entityId, documentNumber, kind: input.kind, documentDate: input.documentDate,
    warehouseId: input.warehouseId, toWarehouseId: input.toWarehouseId ?? null, reason: input.reason ?? null, reference: input.reference ?? null,
    upstreamType: input.upstreamType ?? null, upstreamId: input.upstreamId ?? null, idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  const entry = await postEvent(tx, actor, {
    entityId: input.entityId, postingDate: input.documentDate, description: `${documentNumber} ${input.description}`,
    sourceType: "inventory_document", sourceId: documentId,
  }, input.event(valued));
  const inserted = await tx.insert(stockMovement).values(movements.map((m) => ({
    entityId: input.entityId, documentId, lineNumber: m.lineNumber, movementType: m.revaluation ? "revaluation" : input.kind, itemId: m.itemId, warehouseId: m.warehouseId,
    locationId: m.locationId, qty: formatQty(m.qty), valueMinor: m.valueMinor, postingDate: input.documentDate, journalEntryId: entry?.id ?? null,
  }))).returning({ id: stockMovement.id, lineNumber: stockMovement.lineNumber });
  await writeLayers(tx, input.entityId, positions, new Map(inserted.map((r) => [r.lineNumber, r.id])));
  await writeBalances(tx, positions);
  if (entry) await tx.update(inventoryDocument).set({ journalEntryId: entry.id }).where(eq(inventoryDocument.id, documentId));
  return {
    documentId, documentNumber, journalEntryId: entry?.id ?? null, replayed: false,
    movements: movements.map((m) => ({ itemId: m.itemId, warehouseId: m.warehouseId, qty: formatQty(m.qty), valueMinor: m.valueMinor })),
  };
}
