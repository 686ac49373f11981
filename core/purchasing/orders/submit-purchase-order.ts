import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { submitApproval, type ApprovalRequestRow } from "../../governance/approvals";
import { recordAudit } from "../../governance/audit";
import { approvalRequest } from "../../governance/schema";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exchangeRateOn } from "../../masters";
import { assert } from "../../shared/assert";
import { applyRatePpm, formatMinor } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { parseQty } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { purchaseOrder } from "../schema";
import { loadEntityOrThrow, loadSupplierOrThrow } from "../shared/context";
import { todayIn } from "../shared/dates";
import { Id, IdempotencyKey } from "../shared/inputs";
import { poValueOfBaseQty } from "../shared/values";
import { lineQuantities } from "./status";
import { lockPurchaseOrderLines, lockPurchaseOrderOrThrow } from "./lock";
import { loadPurchaseOrderDetail } from "./queries";
import type { PurchaseOrderResult } from "./create-purchase-order";

export const SubmitPurchaseOrderInput = z.object({ purchaseOrderId: Id, idempotencyKey: IdempotencyKey });

async function replayedSubmission(tx: Tx, purchaseOrderId: number, key: string | undefined): Promise<boolean> {
  if (!key) return false;
  const [request] = await tx.select({ subjectId: approvalRequest.subjectId }).from(approvalRequest)
    .where(and(eq(approvalRequest.kind, "purchase_order"), eq(approvalRequest.idempotencyKey, key))).limit(1);
  return request?.subjectId === String(purchaseOrderId);
}

/**
 * Sends a draft order through the purchase_order approval policy with its value in base
 * currency at today's rate and its supplier as facts. Auto-approved orders are approved when
 * this returns; others wait in pending_approval for the handler below.
 */
export async function submitPurchaseOrder(tx: Tx, actor: Actor, raw: z.input<typeof SubmitPurchaseOrderInput>): Promise<PurchaseOrderResult> {
  requirePermission(actor, "purchasing:write");
  const input = parseInput(SubmitPurchaseOrderInput, raw);
  const order = await lockPurchaseOrderOrThrow(tx, input.purchaseOrderId);
  if (await replayedSubmission(tx, order.id, input.idempotencyKey)) return { ...(await loadPurchaseOrderDetail(tx, order.id)), replayed: true };
  if (order.status !== "draft") {
    throw new DomainError(PurchasingError.PURCHASE_ORDER_STATE, "conflict", `Purchase order ${order.poNumber} is ${order.status}; only a draft can be submitted`, { status: order.status });
  }
  const lines = await lockPurchaseOrderLines(tx, order.id);
  const entity = await loadEntityOrThrow(tx, order.entityId);
  const vendor = await loadSupplierOrThrow(tx, order.entityId, order.supplierId);
  const rate = await exchangeRateOn(tx, order.currency, entity.baseCurrency, todayIn(entity.timeZone));
  // Each line converted on its own and summed, like every base amount in Keel.
  const amountMinor = lines.reduce((sum, l) => {
    const { ordered, cancelled } = lineQuantities(l);
    const valueMinor = poValueOfBaseQty({ qty: parseQty(l.qty), baseQtyOrdered: ordered, unitPriceMinor: l.unitPriceMinor }, ordered - cancelled);
    return sum + applyRatePpm(valueMinor, rate, "halfEven");
  }, 0n);
  await tx.update(purchaseOrder).set({ status: "pending_approval", updatedAt: new Date() }).where(eq(purchaseOrder.id, order.id));
  const submitted = await submitApproval(tx, actor, {
    kind: "purchase_order", entityId: order.entityId, subjectType: "purchase_order", subjectId: order.id,
    title: `${order.poNumber} ${vendor.name}: ${entity.baseCurrency} ${formatMinor(amountMinor, entity.minorUnitDigits)}`,
    facts: { amountMinor, supplierId: vendor.id }, payload: { purchaseOrderId: order.id }, idempotencyKey: input.idempotencyKey ?? null,
  });
  await tx.update(purchaseOrder).set({ approvalRequestId: submitted.request.id }).where(eq(purchaseOrder.id, order.id));
  await recordAudit(tx, actor, { action: "state_change", objectKind: "purchase_order", objectId: order.id, entityId: order.entityId,
    before: { status: "draft" }, after: { status: submitted.autoApproved ? "approved" : "pending_approval", approvalRequestId: submitted.request.id, amountMinor } });
  return { ...(await loadPurchaseOrderDetail(tx, order.id)), replayed: false };
}

function purchaseOrderIdOf(request: ApprovalRequestRow): number {
  const id = (request.payload as { purchaseOrderId?: unknown } | null)?.purchaseOrderId;
  assert(typeof id === "number" && Number.isSafeInteger(id), `approval request ${request.id} names its purchase order`);
  return id;
}

async function movePending(tx: Tx, request: ApprovalRequestRow, status: "approved" | "draft"): Promise<void> {
  const updated = await tx.update(purchaseOrder).set({ status, updatedAt: new Date() })
    .where(and(eq(purchaseOrder.id, purchaseOrderIdOf(request)), eq(purchaseOrder.status, "pending_approval"))).returning({ id: purchaseOrder.id });
  assert(updated.length === 1, `purchase order of approval request ${request.id} was pending approval`);
}

/** Approved → approved; rejected or withdrawn → back to draft (the reason stays on the request). */
export const purchaseOrderApprovalHandler = {
  onApproved: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => movePending(tx, request, "approved"),
  onRejected: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => movePending(tx, request, "draft"),
  onCancelled: (tx: Tx, _actor: Actor, request: ApprovalRequestRow) => movePending(tx, request, "draft"),
};
