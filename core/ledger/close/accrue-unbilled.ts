// Shipped, not invoiced at period end: revenue for what left the warehouse is accrued as unbilled
// receivables at the order price (converted at the period end's rate), per customer, and
// reversed on the first day of the next period, when the invoices post the real revenue.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { exchangeRateOn } from "../../masters/queries/exchange-rate-on";
import { baseQtyValueMinor } from "../../sales/orders/status";
import { applyRatePpm } from "../../shared/money";
import { parseQty } from "../../shared/quantity";
import { DomainError, parseInput } from "../../shared/errors";
import { scheduleReversal } from "../journals/reversals";
import { postEvent } from "../posting/post-event";
import { CloseError } from "./errors";
import { PeriodInput } from "./close-period";
import { periodOrThrow } from "./state";

export const AccrueUnbilledShipmentsInput = PeriodInput;
export const UNBILLED_LINES_MAX = 20_000;

export type UnbilledAccrual = { periodId: number; journalEntryIds: number[]; totalMinor: bigint; lineCount: number };

type UnbilledRow = {
  customer_id: string; group_id: string | null; currency: string; base_currency: string; item_id: string; category_id: string; warehouse_id: string;
  unit_price_minor: string; qty: string; base_qty_ordered: string; uninvoiced: string;
};

async function unbilledLines(tx: Tx, entityId: number, endDate: string): Promise<UnbilledRow[]> {
  const rows = await tx.execute<UnbilledRow>(sql`
    select o.customer_id::text, c.group_id::text, o.currency, le.base_currency, ol.item_id::text, i.category_id::text, ol.warehouse_id::text,
           ol.unit_price_minor::text, ol.qty::text, ol.base_qty_ordered::text, (l.base_qty - l.base_qty_invoiced)::text as uninvoiced
      from shipment s join shipment_line l on l.shipment_id = s.id join sales_order_line ol on ol.id = l.order_line_id
      join sales_order o on o.id = s.order_id join customer c on c.id = o.customer_id join item i on i.id = ol.item_id
      join legal_entity le on le.id = s.entity_id
     where s.entity_id = ${entityId} and s.status = 'shipped' and s.ship_date <= ${endDate} and l.base_qty_invoiced < l.base_qty
     order by o.customer_id, l.id limit ${UNBILLED_LINES_MAX + 1}`);
  if (rows.length > UNBILLED_LINES_MAX) throw new Error("too many unbilled shipment lines to accrue in one run");
  return rows;
}

/** Accrues the period's shipped-not-invoiced revenue; refused when the period already has this accrual. */
export async function accrueUnbilledShipments(tx: Tx, actor: Actor, raw: z.input<typeof AccrueUnbilledShipmentsInput>): Promise<UnbilledAccrual> {
  requirePermission(actor, "ledger:post");
  const input = parseInput(AccrueUnbilledShipmentsInput, raw);
  const period = await periodOrThrow(tx, input.periodId);
  const existing = await tx.execute<{ entry_number: string }>(sql`select entry_number from journal_entry where entity_id = ${period.entityId}
    and event_type = 'sales.unbilled_accrued' and source_type = 'fiscal_period' and source_id = ${period.id} limit 1`);
  if (existing.length > 0) {
    throw new DomainError(CloseError.UNBILLED_ALREADY_ACCRUED, "conflict", `Period ${period.code} already has its unbilled accrual (${existing[0]!.entry_number})`);
  }
  const rows = await unbilledLines(tx, period.entityId, period.endDate);
  const rates = new Map<string, bigint>();
  const byCustomer = new Map<number, { groupId: number | null; lines: { itemId: number; itemCategoryId: number; warehouseId: number; amountMinor: bigint }[] }>();
  for (const row of rows) {
    if (!rates.has(row.currency)) rates.set(row.currency, await exchangeRateOn(tx, row.currency, row.base_currency, period.endDate));
    const documentMinor = baseQtyValueMinor({ unitPriceMinor: BigInt(row.unit_price_minor), qty: parseQty(row.qty), ordered: parseQty(row.base_qty_ordered) }, parseQty(row.uninvoiced));
    const customerId = Number(row.customer_id);
    const entry = byCustomer.get(customerId) ?? { groupId: row.group_id === null ? null : Number(row.group_id), lines: [] };
    entry.lines.push({ itemId: Number(row.item_id), itemCategoryId: Number(row.category_id), warehouseId: Number(row.warehouse_id),
      amountMinor: applyRatePpm(documentMinor, rates.get(row.currency)!, "halfEven") });
    byCustomer.set(customerId, entry);
  }
  const journalEntryIds: number[] = [];
  let totalMinor = 0n;
  for (const [customerId, { groupId, lines }] of byCustomer) {
    const posted = await postEvent(tx, actor, { entityId: period.entityId, postingDate: period.endDate, description: `Unbilled shipments at ${period.endDate}`,
      sourceType: "fiscal_period", sourceId: period.id }, { type: "sales.unbilled_accrued", customerId, customerGroupId: groupId, lines });
    if (!posted) continue;
    await scheduleReversal(tx, { entityId: period.entityId, journalEntryId: posted.id, postingDate: period.endDate, origin: "unbilled_accrual" });
    journalEntryIds.push(posted.id);
    totalMinor += posted.debitTotalMinor;
  }
  await recordAudit(tx, actor, { action: "post", objectKind: "unbilled_accrual", objectId: `${period.entityId}:${period.code}`, entityId: period.entityId,
    after: { journalEntryIds, totalMinor, lineCount: rows.length } });
  return { periodId: period.id, journalEntryIds, totalMinor, lineCount: rows.length };
}
