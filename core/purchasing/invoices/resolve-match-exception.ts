import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { ACTIVE_EXCEPTION_STATES, resolveException } from "../../governance/exceptions";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exceptionItem } from "../../governance/schema";
import { DomainError, parseInput } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { supplierInvoice } from "../schema";
import { loadEntityOrThrow } from "../shared/context";
import { Id, Reason } from "../shared/inputs";
import { matchExceptionKey } from "./enter-supplier-invoice";
import { postMatchedInvoice } from "./post-invoice";
import { loadSupplierInvoiceDetail, type SupplierInvoiceDetail } from "./queries";

export const ResolveMatchExceptionInput = z.object({
  invoiceId: Id,
  decision: z.enum(["accept", "reject"]),
  reason: Reason,
});

/** Closes the invoice's open match_exception item, if still open, with the decision as reason. */
async function closeQueueItem(tx: Tx, actor: Actor, invoiceId: number, reason: string): Promise<void> {
  // Read only: the exception queue is governance's; closing goes through its command.
  const [item] = await tx.select({ id: exceptionItem.id }).from(exceptionItem)
    .where(and(eq(exceptionItem.dedupeKey, matchExceptionKey(invoiceId)), inArray(exceptionItem.state, [...ACTIVE_EXCEPTION_STATES]))).limit(1);
  if (item) await resolveException(tx, actor, { exceptionId: item.id, reason });
}

/**
 * Decides a held invoice. Accept posts it as a matched invoice would (the matched quantity
 * clears GRNI at receipt value; every difference, price or excess quantity, goes to PPV);
 * reject voids it and nothing is ever posted.
 */
export async function resolveMatchException(tx: Tx, actor: Actor, raw: z.input<typeof ResolveMatchExceptionInput>): Promise<SupplierInvoiceDetail> {
  requirePermission(actor, "payables:write");
  const input = parseInput(ResolveMatchExceptionInput, raw);
  const [invoice] = await tx.select().from(supplierInvoice).where(eq(supplierInvoice.id, input.invoiceId)).for("update").limit(1);
  if (!invoice) throw new DomainError(PurchasingError.INVOICE_NOT_FOUND, "not_found", `invoiceId: supplier invoice ${input.invoiceId} does not exist`);
  if (invoice.status !== "match_exception") {
    throw new DomainError(PurchasingError.INVOICE_STATE, "conflict", `Supplier invoice ${invoice.invoiceNumber} is ${invoice.status}, not a match exception`, { status: invoice.status });
  }
  if (input.decision === "accept") {
    const entity = await loadEntityOrThrow(tx, invoice.entityId);
    const detail = await loadSupplierInvoiceDetail(tx, invoice.id);
    await postMatchedInvoice(tx, actor, entity, invoice, detail.lines);
  } else {
    await tx.update(supplierInvoice).set({ status: "void", updatedAt: new Date() }).where(eq(supplierInvoice.id, invoice.id));
  }
  await closeQueueItem(tx, actor, invoice.id, `${input.decision === "accept" ? "Accepted" : "Rejected"}: ${input.reason}`);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "supplier_invoice", objectId: invoice.id, entityId: invoice.entityId,
    before: { status: invoice.status }, after: { status: input.decision === "accept" ? "posted" : "void", decision: input.decision, reason: input.reason } });
  return loadSupplierInvoiceDetail(tx, invoice.id);
}
