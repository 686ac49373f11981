// Returns in the history: a customer asks through the portal (the system keys the RMA, so the
// sales desk can approve it), small ones are approved by policy, the rest by sales (and the
// controller above the threshold) or refused; the warehouse receives and inspects the goods
// (restock, scrap, return to supplier) and the controller issues the credit memo.
import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { issueCreditMemo, receiveReturn, requestReturn, type ReturnDetail } from "../../sales";
import { salesInvoice, salesInvoiceLine, shipment } from "../../sales/schema";
import { assert } from "../../shared/assert";
import { formatQty, parseQty, QTY_SCALE } from "../../shared/quantity";
import type { Random } from "../random";
import type { Action, EntityRun, ReturnDisposition } from "./context";

export const INVOICE_LINES_SCAN_MAX = 100;
const REJECTED_SHARE = 0.2;
const REASONS: readonly (readonly [{ code: string; text: string }, number])[] = [
  [{ code: "damaged", text: "Arrived damaged in transit" }, 30],
  [{ code: "wrong_item", text: "Wrong item shipped" }, 20],
  [{ code: "not_needed", text: "Ordered too many; unopened cases" }, 25],
  [{ code: "defective", text: "Product defective on use" }, 25],
];

function dispositionOf(random: Random, reasonCode: string): ReturnDisposition {
  if (reasonCode === "wrong_item" || reasonCode === "not_needed") return "restock";
  return random.chance(0.75) ? "scrap" : "return_to_supplier";
}

type Returnable = { invoiceLineId: number; itemId: number; baseQty: bigint; warehouseId: number };

async function returnableLines(tx: Tx, invoiceId: number): Promise<Returnable[]> {
  const rows = await tx.select({ invoiceLineId: salesInvoiceLine.id, itemId: salesInvoiceLine.itemId, baseQty: salesInvoiceLine.baseQty, warehouseId: shipment.warehouseId })
    .from(salesInvoiceLine).innerJoin(salesInvoice, eq(salesInvoice.id, salesInvoiceLine.invoiceId)).innerJoin(shipment, eq(shipment.id, salesInvoice.shipmentId))
    .where(inArray(salesInvoiceLine.invoiceId, [invoiceId])).orderBy(asc(salesInvoiceLine.lineNumber)).limit(INVOICE_LINES_SCAN_MAX);
  return rows.map((r) => ({ ...r, baseQty: parseQty(r.baseQty) }));
}

/** Whole sales units, at most half of what was invoiced (at least one unit). */
function returnQty(run: EntityRun, random: Random, line: Returnable): bigint | null {
  const perUnit = BigInt(run.item(line.itemId).salesQtyPerUnit) * QTY_SCALE;
  const units = line.baseQty / perUnit;
  if (units < 1n) return null;
  const most = units / 2n > 0n ? units / 2n : 1n;
  return BigInt(random.int(1, Number(most))) * perUnit;
}

/** Everything authorized comes back; inspection decides by the reason the customer gave. */
function receiptOf(random: Random, rma: ReturnDetail, key: string, reasonCode: string): Action {
  return { kind: "receive_return", rmaId: rma.id, key, lines: rma.lines.map((l) => ({ returnLineId: l.id, baseQty: l.baseQty, disposition: dispositionOf(random, reasonCode) })) };
}

export async function requestPlannedReturn(tx: Tx, run: EntityRun, date: string, action: Extract<Action, { kind: "request_return" }>): Promise<void> {
  const random = run.random.fork(`return:${action.key}`);
  const candidates = random.shuffle(await returnableLines(tx, action.invoiceId)).slice(0, random.chance(0.75) ? 1 : 2);
  const reason = random.weighted(REASONS);
  const lines = candidates.flatMap((line) => {
    const qty = returnQty(run, random, line);
    return qty === null ? [] : [{ line, qty }];
  });
  const first = lines[0];
  if (!first) return;
  const rma = await requestReturn(tx, run.people.system, {
    invoiceId: action.invoiceId, warehouseId: first.line.warehouseId, reason: reason.text,
    lines: lines.map((l) => ({ invoiceLineId: l.line.invoiceLineId, baseQty: formatQty(l.qty), reasonCode: reason.code })),
    idempotencyKey: `demo-history:${action.key}:rma`,
  });
  run.stats.returns++;
  const receipt = receiptOf(random, rma, action.key, reason.code);
  if (rma.status === "approved") {
    run.later(date, random.int(2, 8), receipt);
    return;
  }
  assert(rma.status === "requested" && rma.approvalRequestId !== null, `${rma.rmaNumber} waits for a decision`);
  const reject = random.chance(REJECTED_SHARE);
  run.later(date, random.int(0, 2), {
    kind: "decide", requestId: rma.approvalRequestId, approvers: [run.people.sales, run.people.controller], decision: reject ? "reject" : "approve",
    comment: reject ? "Opened and used product: not returnable under our terms of sale" : `Approved: ${reason.text.toLowerCase()}`,
    then: { afterBusinessDays: random.int(2, 8), action: receipt },
  });
}

export async function receivePlannedReturn(tx: Tx, run: EntityRun, date: string, action: Extract<Action, { kind: "receive_return" }>): Promise<void> {
  const rma = await receiveReturn(tx, run.people.warehouse, {
    rmaId: action.rmaId, receivedDate: date, lines: action.lines, idempotencyKey: `demo-history:rma:${action.rmaId}:receipt`,
  });
  assert(rma.status === "received", `${rma.rmaNumber} was received`);
  // Named after the planned invoice, never the RMA's id: ids interleave between the entities.
  const random = run.random.fork(`credit:${action.key}`);
  run.later(date, random.int(0, 2), { kind: "credit_memo", rmaId: rma.id });
}

export async function creditPlannedReturn(tx: Tx, run: EntityRun, date: string, action: Extract<Action, { kind: "credit_memo" }>): Promise<void> {
  await issueCreditMemo(tx, run.people.controller, { rmaId: action.rmaId, creditDate: date, idempotencyKey: `demo-history:rma:${action.rmaId}:credit` });
}
