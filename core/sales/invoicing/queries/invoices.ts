import { and, asc, desc, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { customer } from "../../../masters/schema";
import { DomainError, parseInput } from "../../../shared/errors";
import { salesInvoice, salesInvoiceLine } from "../../schema";
import { Id, IsoDate } from "../../fulfilment/inputs";
import { trimQty } from "../../fulfilment/queries/shipments";
import { openBaseMinor } from "../../receivables/carrying-value";
import { INVOICES_PAGE_MAX, INVOICE_LINES_MAX, InvoicingError } from "../errors";

export type InvoiceRow = typeof salesInvoice.$inferSelect;
export type InvoiceLineDetail = Omit<typeof salesInvoiceLine.$inferSelect, "baseQty"> & { baseQty: string };

export type InvoiceDetail = Omit<InvoiceRow, "idempotencyKey"> & {
  customerCode: string;
  customerName: string;
  /** Total minus applied, document currency. */
  openMinor: bigint;
  /** The open amount at the document's carrying rate, base currency. */
  openBaseMinor: bigint;
  lines: InvoiceLineDetail[];
  replayed: boolean;
};

export function invoiceNotFound(invoiceId: number): DomainError {
  return new DomainError(InvoicingError.INVOICE_NOT_FOUND, "not_found", `invoiceId: invoice ${invoiceId} does not exist`, { invoiceId });
}

/** Internal reader (commands call it after their own permission check). */
export async function loadInvoiceDetail(tx: Tx, invoiceId: number, replayed = false): Promise<InvoiceDetail> {
  const [row] = await tx.select({ i: salesInvoice, code: customer.code, name: customer.name }).from(salesInvoice)
    .innerJoin(customer, eq(customer.id, salesInvoice.customerId)).where(eq(salesInvoice.id, invoiceId)).limit(1);
  if (!row) throw invoiceNotFound(invoiceId);
  const lines = await tx.select().from(salesInvoiceLine).where(eq(salesInvoiceLine.invoiceId, invoiceId))
    .orderBy(asc(salesInvoiceLine.lineNumber)).limit(INVOICE_LINES_MAX);
  const { idempotencyKey: _key, ...header } = row.i;
  const openMinor = header.totalMinor - header.appliedMinor;
  return {
    ...header, customerCode: row.code, customerName: row.name, openMinor, openBaseMinor: openBaseMinor(header, openMinor), replayed,
    lines: lines.map((l) => ({ ...l, baseQty: trimQty(l.baseQty) })),
  };
}

export async function getInvoiceOrThrow(tx: Tx, actor: Actor, invoiceId: number): Promise<InvoiceDetail> {
  requirePermission(actor, "sales:read");
  return loadInvoiceDetail(tx, invoiceId);
}

export const ListInvoicesInput = z.object({
  entityId: Id,
  customerId: Id.optional(),
  kind: z.enum(["invoice", "credit_memo"]).optional(),
  status: z.array(z.enum(["open", "partially_paid", "paid", "void"])).max(4).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.number().int().min(1).max(INVOICES_PAGE_MAX).default(50),
  offset: z.number().int().min(0).default(0),
});

export type InvoiceListRow = Omit<InvoiceRow, "idempotencyKey"> & { customerCode: string; customerName: string; openMinor: bigint };

export async function listInvoices(tx: Tx, actor: Actor, raw: z.input<typeof ListInvoicesInput>): Promise<InvoiceListRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListInvoicesInput, raw);
  const filters: SQL[] = [eq(salesInvoice.entityId, input.entityId)];
  if (input.customerId) filters.push(eq(salesInvoice.customerId, input.customerId));
  if (input.kind) filters.push(eq(salesInvoice.kind, input.kind));
  if (input.status) filters.push(inArray(salesInvoice.status, input.status));
  if (input.from) filters.push(gte(salesInvoice.invoiceDate, input.from));
  if (input.to) filters.push(lte(salesInvoice.invoiceDate, input.to));
  const rows = await tx.select({ i: salesInvoice, code: customer.code, name: customer.name }).from(salesInvoice)
    .innerJoin(customer, eq(customer.id, salesInvoice.customerId)).where(and(...filters))
    .orderBy(desc(salesInvoice.invoiceDate), desc(salesInvoice.id)).limit(input.limit).offset(input.offset);
  return rows.map(({ i, code, name }) => {
    const { idempotencyKey: _key, ...header } = i;
    return { ...header, customerCode: code, customerName: name, openMinor: header.totalMinor - header.appliedMinor };
  });
}
