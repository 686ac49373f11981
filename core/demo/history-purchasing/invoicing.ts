// Supplier invoices, entered by the controller (accounts payable) when they arrive, one per
// receipt, matched three ways by the command. Most agree with the order and the receipt; some
// differ in price within tolerance (purchase price variance); a few are held as match exceptions:
// a price rise beyond tolerance (accepted a week later when the buyer confirms it, or rejected and
// re-sent at the order price) or more units than were received (rejected and re-sent).
import type { Tx } from "../../db/client";
import { enterSupplierInvoice, resolveMatchException } from "../../purchasing";
import { assert } from "../../shared/assert";
import { formatQty } from "../../shared/quantity";
import { addDays } from "../dates";
import type { HeldInvoice, PurchasingRun, ReceiptToInvoice } from "./context";

const WEEK_DAYS = 7;

type Variant = { kind: "exact" } | { kind: "price_within"; ppm: bigint } | { kind: "price_beyond"; ppm: bigint; accept: boolean } | { kind: "qty_over" };

function variantOf(run: PurchasingRun, key: string): Variant {
  const random = run.random.fork(`invoice:${key}`);
  const draw = random.next();
  if (draw < 0.04) return { kind: "price_beyond", ppm: BigInt(random.int(30_000, 60_000)), accept: random.chance(0.7) };
  if (draw < 0.065) return { kind: "qty_over" };
  if (draw < 0.2) return { kind: "price_within", ppm: BigInt(random.int(-15_000, 15_000)) };
  return { kind: "exact" };
}

/** The supplier's own invoice number: warehouse, order date and receipt of the order's key. */
function invoiceRef(receiptKey: string): string {
  const [, warehouse, , orderDate, receipt] = receiptKey.split(":");
  return `INV-${warehouse}-${(orderDate ?? "").replaceAll("-", "")}-${receipt}`;
}

function priced(price: bigint, ppm: bigint): bigint {
  const changed = price + (price * ppm) / 1_000_000n;
  return changed > 0n ? changed : 1n;
}

function invoiceLines(receipt: ReceiptToInvoice, variant: Variant) {
  return receipt.lines.map((line, index) => {
    const first = index === 0;
    const unitPriceMinor = first && (variant.kind === "price_within" || variant.kind === "price_beyond") ? priced(line.unitPriceMinor, variant.ppm) : line.unitPriceMinor;
    const baseQty = first && variant.kind === "qty_over" ? line.baseQty + line.packQty : line.baseQty;
    return { purchaseOrderLineId: line.poLineId, baseQty: formatQty(baseQty), unitPriceMinor };
  });
}

async function enter(tx: Tx, run: PurchasingRun, receipt: ReceiptToInvoice, date: string, ref: string, variant: Variant): Promise<{ id: number; held: boolean }> {
  const invoice = await enterSupplierInvoice(tx, run.people.controller, {
    entityId: run.sales.entityId, supplierId: receipt.supplier.id, supplierInvoiceRef: ref, invoiceDate: date, currency: receipt.supplier.currency,
    idempotencyKey: `demo-p2p:invoice:${receipt.supplier.code}:${ref}`, lines: invoiceLines(receipt, variant),
  });
  run.stats.invoices++;
  return { id: invoice.id, held: invoice.status === "match_exception" };
}

/** Enters the invoices that arrive on `date`. */
export async function enterDueInvoices(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  const due = run.toInvoice.filter((r) => r.invoiceOn <= date);
  for (const receipt of due) {
    run.toInvoice.splice(run.toInvoice.indexOf(receipt), 1);
    const variant = variantOf(run, receipt.key);
    const entered = await enter(tx, run, receipt, date, invoiceRef(receipt.key), variant);
    if (!entered.held) continue;
    assert(variant.kind === "price_beyond" || variant.kind === "qty_over", `${receipt.key}: only a planned mismatch is held (${variant.kind}, invoice ${entered.id})`);
    run.stats.matchExceptions++;
    const accept = variant.kind === "price_beyond" && variant.accept;
    run.held.push({ key: receipt.key, invoiceId: entered.id, decideOn: addDays(date, WEEK_DAYS), decision: accept ? "accept" : "reject", corrected: accept ? null : receipt });
  }
}

const REASONS = {
  accept: "Price increase confirmed by the buyer with the supplier; variance to PPV",
  reject: "Invoice disagrees with the receipt and the order; supplier asked for a corrected invoice",
} as const;

/** Decides the held invoices due on `date`; a rejected one is followed by the supplier's corrected invoice. */
export async function decideHeldInvoices(tx: Tx, run: PurchasingRun, date: string): Promise<void> {
  const due: HeldInvoice[] = run.held.filter((h) => h.decideOn <= date);
  for (const held of due) {
    run.held.splice(run.held.indexOf(held), 1);
    await resolveMatchException(tx, run.people.controller, { invoiceId: held.invoiceId, decision: held.decision, reason: REASONS[held.decision] });
    if (held.corrected === null) continue;
    const corrected = await enter(tx, run, held.corrected, date, `${invoiceRef(held.key)}-C`, { kind: "exact" });
    assert(!corrected.held, `${held.key}: the corrected invoice matches`);
  }
}
