import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { registerApprovalHandler, submitApproval, type ApprovalHandler, type ApprovalRequestRow } from "../../governance/approvals";
import { hasPermission, requirePermission, type Actor } from "../../governance/permissions";
import { warehouse } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { divideRounded } from "../../shared/money";
import { formatQty, parseQty, QTY_SCALE } from "../../shared/quantity";
import { InventoryError } from "../errors";
import { approvalRequest } from "../../governance/schema";
import { inventoryDocument, stockBalance } from "../schema";
import { adjustStock, ADJUSTMENT_REASONS } from "./adjust-stock";
import { DocumentHeader, Id, SignedQty, UnitCostMinor, linesOf } from "./inputs";

export const RequestStockAdjustmentInput = z.object({
  ...DocumentHeader,
  warehouseId: Id,
  reason: z.enum(ADJUSTMENT_REASONS),
  note: z.string().trim().max(500).optional(),
  lines: linesOf(z.object({ itemId: Id, locationId: Id.optional(), qtyDelta: SignedQty, unitCostMinor: UnitCostMinor.optional() })),
});
type Input = z.output<typeof RequestStockAdjustmentInput>;

/** What the approval request carries and its handler posts: the adjustment exactly as requested. */
const AdjustmentPayload = z.object({
  entityId: Id, warehouseId: Id, documentDate: z.iso.date(), reason: z.enum(ADJUSTMENT_REASONS), note: z.string().optional(),
  reference: z.string().optional(),
  lines: z.array(z.object({ itemId: Id, locationId: Id.optional(), qtyDelta: z.string(), unitCostMinor: z.string().optional() })).min(1),
});
type AdjustmentPayload = z.output<typeof AdjustmentPayload>;

export type StockAdjustmentRequestResult = {
  status: "posted" | "pending_approval" | "rejected" | "cancelled";
  request: ApprovalRequestRow;
  /** The posted adjustment document, once approved. */
  document: { documentId: number; documentNumber: string; journalEntryId: number | null } | null;
  /** Sum of |line value| at current cost, base minor units: what the policy routed on. */
  valueMinor: bigint;
  replayed: boolean;
};

/**
 * The actor that posts an approved adjustment. The approval is the authority: an approver who
 * holds inventory.adjustments:approve (a controller) but not inventory:write posts this one
 * document with the warehouse role's stock write added, under their own name. Anyone else
 * posts as they are (and is refused if they cannot write stock).
 */
export function actorApprovedToAdjust(actor: Actor): Actor {
  if (hasPermission(actor, "inventory:write")) return actor;
  if (!hasPermission(actor, "inventory.adjustments:approve")) return actor;
  return { ...actor, roles: [...actor.roles, "warehouse"] };
}

const documentKeyOf = (requestId: number) => `approval-request-${requestId}`;

/** Values each line at the warehouse's current average cost (a gain at its stated cost) and refuses what adjustStock would refuse. */
async function valueLines(tx: Tx, input: Input): Promise<bigint> {
  const itemIds = [...new Set(input.lines.map((l) => l.itemId))];
  const balances = await tx.select().from(stockBalance)
    .where(and(eq(stockBalance.warehouseId, input.warehouseId), inArray(stockBalance.itemId, itemIds)));
  let total = 0n;
  input.lines.forEach((line, index) => {
    const balance = balances.find((b) => b.itemId === line.itemId);
    const onHand = balance ? parseQty(balance.qtyOnHand) : 0n;
    const value = balance?.valueMinor ?? 0n;
    if (line.qtyDelta > 0n) {
      const unitCost = line.unitCostMinor ?? (onHand > 0n ? divideRounded(value * QTY_SCALE, onHand, "halfEven") : null);
      if (unitCost === null) {
        throw new DomainError(InventoryError.ADJUSTMENT_COST_REQUIRED, "invalid", `lines.${index}.unitCostMinor: required when the item has no stock to take an average cost from`);
      }
      total += divideRounded(line.qtyDelta * unitCost, QTY_SCALE, "halfEven");
      return;
    }
    const available = onHand - (balance ? parseQty(balance.qtyAllocated) : 0n);
    if (-line.qtyDelta > available) {
      throw new DomainError(InventoryError.INSUFFICIENT_STOCK, "unprocessable", `lines.${index}.qtyDelta: ${formatQty(-line.qtyDelta)} to remove, only ${formatQty(available)} available`,
        { itemId: line.itemId, warehouseId: input.warehouseId });
    }
    total += divideRounded(value * -line.qtyDelta, onHand, "halfEven");
  });
  return total;
}

async function documentOf(tx: Tx, entityId: number, requestId: number): Promise<StockAdjustmentRequestResult["document"]> {
  const [doc] = await tx.select().from(inventoryDocument)
    .where(and(eq(inventoryDocument.entityId, entityId), eq(inventoryDocument.idempotencyKey, documentKeyOf(requestId)))).limit(1);
  return doc ? { documentId: doc.id, documentNumber: doc.documentNumber, journalEntryId: doc.journalEntryId } : null;
}

function payloadOf(input: Input): AdjustmentPayload {
  return {
    entityId: input.entityId, warehouseId: input.warehouseId, documentDate: input.documentDate, reason: input.reason, note: input.note,
    reference: input.reference,
    lines: input.lines.map((l) => ({ itemId: l.itemId, locationId: l.locationId, qtyDelta: formatQty(l.qtyDelta), unitCostMinor: l.unitCostMinor?.toString() })),
  };
}

/**
 * Asks for a stock adjustment, routed through the approval engine by its value at current
 * cost (facts amountMinor and quantityValueMinor = the sum of |line value|). An auto-approved
 * request posts through adjustStock now; otherwise nothing moves until it is approved, when the
 * registered handler posts exactly the requested lines. A retry with the same idempotency key
 * returns the first request (and its document).
 */
export async function requestStockAdjustment(tx: Tx, actor: Actor, raw: z.input<typeof RequestStockAdjustmentInput>): Promise<StockAdjustmentRequestResult> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(RequestStockAdjustmentInput, raw);
  const [site] = await tx.select().from(warehouse).where(eq(warehouse.id, input.warehouseId)).limit(1);
  if (!site || site.entityId !== input.entityId || !site.active) {
    throw new DomainError(InventoryError.WAREHOUSE_NOT_FOUND, "unprocessable", `warehouseId: warehouse ${input.warehouseId} is not an active warehouse of the entity`);
  }
  const previous = input.idempotencyKey ? await requestForKey(tx, input.idempotencyKey) : null;
  if (previous) return resultOf(tx, input.entityId, previous, BigInt(String((previous.facts as { amountMinor?: unknown }).amountMinor ?? 0)), true);
  const valueMinor = await valueLines(tx, input);
  const submitted = await submitApproval(tx, actor, {
    kind: "inventory_adjustment", entityId: input.entityId, subjectType: "stock_adjustment", subjectId: input.idempotencyKey ?? randomUUID(),
    title: `Stock adjustment (${input.reason}) in ${site.code}: ${input.lines.length} line${input.lines.length === 1 ? "" : "s"}`,
    facts: { entityId: input.entityId, amountMinor: valueMinor, quantityValueMinor: valueMinor },
    payload: payloadOf(input), idempotencyKey: input.idempotencyKey ?? null,
  });
  return resultOf(tx, input.entityId, submitted.request, valueMinor, false);
}

/**
 * The request an idempotency key already made, read before anything is valued: replaying an
 * adjustment that has posted must not value (or refuse) it again against the stock it changed.
 * A concurrent first submission is serialized by submitApproval's own key lock.
 */
async function requestForKey(tx: Tx, key: string): Promise<ApprovalRequestRow | null> {
  const [row] = await tx.select().from(approvalRequest)
    .where(and(eq(approvalRequest.kind, "inventory_adjustment"), eq(approvalRequest.idempotencyKey, key))).limit(1);
  return row ?? null;
}

async function resultOf(tx: Tx, entityId: number, request: ApprovalRequestRow, valueMinor: bigint, replayed: boolean): Promise<StockAdjustmentRequestResult> {
  const status = request.status === "approved" ? "posted" : request.status === "pending" ? "pending_approval" : request.status as "rejected" | "cancelled";
  const document = status === "posted" ? await documentOf(tx, entityId, request.id) : null;
  assert(status !== "posted" || document !== null, `approved adjustment request ${request.id} has its document`);
  return { status, request, document, valueMinor, replayed };
}

/** Posts an approved adjustment as requested, under the approver's name; a rejection moves nothing. */
export const inventoryAdjustmentHandler: ApprovalHandler = {
  async onApproved(tx, actor, request) {
    const payload = AdjustmentPayload.parse(request.payload);
    await adjustStock(tx, actorApprovedToAdjust(actor), { ...payload, idempotencyKey: documentKeyOf(request.id) });
  },
};

registerApprovalHandler("inventory_adjustment", inventoryAdjustmentHandler);
