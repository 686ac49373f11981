import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { supplier } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { INVOICE_LINES_MAX, LIST_ROWS_MAX } from "../limits";
import { supplierInvoice, supplierInvoiceLine } from "../schema";
import { openCarryingBase } from "../shared/values";
import type { SupplierInvoiceLineRow, SupplierInvoiceRow } from "./post-invoice";

export type SupplierInvoiceStatus = "match_exception" | "posted" | "partially_paid" | "paid" | "void";
export type SupplierInvoiceDetail = SupplierInvoiceRow & {
  supplierCode: string;
  supplierName: string;
  /** Still to pay, invoice currency, and the AP it still carries, base currency. */
  openMinor: bigint;
  openBaseMinor: bigint;
  lines: SupplierInvoiceLineRow[];
};

function withOpen<T extends SupplierInvoiceRow>(row: T): T & { openMinor: bigint; openBaseMinor: bigint } {
  const open = row.status === "posted" || row.status === "partially_paid";
  return { ...row, openMinor: open ? row.totalMinor - row.paidMinor : 0n, openBaseMinor: open ? openCarryingBase(row.totalBaseMinor, row.totalMinor, row.paidMinor) : 0n };
}

export async function loadSupplierInvoiceDetail(tx: Tx, invoiceId: number): Promise<SupplierInvoiceDetail> {
  const [row] = await tx.select({ invoice: supplierInvoice, supplierCode: supplier.code, supplierName: supplier.name }).from(supplierInvoice)
    .innerJoin(supplier, eq(supplier.id, supplierInvoice.supplierId)).where(eq(supplierInvoice.id, invoiceId)).limit(1);
  if (!row) throw new DomainError(PurchasingError.INVOICE_NOT_FOUND, "not_found", `Supplier invoice ${invoiceId} does not exist`, { invoiceId });
  const lines = await tx.select().from(supplierInvoiceLine).where(eq(supplierInvoiceLine.invoiceId, invoiceId))
    .orderBy(asc(supplierInvoiceLine.lineNumber)).limit(INVOICE_LINES_MAX);
  return { ...withOpen(row.invoice), supplierCode: row.supplierCode, supplierName: row.supplierName, lines };
}

export async function getSupplierInvoiceOrThrow(tx: Tx, actor: Actor, invoiceId: number): Promise<SupplierInvoiceDetail> {
  requirePermission(actor, "purchasing:read");
  return loadSupplierInvoiceDetail(tx, invoiceId);
}

export type SupplierInvoiceSummary = SupplierInvoiceRow & { supplierCode: string; supplierName: string; openMinor: bigint; openBaseMinor: bigint };

/** Invoices of an entity, newest first; statuses ["match_exception"] is the match exception queue. */
export async function listSupplierInvoices(tx: Tx, actor: Actor, options: { entityId: number; statuses?: SupplierInvoiceStatus[]; supplierId?: number; limit?: number }): Promise<SupplierInvoiceSummary[]> {
  requirePermission(actor, "purchasing:read");
  const limit = Math.min(Math.max(1, options.limit ?? 100), LIST_ROWS_MAX);
  const conditions: SQL[] = [eq(supplierInvoice.entityId, options.entityId)];
  if (options.statuses && options.statuses.length > 0) conditions.push(inArray(supplierInvoice.status, options.statuses));
  if (options.supplierId !== undefined) conditions.push(eq(supplierInvoice.supplierId, options.supplierId));
  const rows = await tx.select({ invoice: supplierInvoice, supplierCode: supplier.code, supplierName: supplier.name }).from(supplierInvoice)
    .innerJoin(supplier, eq(supplier.id, supplierInvoice.supplierId)).where(and(...conditions))
    .orderBy(desc(supplierInvoice.invoiceDate), desc(supplierInvoice.id)).limit(limit);
  return rows.map((r) => ({ ...withOpen(r.invoice), supplierCode: r.supplierCode, supplierName: r.supplierName }));
}
