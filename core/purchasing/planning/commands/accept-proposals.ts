import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { item, supplier } from "../../../masters/schema";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, QTY_SCALE, type QtyScaled } from "../../../shared/quantity";
import { createPurchaseOrder, type PurchaseOrderResult } from "../../orders/create-purchase-order";
import { loadPurchaseOrderDetail } from "../../orders/queries";
import { supplierItem } from "../../schema";
import { insertTransferOrder } from "../../transfers/commands/create-transfer-order";
import { transferDetail, type TransferOrderDetail } from "../../transfers/store";
import { PlanningError } from "../errors";
import { loadUomFactors } from "../load";
import {
  checkEdits, entityTodayOf, lockProposals, markAccepted, ProposalEdit, ProposalIds, requireOpen, type ProposalRow,
} from "./decide-proposals";

export const AcceptProposalsInput = z.object({
  proposalIds: ProposalIds,
  /** Changes made while accepting, keyed by proposal id: another quantity (base units) or supplier. */
  edits: z.record(z.string().regex(/^\d+$/, "a proposal id"), ProposalEdit).default({}),
  /** The purchase orders' order date; the entity's today when omitted. */
  orderDate: z.iso.date().optional(),
  idempotencyKey: z.string().trim().min(1).max(150).optional(),
});

export type AcceptedProposals = {
  proposals: ProposalRow[];
  purchaseOrders: PurchaseOrderResult[];
  transferOrders: TransferOrderDetail[];
  replayed: boolean;
};

type Accepting = { row: ProposalRow; baseQty: QtyScaled; supplierId: number | null };
type Documents = Map<number, { purchaseOrderId?: number; transferOrderId?: number }>;

const purchaseKey = (key: string | undefined, supplierId: number) => (key ? `${key}/S${supplierId}` : undefined);
const transferKey = (key: string | undefined, fromId: number, toId: number) => (key ? `${key}/T${fromId}-${toId}` : null);

/** A retry with the same key finds every proposal accepted into documents carrying that key and returns them. */
async function replayOf(tx: Tx, rows: ProposalRow[], key: string | undefined): Promise<AcceptedProposals | null> {
  if (!key || rows.some((r) => r.status !== "accepted")) return null;
  const poIds = [...new Set(rows.flatMap((r) => (r.purchaseOrderId === null ? [] : [r.purchaseOrderId])))];
  const toIds = [...new Set(rows.flatMap((r) => (r.transferOrderId === null ? [] : [r.transferOrderId])))];
  const purchaseOrders = await Promise.all(poIds.map(async (id) => ({ ...(await loadPurchaseOrderDetail(tx, id)), replayed: true })));
  const transferOrders = await Promise.all(toIds.map((id) => transferDetail(tx, id)));
  const ours = [...purchaseOrders, ...transferOrders].every((d) => d.idempotencyKey?.startsWith(`${key}/`));
  return ours ? { proposals: rows, purchaseOrders, transferOrders, replayed: true } : null;
}

/** Per accepted buy: the supplier item it orders from (edits may change the supplier) and the unit to order in. */
async function orderLinesFor(tx: Tx, entityId: number, buys: Accepting[]) {
  const supplierIds = [...new Set(buys.map((b) => b.supplierId!))];
  const itemIds = [...new Set(buys.map((b) => b.row.itemId))];
  const terms = await tx.select({ terms: supplierItem, entityId: supplier.entityId, active: supplier.active }).from(supplierItem)
    .innerJoin(supplier, eq(supplier.id, supplierItem.supplierId))
    .where(and(inArray(supplierItem.supplierId, supplierIds), inArray(supplierItem.itemId, itemIds), eq(supplierItem.active, true)));
  const baseUoms = new Map((await tx.select({ id: item.id, baseUom: item.baseUom }).from(item).where(inArray(item.id, itemIds))).map((i) => [i.id, i.baseUom]));
  const factors = await loadUomFactors(tx, itemIds);
  return buys.map((buy) => {
    const found = terms.find((t) => t.terms.supplierId === buy.supplierId && t.terms.itemId === buy.row.itemId && t.entityId === entityId && t.active);
    if (!found) {
      throw new DomainError(PlanningError.SUPPLIER_INVALID, "unprocessable",
        `edits.${buy.row.id}.supplierId: supplier ${buy.supplierId} is not an active supplier of item ${buy.row.itemId} in this entity`, { proposalId: buy.row.id });
    }
    const baseUom = baseUoms.get(buy.row.itemId)!;
    const factor = found.terms.uom === baseUom ? QTY_SCALE : factors.get(`${buy.row.itemId}:${found.terms.uom}`);
    // Order in the supplier's unit when the quantity is whole in it (2 CS, not 24 EA); otherwise in base units.
    const scaled = buy.baseQty * QTY_SCALE;
    const inSupplierUnit = factor !== undefined && scaled % factor === 0n;
    return { buy, uom: inSupplierUnit ? found.terms.uom : baseUom, qty: formatQty(inSupplierUnit ? scaled / factor : buy.baseQty) };
  });
}

async function createPurchaseOrders(tx: Tx, actor: Actor, entityId: number, orderDate: string, buys: Accepting[], key: string | undefined, documents: Documents) {
  if (buys.length === 0) return [];
  const lines = await orderLinesFor(tx, entityId, buys);
  const bySupplier = new Map<number, typeof lines>();
  for (const line of lines) bySupplier.set(line.buy.supplierId!, [...(bySupplier.get(line.buy.supplierId!) ?? []), line]);
  const orders: PurchaseOrderResult[] = [];
  for (const [supplierId, group] of [...bySupplier].sort(([a], [b]) => a - b)) {
    const ids = group.map((l) => l.buy.row.id);
    const order = await createPurchaseOrder(tx, actor, {
      entityId, supplierId, orderDate, sourceProposalId: ids[0], idempotencyKey: purchaseKey(key, supplierId),
      note: `From replenishment proposal${ids.length > 1 ? "s" : ""} ${ids.join(", ")}`,
      lines: group.map((l) => ({ itemId: l.buy.row.itemId, warehouseId: l.buy.row.warehouseId, uom: l.uom, qty: l.qty })),
    });
    for (const id of ids) documents.set(id, { purchaseOrderId: order.id });
    orders.push(order);
  }
  return orders;
}

async function createTransferOrders(tx: Tx, actor: Actor, entityId: number, transfers: Accepting[], key: string | undefined, documents: Documents) {
  const byRoute = new Map<string, Accepting[]>();
  for (const t of transfers) {
    const route = `${t.row.fromWarehouseId}:${t.row.warehouseId}`;
    byRoute.set(route, [...(byRoute.get(route) ?? []), t]);
  }
  const orders: TransferOrderDetail[] = [];
  for (const group of byRoute.values()) {
    const first = group[0]!.row;
    const quantities = new Map<number, QtyScaled>();
    for (const t of group) quantities.set(t.row.itemId, (quantities.get(t.row.itemId) ?? 0n) + t.baseQty);
    const order = await insertTransferOrder(tx, actor, {
      entityId, fromWarehouseId: first.fromWarehouseId!, toWarehouseId: first.warehouseId, idempotencyKey: transferKey(key, first.fromWarehouseId!, first.warehouseId),
      expectedDate: group.map((t) => t.row.needByDate).sort()[0]!, lines: [...quantities].map(([itemId, baseQty]) => ({ itemId, baseQty })),
    });
    for (const t of group) documents.set(t.row.id, { transferOrderId: order.id });
    orders.push(order);
  }
  return orders;
}

/**
 * Accepts proposals, optionally edited: buys become purchase orders, one per supplier for this
 * acceptance with a line per proposal (through purchasing's createPurchaseOrder, so its
 * minimums, multiples and prices apply); transfers become draft transfer orders, one per route.
 * A proposal already decided is refused, so a proposal never orders twice; a retry with the
 * same idempotency key returns the first result.
 */
export async function acceptProposals(tx: Tx, actor: Actor, raw: z.input<typeof AcceptProposalsInput>): Promise<AcceptedProposals> {
  requirePermission(actor, "planning:write");
  const input = parseInput(AcceptProposalsInput, raw);
  const rows = await lockProposals(tx, input.proposalIds);
  const replay = await replayOf(tx, rows, input.idempotencyKey);
  if (replay) return replay;
  requireOpen(rows);
  checkEdits(input.proposalIds, input.edits, rows);
  const entityId = rows[0]!.entityId;
  const orderDate = input.orderDate ?? await entityTodayOf(tx, entityId);
  const accepting: Accepting[] = rows.map((row) => {
    const edit = input.edits[String(row.id)];
    return { row, baseQty: parseQty(edit?.baseQty ?? row.baseQty), supplierId: edit?.supplierId ?? row.supplierId };
  });
  const documents: Documents = new Map();
  const purchaseOrders = await createPurchaseOrders(tx, actor, entityId, orderDate, accepting.filter((a) => a.row.kind === "buy"), input.idempotencyKey, documents);
  const transferOrders = await createTransferOrders(tx, actor, entityId, accepting.filter((a) => a.row.kind === "transfer"), input.idempotencyKey, documents);
  const proposals = await markAccepted(tx, actor, rows, documents, input.edits);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "replenishment_proposal", objectId: input.proposalIds.join(","), entityId,
    before: { status: "proposed" }, after: { status: "accepted", edits: input.edits,
      purchaseOrders: purchaseOrders.map((o) => o.poNumber), transferOrders: transferOrders.map((o) => o.transferNumber) } });
  return { proposals, purchaseOrders, transferOrders, replayed: false };
}
