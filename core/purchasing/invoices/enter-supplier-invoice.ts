import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { raiseException } from "../../governance/exceptions";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exchangeRateOn } from "../../masters";
import { currency as currencyTable, item } from "../../masters/schema";
import { applyRatePpm, formatMinor } from "../../shared/money";
import { DomainError, parseInput } from "../../shared/errors";
import { formatQty, parseQty, type QtyScaled } from "../../shared/quantity";
import { PurchasingError } from "../errors";
import { INVOICE_LINES_MAX, PRICE_TOLERANCE_PPM } from "../limits";
import { lockOrdersOfLines } from "../orders/lock";
import { lineQuantities, type PurchaseOrderLineRow, type PurchaseOrderRow } from "../orders/status";
import { supplierInvoice, supplierInvoiceLine } from "../schema";
import { loadEntityOrThrow, loadPaymentTerm, loadSupplierOrThrow, lockIdempotencyKey, lockSupplierInvoiceRef, nextDocumentNumber, type EntityInfo, type SupplierRow } from "../shared/context";
import { addDays } from "../shared/dates";
import { CurrencyCode, Id, IdempotencyKey, IsoDate, MinorAmount, PositiveQty } from "../shared/inputs";
import { lineValueMinor } from "../shared/values";
import { explainLine, matchLine, type LineMatch } from "./match";
import { postMatchedInvoice } from "./post-invoice";
import { loadSupplierInvoiceDetail, type SupplierInvoiceDetail } from "./queries";

export const EnterSupplierInvoiceInput = z.object({
  entityId: Id,
  supplierId: Id,
  supplierInvoiceRef: z.string().trim().min(1).max(80),
  invoiceDate: IsoDate,
  currency: CurrencyCode,
  taxMinor: MinorAmount.default(0n),
  idempotencyKey: IdempotencyKey,
  lines: z.array(z.object({
    purchaseOrderLineId: Id,
    baseQty: PositiveQty,
    /** Per base unit, invoice currency. */
    unitPriceMinor: MinorAmount,
  })).min(1).max(INVOICE_LINES_MAX),
});
type Parsed = z.output<typeof EnterSupplierInvoiceInput>;

export type SupplierInvoiceResult = SupplierInvoiceDetail & { replayed: boolean; matchExceptionId: number | null };

type MatchedLine = { poLine: PurchaseOrderLineRow; order: PurchaseOrderRow; baseQty: QtyScaled; unitPriceMinor: bigint; amountMinor: bigint; match: LineMatch };

async function lockAndCheckOrders(tx: Tx, input: Parsed): Promise<{ orders: Map<number, PurchaseOrderRow>; lines: Map<number, PurchaseOrderLineRow> }> {
  const locked = await lockOrdersOfLines(tx, [...new Set(input.lines.map((l) => l.purchaseOrderLineId))]);
  input.lines.forEach((line, index) => {
    const poLine = locked.lines.get(line.purchaseOrderLineId);
    const order = poLine ? locked.orders.get(poLine.purchaseOrderId) : undefined;
    if (!poLine || !order || order.entityId !== input.entityId) {
      throw new DomainError(PurchasingError.PURCHASE_ORDER_LINE_NOT_FOUND, "unprocessable", `lines.${index}.purchaseOrderLineId: no such PO line in entity ${input.entityId}`, { index });
    }
    if (order.supplierId !== input.supplierId) {
      throw new DomainError(PurchasingError.INVOICE_SUPPLIER_MISMATCH, "unprocessable", `lines.${index}.purchaseOrderLineId: ${order.poNumber} was ordered from another supplier`, { index });
    }
    if (order.currency !== input.currency) {
      throw new DomainError(PurchasingError.INVOICE_CURRENCY_MISMATCH, "unprocessable", `currency: ${order.poNumber} is in ${order.currency}, the invoice in ${input.currency}`, { index });
    }
  });
  return locked;
}

function matchLines(input: Parsed, locked: { orders: Map<number, PurchaseOrderRow>; lines: Map<number, PurchaseOrderLineRow> }): MatchedLine[] {
  // Several invoice lines may draw on one PO line: each sees what the earlier ones left.
  const available = new Map<number, QtyScaled>();
  return input.lines.map((line) => {
    const poLine = locked.lines.get(line.purchaseOrderLineId)!;
    const order = locked.orders.get(poLine.purchaseOrderId)!;
    const quantities = lineQuantities(poLine);
    const left = available.get(poLine.id) ?? quantities.received - quantities.invoiced;
    const price = { qty: parseQty(poLine.qty), baseQtyOrdered: quantities.ordered, unitPriceMinor: poLine.unitPriceMinor };
    const match = matchLine(price, line.baseQty, line.unitPriceMinor, left, PRICE_TOLERANCE_PPM);
    available.set(poLine.id, left - (line.baseQty < left ? line.baseQty : left));
    return { poLine, order, baseQty: line.baseQty, unitPriceMinor: line.unitPriceMinor, amountMinor: lineValueMinor(line.baseQty, line.unitPriceMinor), match };
  });
}

async function replayed(tx: Tx, entity: EntityInfo, input: Parsed): Promise<SupplierInvoiceResult | null> {
  if (input.idempotencyKey) {
    await lockIdempotencyKey(tx, "supplier_invoice", entity.id, input.idempotencyKey);
    const [existing] = await tx.select({ id: supplierInvoice.id }).from(supplierInvoice)
      .where(and(eq(supplierInvoice.entityId, entity.id), eq(supplierInvoice.idempotencyKey, input.idempotencyKey))).limit(1);
    if (existing) return { ...(await loadSupplierInvoiceDetail(tx, existing.id)), replayed: true, matchExceptionId: null };
  }
  await lockSupplierInvoiceRef(tx, input.supplierId, input.supplierInvoiceRef);
  const [duplicate] = await tx.select({ id: supplierInvoice.id, number: supplierInvoice.invoiceNumber }).from(supplierInvoice)
    .where(and(eq(supplierInvoice.supplierId, input.supplierId), eq(supplierInvoice.supplierInvoiceRef, input.supplierInvoiceRef))).limit(1);
  if (duplicate) {
    throw new DomainError(PurchasingError.INVOICE_DUPLICATE_REF, "conflict", `supplierInvoiceRef: ${input.supplierInvoiceRef} was already entered as ${duplicate.number}`, { invoiceId: duplicate.id });
  }
  return null;
}

async function raiseMatchException(tx: Tx, actor: Actor, invoice: { id: number; number: string; entityId: number; currency: string }, input: Parsed, matched: MatchedLine[]): Promise<number> {
  const [money] = await tx.select({ digits: currencyTable.minorUnitDigits }).from(currencyTable).where(eq(currencyTable.code, input.currency)).limit(1);
  const digits = money?.digits ?? 2;
  const skuRows = await tx.select({ id: item.id, sku: item.sku }).from(item).where(inArray(item.id, [...new Set(matched.map((m) => m.poLine.itemId))]));
  const skus = new Map(skuRows.map((r) => [r.id, r.sku]));
  const explanations = matched.flatMap((m, index) => m.match.matchStatus === "matched" ? [] : [explainLine(`Line ${index + 1} (${skus.get(m.poLine.itemId) ?? m.poLine.itemId}, ${m.order.poNumber} line ${m.poLine.lineNumber})`, m.match, {
    invoicePrice: `${input.currency} ${formatMinor(m.unitPriceMinor, digits)}`,
    poPrice: `${input.currency} ${formatMinor(m.poLine.unitPriceMinor, digits)} per ${m.poLine.uom} (${formatQty(parseQty(m.poLine.baseQtyOrdered))} base units per ${formatQty(parseQty(m.poLine.qty))} ${m.poLine.uom})`,
    invoiceQty: m.baseQty, tolerancePercent: `${formatMinor(PRICE_TOLERANCE_PPM, 4)}%`,
  })]);
  const orders = [...new Map(matched.map((m) => [m.order.id, m.order])).values()];
  const raised = await raiseException(tx, actor, {
    kind: "match_exception", severity: "medium", entityId: invoice.entityId, audienceRoles: ["controller"],
    title: `Supplier invoice ${input.supplierInvoiceRef} (${invoice.number}) does not match its purchase order`,
    explanation: explanations.join("\n").slice(0, 4_000),
    links: [{ type: "supplier_invoice", id: invoice.id, label: invoice.number }, ...orders.slice(0, 100).map((o) => ({ type: "purchase_order", id: o.id, label: o.poNumber }))],
    details: { invoiceId: invoice.id, lines: matched.map((m, index) => ({ line: index + 1, status: m.match.matchStatus, priceVariancePpm: m.match.priceVariancePpm, availableQty: formatQty(m.match.availableQty), qtyOver: formatQty(m.match.qtyOver) })) },
    dedupeKey: matchExceptionKey(invoice.id), occurredOn: input.invoiceDate,
  });
  return raised.id;
}

export function matchExceptionKey(invoiceId: number): string {
  return `match_exception:supplier_invoice:${invoiceId}`;
}

async function insertInvoice(tx: Tx, actor: Actor, entity: EntityInfo, vendor: SupplierRow, input: Parsed, matched: MatchedLine[], ratePpm: bigint) {
  const { id, number } = await nextDocumentNumber(tx, "supplier_invoice", "PI", entity.code);
  const subtotalMinor = matched.reduce((sum, m) => sum + m.amountMinor, 0n);
  const totalBaseMinor = matched.reduce((sum, m) => sum + applyRatePpm(m.amountMinor, ratePpm, "halfEven"), 0n) + applyRatePpm(input.taxMinor, ratePpm, "halfEven");
  const orderIds = new Set(matched.map((m) => m.order.id));
  const termCode = orderIds.size === 1 ? matched[0]!.order.paymentTermCode : vendor.paymentTermCode;
  const term = await loadPaymentTerm(tx, termCode);
  const allMatched = matched.every((m) => m.match.matchStatus === "matched");
  await tx.insert(supplierInvoice).values({
    id, entityId: entity.id, invoiceNumber: number, supplierInvoiceRef: input.supplierInvoiceRef, supplierId: vendor.id,
    purchaseOrderId: orderIds.size === 1 ? matched[0]!.order.id : null, currency: input.currency, exchangeRatePpm: ratePpm,
    invoiceDate: input.invoiceDate, dueDate: addDays(input.invoiceDate, term.dueDays), subtotalMinor, taxMinor: input.taxMinor,
    totalMinor: subtotalMinor + input.taxMinor, totalBaseMinor, status: allMatched ? "posted" : "match_exception",
    idempotencyKey: input.idempotencyKey ?? null, createdByUserId: actor.userId,
  });
  await tx.insert(supplierInvoiceLine).values(matched.map((m, index) => ({
    invoiceId: id, lineNumber: index + 1, purchaseOrderLineId: m.poLine.id, itemId: m.poLine.itemId, description: `${m.order.poNumber} line ${m.poLine.lineNumber}`,
    baseQty: formatQty(m.baseQty), unitPriceMinor: m.unitPriceMinor, amountMinor: m.amountMinor, matchStatus: m.match.matchStatus,
    matchDetails: { priceVariancePpm: m.match.priceVariancePpm?.toString() ?? null, availableQty: formatQty(m.match.availableQty), qtyOver: formatQty(m.match.qtyOver) },
  })));
  return { id, number, allMatched };
}

/**
 * Enters a supplier invoice and matches each line three ways: price against the PO (within
 * PRICE_TOLERANCE_PPM) and quantity against what was received and not yet invoiced. A matched
 * invoice posts at once (GRNI cleared at receipt value, the difference to PPV, AP the total);
 * any mismatch holds the whole invoice as a match exception and posts nothing until resolved.
 */
export async function enterSupplierInvoice(tx: Tx, actor: Actor, raw: z.input<typeof EnterSupplierInvoiceInput>): Promise<SupplierInvoiceResult> {
  requirePermission(actor, "payables:write");
  const input = parseInput(EnterSupplierInvoiceInput, raw);
  const entity = await loadEntityOrThrow(tx, input.entityId);
  const previous = await replayed(tx, entity, input);
  if (previous) return previous;
  const vendor = await loadSupplierOrThrow(tx, entity.id, input.supplierId, { allowInactive: true });
  const locked = await lockAndCheckOrders(tx, input);
  const ratePpm = await exchangeRateOn(tx, input.currency, entity.baseCurrency, input.invoiceDate);
  const matched = matchLines(input, locked);
  const invoice = await insertInvoice(tx, actor, entity, vendor, input, matched, ratePpm);
  let matchExceptionId: number | null = null;
  if (invoice.allMatched) {
    const detail = await loadSupplierInvoiceDetail(tx, invoice.id);
    await postMatchedInvoice(tx, actor, entity, detail, detail.lines);
  } else {
    matchExceptionId = await raiseMatchException(tx, actor, { id: invoice.id, number: invoice.number, entityId: entity.id, currency: input.currency }, input, matched);
  }
  await recordAudit(tx, actor, { action: invoice.allMatched ? "post" : "create", objectKind: "supplier_invoice", objectId: invoice.id, entityId: entity.id,
    after: { invoiceNumber: invoice.number, supplierInvoiceRef: input.supplierInvoiceRef, status: invoice.allMatched ? "posted" : "match_exception" } });
  return { ...(await loadSupplierInvoiceDetail(tx, invoice.id)), replayed: false, matchExceptionId };
}
