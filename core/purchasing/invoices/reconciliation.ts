// The subledger checks of issue 6: GRNI in the GL equals the value received and not yet
// invoiced, and AP control equals the open supplier invoices at their carrying value.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { purchaseReceipt, purchaseReceiptLine, supplierInvoice } from "../schema";
import { openCarryingBase } from "../shared/values";

export const OPEN_INVOICES_SCAN_MAX = 200_000;

export type SubledgerReconciliation = {
  entityId: number;
  /** What the documents say, base currency. */
  subledgerMinor: bigint;
  /** Credit minus debit on the accounts the role's rules point to (both are liabilities). */
  glMinor: bigint;
  differenceMinor: bigint;
  accountIds: number[];
};

async function liabilityBalance(tx: Tx, entityId: number, role: "grni" | "ap"): Promise<{ glMinor: bigint; accountIds: number[] }> {
  const [row] = await tx.execute<{ balance: string; account_ids: string[] | null }>(sql`
    with accounts as (select distinct account_id from account_rule where entity_id = ${entityId} and role = ${role})
    select (select coalesce(sum(l.credit_minor - l.debit_minor), 0) from journal_line l
             where l.entity_id = ${entityId} and l.account_id in (select account_id from accounts))::text as balance,
           (select array_agg(account_id::text order by account_id) from accounts) as account_ids`);
  assert(row !== undefined, "the balance query returns one row");
  return { glMinor: BigInt(row.balance), accountIds: (row.account_ids ?? []).map(Number) };
}

/** Received-not-invoiced value (receipt value minus GRNI cleared by invoices) against the GRNI account. */
export async function grniReconciliation(tx: Tx, entityId: number): Promise<SubledgerReconciliation> {
  assert(Number.isInteger(entityId) && entityId > 0, "entityId must be a positive integer");
  const [row] = await tx.select({ open: sql<string>`coalesce(sum(${purchaseReceiptLine.valueBaseMinor} - ${purchaseReceiptLine.valueInvoicedBaseMinor}), 0)` })
    .from(purchaseReceiptLine).innerJoin(purchaseReceipt, eq(purchaseReceipt.id, purchaseReceiptLine.receiptId)).where(eq(purchaseReceipt.entityId, entityId));
  const subledgerMinor = BigInt(row?.open ?? "0");
  const gl = await liabilityBalance(tx, entityId, "grni");
  return { entityId, subledgerMinor, glMinor: gl.glMinor, differenceMinor: subledgerMinor - gl.glMinor, accountIds: gl.accountIds };
}

/** Open payables (posted invoices' base total less what payments cleared at carrying value) against AP control. */
export async function apReconciliation(tx: Tx, entityId: number): Promise<SubledgerReconciliation> {
  assert(Number.isInteger(entityId) && entityId > 0, "entityId must be a positive integer");
  const open = await tx.select({ totalBaseMinor: supplierInvoice.totalBaseMinor, totalMinor: supplierInvoice.totalMinor, paidMinor: supplierInvoice.paidMinor })
    .from(supplierInvoice).where(and(eq(supplierInvoice.entityId, entityId), inArray(supplierInvoice.status, ["posted", "partially_paid"])))
    .limit(OPEN_INVOICES_SCAN_MAX + 1);
  assert(open.length <= OPEN_INVOICES_SCAN_MAX, "too many open supplier invoices to reconcile in one pass");
  const subledgerMinor = open.reduce((sum, i) => sum + openCarryingBase(i.totalBaseMinor, i.totalMinor, i.paidMinor), 0n);
  const gl = await liabilityBalance(tx, entityId, "ap");
  return { entityId, subledgerMinor, glMinor: gl.glMinor, differenceMinor: subledgerMinor - gl.glMinor, accountIds: gl.accountIds };
}
