import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { postEvent } from "../../../ledger/posting/post-event";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { salesInvoice } from "../../schema";
import { entityInfoOrThrow } from "../../fulfilment/document-number";
import { Id, IsoDate, PositiveMinor } from "../../fulfilment/inputs";
import { loadInvoiceDetail, type InvoiceDetail } from "../../invoicing/queries/invoices";
import { reliefBaseMinor, settlementStatus } from "../../receivables/carrying-value";
import { PaymentsError } from "../errors";
import { lockInvoices, settlementsFor, writeApplications, type InvoiceRow } from "../settle";

export const ApplyCreditMemoInput = z.object({
  creditMemoId: Id,
  invoiceId: Id,
  /** Omitted: as much as both the credit and the invoice allow. */
  amountMinor: PositiveMinor.optional(),
  appliedDate: IsoDate,
});

function openCreditMemo(row: InvoiceRow | undefined, creditMemoId: number): InvoiceRow {
  if (!row || row.kind !== "credit_memo") {
    throw new DomainError(PaymentsError.CREDIT_MEMO_NOT_FOUND, "not_found", `creditMemoId: credit memo ${creditMemoId} does not exist`, { creditMemoId });
  }
  if (row.appliedMinor >= row.totalMinor || row.status === "void") {
    throw new DomainError(PaymentsError.CREDIT_MEMO_NOT_OPEN, "conflict", `Credit memo ${row.invoiceNumber} has nothing left to apply`, { creditMemoId });
  }
  return row;
}

/**
 * Applies an open credit memo to an open invoice of the same customer and currency. Both sit in
 * AR already, so only the subledger changes; when the two documents' carrying values of the
 * amount differ by rounding (foreign currency), that residual is realized FX against AR.
 */
export async function applyCreditMemoToInvoice(tx: Tx, actor: Actor, raw: z.input<typeof ApplyCreditMemoInput>): Promise<InvoiceDetail> {
  requirePermission(actor, "sales.receivables:write");
  const input = parseInput(ApplyCreditMemoInput, raw);
  const locked = await lockInvoices(tx, [input.creditMemoId, input.invoiceId]);
  const memo = openCreditMemo(locked.get(input.creditMemoId), input.creditMemoId);
  const invoice = locked.get(input.invoiceId);
  const memoOpen = memo.totalMinor - memo.appliedMinor;
  const invoiceOpen = invoice ? invoice.totalMinor - invoice.appliedMinor : 0n;
  const amountMinor = input.amountMinor ?? (memoOpen < invoiceOpen ? memoOpen : invoiceOpen);
  if (amountMinor === 0n) {
    throw new DomainError(PaymentsError.INVOICE_NOT_APPLICABLE, "unprocessable", `invoiceId: invoice ${input.invoiceId} has nothing open to credit`, { invoiceId: input.invoiceId });
  }
  if (amountMinor > memoOpen) {
    throw new DomainError(PaymentsError.APPLICATIONS_EXCEED_UNAPPLIED, "unprocessable", `amountMinor: ${amountMinor} exceeds the ${memoOpen} open on credit memo ${memo.invoiceNumber}`, { creditMemoId: memo.id });
  }
  const [settlement] = settlementsFor(memo, [{ invoiceId: input.invoiceId, amountMinor }], locked);
  assert(settlement !== undefined, "one settlement for one application");
  await settleWithCredit(tx, actor, memo, settlement, input.appliedDate);
  return loadInvoiceDetail(tx, memo.id);
}

/** Writes a credit-memo application; used by applyCreditMemoToInvoice and issueCreditMemo. */
export async function settleWithCredit(tx: Tx, actor: Actor, memo: InvoiceRow, settlement: ReturnType<typeof settlementsFor>[number], appliedDate: string): Promise<void> {
  const memoOpen = memo.totalMinor - memo.appliedMinor;
  const memoRelief = reliefBaseMinor(memo, memoOpen, settlement.amountMinor);
  const residual = settlement.reliefBaseMinor - memoRelief;
  let entryId: number | null = null;
  if (residual !== 0n) {
    const entity = await entityInfoOrThrow(tx, memo.entityId);
    // No cash moves: deposits are zero, AR takes the residual and FX the other side.
    const entry = await postEvent(tx, actor, {
      entityId: memo.entityId, postingDate: appliedDate, description: `${memo.invoiceNumber} applied to ${settlement.invoice.invoiceNumber}: rounding`,
      sourceType: "sales_invoice", sourceId: memo.id, documentCurrency: memo.currency === entity.baseCurrency ? null : memo.currency,
    }, { type: "sales.deposit_applied", customerId: memo.customerId, fromDeposits: { baseMinor: 0n, documentMinor: 0n }, toAr: { baseMinor: residual, documentMinor: 0n } });
    entryId = entry?.id ?? null;
  }
  await writeApplications(tx, { creditMemoId: memo.id }, appliedDate, entryId, [settlement]);
  const appliedAfter = memo.appliedMinor + settlement.amountMinor;
  const updated = await tx.update(salesInvoice).set({ appliedMinor: appliedAfter, status: settlementStatus(memo.totalMinor, appliedAfter), updatedAt: new Date() })
    .where(eq(salesInvoice.id, memo.id)).returning({ id: salesInvoice.id });
  assert(updated.length === 1, "the locked credit memo was updated");
}
