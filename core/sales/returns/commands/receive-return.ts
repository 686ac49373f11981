import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { applyStockDocument } from "../../../inventory/apply-document";
import { inventoryDocument } from "../../../inventory/schema";
import { postEvent } from "../../../ledger/posting/post-event";
import { journalEntry } from "../../../ledger/schema";
import { item } from "../../../masters/schema";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../../shared/quantity";
import { returnAuthorization, returnLine } from "../../schema";
import { Id, IdempotencyKey, IsoDate, PositiveQty } from "../../fulfilment/inputs";
import { returnedValueMinor } from "../amounts";
import { DISPOSITIONS, RETURN_LINES_MAX, ReturnsError, type Disposition } from "../errors";
import { loadReturnDetail, returnNotFound, type ReturnDetail, type ReturnRow } from "../queries/returns";

export const ReceiveReturnInput = z.object({
  rmaId: Id,
  receivedDate: IsoDate,
  lines: z.array(z.object({ returnLineId: Id, baseQty: PositiveQty, disposition: z.enum(DISPOSITIONS), note: z.string().trim().max(500).optional() }))
    .min(1).max(RETURN_LINES_MAX),
  idempotencyKey: IdempotencyKey.optional(),
});

type ReturnLineRow = typeof returnLine.$inferSelect;
type Inspected = { line: ReturnLineRow; qty: QtyScaled; disposition: Disposition; note: string | null; categoryId: number };

const keyOf = (rmaId: number, key: string) => `sales.return_received:${rmaId}:${key}`;

async function alreadyReceived(tx: Tx, rma: ReturnRow, key: string): Promise<boolean> {
  const derived = keyOf(rma.id, key);
  const [doc] = await tx.select({ id: inventoryDocument.id }).from(inventoryDocument)
    .where(and(eq(inventoryDocument.entityId, rma.entityId), eq(inventoryDocument.idempotencyKey, derived))).limit(1);
  const [entry] = await tx.select({ id: journalEntry.id }).from(journalEntry)
    .where(and(eq(journalEntry.entityId, rma.entityId), eq(journalEntry.idempotencyKey, derived))).limit(1);
  return doc !== undefined || entry !== undefined;
}

/** Checks every inspected line against the RMA: quantity left to receive, one disposition per line. */
async function inspect(tx: Tx, rma: ReturnRow, requested: z.output<typeof ReceiveReturnInput>["lines"]): Promise<Inspected[]> {
  const lines = await tx.select().from(returnLine).where(eq(returnLine.returnAuthorizationId, rma.id)).orderBy(asc(returnLine.id)).for("update");
  const categories = await tx.select({ id: item.id, categoryId: item.categoryId }).from(item).where(inArray(item.id, [...new Set(lines.map((l) => l.itemId))]));
  const seen = new Set<number>();
  return requested.map((r, index) => {
    const line = lines.find((l) => l.id === r.returnLineId);
    if (!line || seen.has(r.returnLineId)) {
      throw new DomainError(ReturnsError.RETURN_LINE_INVALID, "unprocessable", `lines.${index}.returnLineId: ${r.returnLineId} is not a line of ${rma.rmaNumber}, or is listed twice`, { returnLineId: r.returnLineId });
    }
    seen.add(r.returnLineId);
    const left = parseQty(line.baseQty) - parseQty(line.baseQtyReceived);
    if (r.baseQty > left) {
      throw new DomainError(ReturnsError.RECEIPT_EXCEEDS_RETURN, "unprocessable", `lines.${index}.baseQty: ${formatQty(r.baseQty)} exceeds the ${formatQty(left)} authorized and not yet received`, { returnLineId: line.id });
    }
    if (line.disposition !== null && line.disposition !== r.disposition) {
      throw new DomainError(ReturnsError.DISPOSITION_CONFLICT, "unprocessable", `lines.${index}.disposition: this line was already received as ${line.disposition}`, { returnLineId: line.id });
    }
    const categoryId = categories.find((c) => c.id === line.itemId)?.categoryId;
    assert(categoryId !== undefined, "the returned item exists");
    return { line, qty: r.baseQty, disposition: r.disposition, note: r.note ?? null, categoryId };
  });
}

/**
 * Receives returned goods with their inspection result. Restocked goods, and goods held for
 * return to the supplier, come back into the RMA's warehouse at their original unit cost
 * through the stock ledger, with the entry sales.return_costed restock (Dr Inventory, Cr COGS);
 * scrapped goods move no stock and post sales.return_costed scrap (Dr Scrap, Cr COGS).
 */
export async function receiveReturn(tx: Tx, actor: Actor, raw: z.input<typeof ReceiveReturnInput>): Promise<ReturnDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(ReceiveReturnInput, raw);
  const [rma] = await tx.select().from(returnAuthorization).where(eq(returnAuthorization.id, input.rmaId)).limit(1).for("update");
  if (!rma) throw returnNotFound(input.rmaId);
  if (input.idempotencyKey && await alreadyReceived(tx, rma, input.idempotencyKey)) return loadReturnDetail(tx, rma.id, true);
  if (rma.status !== "approved" && rma.status !== "received") {
    throw new DomainError(ReturnsError.RETURN_NOT_APPROVED, "conflict", `${rma.rmaNumber} is ${rma.status}; goods are received only against an approved return`, { rmaId: rma.id, status: rma.status });
  }
  const inspected = await inspect(tx, rma, input.lines);
  const key = input.idempotencyKey ? keyOf(rma.id, input.idempotencyKey) : null;
  const stocked = inspected.filter((i) => i.disposition !== "scrap");
  const scrapped = inspected.filter((i) => i.disposition === "scrap");
  const documentId = stocked.length > 0 ? await restock(tx, actor, rma, stocked, input.receivedDate, key) : null;
  const scrapEntryId = scrapped.length > 0 ? await scrap(tx, actor, rma, scrapped, input.receivedDate, key) : null;
  await recordInspection(tx, inspected, { date: input.receivedDate, documentId, scrapEntryId });
  await tx.update(returnAuthorization).set({ status: "received", updatedAt: new Date() }).where(eq(returnAuthorization.id, rma.id));
  return loadReturnDetail(tx, rma.id);
}

/** Stock back in at the original unit cost; the stock ledger's entry is the return costing. */
async function restock(tx: Tx, actor: Actor, rma: ReturnRow, lines: Inspected[], date: string, key: string | null): Promise<number> {
  const result = await applyStockDocument(tx, actor, {
    entityId: rma.entityId, kind: "receipt", documentDate: date, warehouseId: rma.warehouseId, reference: rma.rmaNumber,
    upstreamType: "return_authorization", upstreamId: rma.id, idempotencyKey: key, description: `Customer return ${rma.rmaNumber}`,
    operations: lines.map((l) => ({ op: "in", itemId: l.line.itemId, warehouseId: rma.warehouseId, qty: l.qty, unitCostMinor: l.line.unitCostMinor })),
    event: (valued) => ({ type: "sales.return_costed", disposition: "restock",
      lines: valued.map((v) => ({ itemId: v.itemId, itemCategoryId: v.itemCategoryId, warehouseId: v.warehouseId, valueMinor: v.valueMinor })) }),
  });
  assert(!result.replayed, "a return receipt is applied once");
  return result.documentId;
}

async function scrap(tx: Tx, actor: Actor, rma: ReturnRow, lines: Inspected[], date: string, key: string | null): Promise<number | null> {
  const entry = await postEvent(tx, actor, {
    entityId: rma.entityId, postingDate: date, description: `${rma.rmaNumber} returned goods scrapped`, sourceType: "return_authorization", sourceId: rma.id, idempotencyKey: key,
  }, { type: "sales.return_costed", disposition: "scrap",
    lines: lines.map((l) => ({ itemId: l.line.itemId, itemCategoryId: l.categoryId, warehouseId: rma.warehouseId, valueMinor: returnedValueMinor(l.qty, l.line.unitCostMinor) })) });
  return entry?.id ?? null;
}

type Receipt = { date: string; documentId: number | null; scrapEntryId: number | null };

/** Raises received quantities and keeps each receipt (and where its value went) in the line's details, in one statement. */
async function recordInspection(tx: Tx, lines: Inspected[], receipt: Receipt): Promise<void> {
  const values = lines.map((l) => {
    const entry = { date: receipt.date, qty: formatQty(l.qty), disposition: l.disposition, valueMinor: returnedValueMinor(l.qty, l.line.unitCostMinor).toString(),
      inventoryDocumentId: l.disposition === "scrap" ? null : receipt.documentId, journalEntryId: l.disposition === "scrap" ? receipt.scrapEntryId : null,
      note: l.disposition === "return_to_supplier" ? "held in stock for return to the supplier" : null };
    return sql`(${l.line.id}::int8, ${formatQty(parseQty(l.line.baseQtyReceived) + l.qty)}::numeric, ${l.disposition}, ${l.note ?? l.line.inspectionNote}::text, ${JSON.stringify([entry])}::jsonb)`;
  });
  const updated = await tx.execute(sql`update return_line r set base_qty_received = v.received, disposition = v.disposition, inspection_note = v.note,
      details = jsonb_set(coalesce(r.details, '{}'::jsonb), '{receipts}', coalesce(r.details -> 'receipts', '[]'::jsonb) || v.receipt)
    from (values ${sql.join(values, sql`, `)}) as v(id, received, disposition, note, receipt) where r.id = v.id`);
  assert(updated.count === lines.length, "every inspected return line was updated");
}
