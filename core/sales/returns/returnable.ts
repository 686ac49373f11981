// What can still be returned or credited per invoice line: invoiced minus earlier returns.
// A credited RMA holds what it received; an open one (requested, approved, received) what it asked.
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { parseQty, type QtyScaled } from "../../shared/quantity";
import { returnAuthorization, returnLine } from "../schema";

export async function returnedByInvoiceLine(tx: Tx, invoiceLineIds: number[], excludeRmaId: number | null = null): Promise<Map<number, QtyScaled>> {
  if (invoiceLineIds.length === 0) return new Map();
  const rows = await tx.select({
    invoiceLineId: returnLine.invoiceLineId,
    qty: sql<string>`sum(case when ${returnAuthorization.status} = 'credited' then ${returnLine.baseQtyReceived} else ${returnLine.baseQty} end)::text`,
  }).from(returnLine).innerJoin(returnAuthorization, eq(returnAuthorization.id, returnLine.returnAuthorizationId))
    .where(and(inArray(returnLine.invoiceLineId, invoiceLineIds), notInArray(returnAuthorization.status, ["rejected", "cancelled"]),
      excludeRmaId === null ? undefined : sql`${returnAuthorization.id} <> ${excludeRmaId}`))
    .groupBy(returnLine.invoiceLineId);
  return new Map(rows.map((r) => [r.invoiceLineId, parseQty(r.qty)]));
}

/** Quantities already credited per invoice line (received on credited RMAs). */
export async function creditedByInvoiceLine(tx: Tx, invoiceLineIds: number[]): Promise<Map<number, QtyScaled>> {
  if (invoiceLineIds.length === 0) return new Map();
  const rows = await tx.select({ invoiceLineId: returnLine.invoiceLineId, qty: sql<string>`sum(${returnLine.baseQtyReceived})::text` })
    .from(returnLine).innerJoin(returnAuthorization, eq(returnAuthorization.id, returnLine.returnAuthorizationId))
    .where(and(inArray(returnLine.invoiceLineId, invoiceLineIds), eq(returnAuthorization.status, "credited")))
    .groupBy(returnLine.invoiceLineId);
  return new Map(rows.map((r) => [r.invoiceLineId, parseQty(r.qty)]));
}
