import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { customer, item } from "../../../masters/schema";
import { DomainError, parseInput } from "../../../shared/errors";
import { returnAuthorization, returnLine, salesInvoice } from "../../schema";
import { Id } from "../../fulfilment/inputs";
import { trimQty } from "../../fulfilment/queries/shipments";
import { RETURNS_PAGE_MAX, RETURN_LINES_MAX, ReturnsError } from "../errors";

export type ReturnRow = typeof returnAuthorization.$inferSelect;
export type ReturnLineDetail = Omit<typeof returnLine.$inferSelect, "baseQty" | "baseQtyReceived"> & { sku: string; baseQty: string; baseQtyReceived: string };
export type ReturnDetail = Omit<ReturnRow, "idempotencyKey"> & {
  customerCode: string;
  customerName: string;
  invoiceNumber: string;
  lines: ReturnLineDetail[];
  replayed: boolean;
};

export function returnNotFound(rmaId: number): DomainError {
  return new DomainError(ReturnsError.RETURN_NOT_FOUND, "not_found", `rmaId: return authorization ${rmaId} does not exist`, { rmaId });
}

/** Internal reader (commands call it after their own permission check). */
export async function loadReturnDetail(tx: Tx, rmaId: number, replayed = false): Promise<ReturnDetail> {
  const [row] = await tx.select({ r: returnAuthorization, code: customer.code, name: customer.name, invoiceNumber: salesInvoice.invoiceNumber })
    .from(returnAuthorization).innerJoin(customer, eq(customer.id, returnAuthorization.customerId))
    .innerJoin(salesInvoice, eq(salesInvoice.id, returnAuthorization.invoiceId)).where(eq(returnAuthorization.id, rmaId)).limit(1);
  if (!row) throw returnNotFound(rmaId);
  const lines = await tx.select({ l: returnLine, sku: item.sku }).from(returnLine).innerJoin(item, eq(item.id, returnLine.itemId))
    .where(eq(returnLine.returnAuthorizationId, rmaId)).orderBy(asc(returnLine.id)).limit(RETURN_LINES_MAX);
  const { idempotencyKey: _key, ...header } = row.r;
  return {
    ...header, customerCode: row.code, customerName: row.name, invoiceNumber: row.invoiceNumber, replayed,
    lines: lines.map(({ l, sku }) => ({ ...l, sku, baseQty: trimQty(l.baseQty), baseQtyReceived: trimQty(l.baseQtyReceived) })),
  };
}

export async function getReturnOrThrow(tx: Tx, actor: Actor, rmaId: number): Promise<ReturnDetail> {
  requirePermission(actor, "sales:read");
  return loadReturnDetail(tx, rmaId);
}

export const ListReturnsInput = z.object({
  entityId: Id,
  customerId: Id.optional(),
  status: z.array(z.enum(["requested", "approved", "rejected", "received", "credited", "cancelled"])).max(6).optional(),
  limit: z.number().int().min(1).max(RETURNS_PAGE_MAX).default(50),
  offset: z.number().int().min(0).default(0),
});

export type ReturnListRow = Omit<ReturnRow, "idempotencyKey"> & { customerCode: string; customerName: string; invoiceNumber: string };

export async function listReturns(tx: Tx, actor: Actor, raw: z.input<typeof ListReturnsInput>): Promise<ReturnListRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(ListReturnsInput, raw);
  const filters: SQL[] = [eq(returnAuthorization.entityId, input.entityId)];
  if (input.customerId) filters.push(eq(returnAuthorization.customerId, input.customerId));
  if (input.status) filters.push(inArray(returnAuthorization.status, input.status));
  const rows = await tx.select({ r: returnAuthorization, code: customer.code, name: customer.name, invoiceNumber: salesInvoice.invoiceNumber })
    .from(returnAuthorization).innerJoin(customer, eq(customer.id, returnAuthorization.customerId))
    .innerJoin(salesInvoice, eq(salesInvoice.id, returnAuthorization.invoiceId))
    .where(and(...filters)).orderBy(desc(returnAuthorization.id)).limit(input.limit).offset(input.offset);
  return rows.map(({ r, code, name, invoiceNumber }) => {
    const { idempotencyKey: _key, ...header } = r;
    return { ...header, customerCode: code, customerName: name, invoiceNumber };
  });
}
