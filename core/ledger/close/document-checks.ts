// Checklist checks over documents: journals awaiting approval, reversals not yet posted,
// shipments not invoiced or accrued, goods received and not invoiced, rebates not accrued.
// Read-only queries over the sales and purchasing tables, scoped by entity and period dates.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import type { FiscalPeriod } from "../commands/fiscal-periods";
import { CHECK_DETAILS_MAX, failed, passed, warning, type CloseCheck } from "./types";

type Row = Record<string, string | null>;

export async function manualJournalsCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Manual journals approved and posted";
  const rows = await tx.execute<Row>(sql`
    select id::text, journal_number, status, description from manual_journal
     where entity_id = ${period.entityId} and posting_date between ${period.startDate} and ${period.endDate} and status in ('draft', 'submitted')
     order by id limit ${CHECK_DETAILS_MAX}`);
  const details = rows.map((r) => ({ label: `${r.journal_number} (${r.status}): ${r.description}`, href: `/ledger/journals/${r.id}` }));
  const waiting = rows.filter((r) => r.status === "submitted");
  if (waiting.length > 0) return failed("manual_journals", label, `${waiting.length} manual journal(s) of the period await approval`, details);
  if (rows.length > 0) return warning("manual_journals", label, `${rows.length} draft manual journal(s) dated in the period were never submitted`, details);
  return passed("manual_journals", label, "No manual journal of the period awaits approval");
}

export async function reversalsCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Auto-reversals of the previous period posted";
  const rows = await tx.execute<Row>(sql`
    select s.id::text, s.reverse_on::text, s.origin, e.entry_number, e.id::text as entry_id from scheduled_reversal s join journal_entry e on e.id = s.journal_entry_id
     where s.entity_id = ${period.entityId} and s.reversal_entry_id is null and s.reverse_on between ${period.startDate} and ${period.endDate}
     order by s.reverse_on, s.id limit ${CHECK_DETAILS_MAX}`);
  if (rows.length === 0) return passed("scheduled_reversals", label, "Every reversal due in the period is posted");
  return failed("scheduled_reversals", label, `${rows.length} scheduled reversal(s) due in the period are not posted yet`,
    rows.map((r) => ({ label: `${r.entry_number} (${r.origin}) reverses on ${r.reverse_on}`, href: `/ledger/entries/${r.entry_id}` })));
}

export async function shipmentsInvoicedCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Shipments invoiced or accrued";
  const rows = await tx.execute<Row>(sql`
    select s.id::text, s.shipment_number, s.ship_date::text, count(*)::text as lines from shipment s join shipment_line l on l.shipment_id = s.id
     where s.entity_id = ${period.entityId} and s.status = 'shipped' and s.ship_date <= ${period.endDate} and l.base_qty_invoiced < l.base_qty
     group by s.id order by s.ship_date, s.id limit ${CHECK_DETAILS_MAX}`);
  if (rows.length === 0) return passed("shipments_invoiced", label, "Every shipment up to the period end is invoiced");
  const details = rows.map((r) => ({ label: `${r.shipment_number} shipped ${r.ship_date}: ${r.lines} line(s) not invoiced`, href: `/sales/shipments/${r.id}` }));
  const [accrual] = await tx.execute<Row>(sql`
    select e.entry_number from journal_entry e where e.entity_id = ${period.entityId} and e.event_type = 'sales.unbilled_accrued'
       and e.source_type = 'fiscal_period' and e.source_id = ${period.id} limit 1`);
  if (accrual) return warning("shipments_invoiced", label, `Shipped, not invoiced: accrued as unbilled revenue in ${accrual.entry_number}`, details);
  return failed("shipments_invoiced", label, `${rows.length} shipment(s) up to the period end are neither invoiced nor accrued`, details);
}

export async function receivedNotInvoicedCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Received, not invoiced (GRNI) reviewed";
  const rows = await tx.execute<Row>(sql`
    select r.id::text, r.receipt_number, r.receipt_date::text, sum(l.value_base_minor - l.value_invoiced_base_minor)::text as open_minor
      from purchase_receipt r join purchase_receipt_line l on l.receipt_id = r.id
     where r.entity_id = ${period.entityId} and r.receipt_date <= ${period.endDate}
     group by r.id having sum(l.value_base_minor - l.value_invoiced_base_minor) <> 0 order by r.receipt_date, r.id limit ${CHECK_DETAILS_MAX}`);
  if (rows.length === 0) return passed("received_not_invoiced", label, "No receipt up to the period end awaits its supplier invoice");
  // GRNI already carries these at receipt value: listed for review, not blocking.
  return warning("received_not_invoiced", label, `${rows.length} receipt(s) carried in GRNI await supplier invoices`,
    rows.map((r) => ({ label: `${r.receipt_number} received ${r.receipt_date}`, href: `/purchasing/receipts/${r.id}`, amountMinor: r.open_minor })));
}

export async function rebateAccrualsCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Rebate accruals posted";
  const supplierRows = await tx.execute<Row>(sql`
    select r.id::text, r.receipt_number, a.name from purchase_receipt r
      join supplier_rebate_agreement a on a.entity_id = r.entity_id and a.supplier_id = r.supplier_id and r.receipt_date between a.period_start and a.period_end
     where r.entity_id = ${period.entityId} and r.receipt_date between ${period.startDate} and ${period.endDate}
       and not exists (select 1 from supplier_rebate_accrual x where x.agreement_id = a.id and x.source_type = 'purchase_receipt' and x.source_id = r.id)
     order by r.id limit ${CHECK_DETAILS_MAX}`);
  const customerRows = await tx.execute<Row>(sql`
    select i.id::text, i.invoice_number, a.name from sales_invoice i
      join customer_rebate_agreement a on a.entity_id = i.entity_id and a.customer_id = i.customer_id and i.invoice_date between a.period_start and a.period_end
     where i.entity_id = ${period.entityId} and i.status <> 'void' and i.invoice_date between ${period.startDate} and ${period.endDate}
       and exists (select 1 from sales_invoice_line l where l.invoice_id = i.id) -- sales lines qualify; a rebate settlement memo has none
       and not exists (select 1 from customer_rebate_accrual x where x.agreement_id = a.id and x.source_type = 'sales_invoice' and x.source_id = i.id)
     order by i.id limit ${CHECK_DETAILS_MAX}`);
  const details = [
    ...supplierRows.map((r) => ({ label: `Receipt ${r.receipt_number} not accrued under ${r.name}`, href: `/purchasing/receipts/${r.id}` })),
    ...customerRows.map((r) => ({ label: `Invoice ${r.invoice_number} not accrued under ${r.name}`, href: `/sales/invoices/${r.id}` })),
  ];
  if (details.length === 0) return passed("rebate_accruals", label, "Every qualifying receipt and invoice of the period has its rebate accrual");
  return failed("rebate_accruals", label, `${details.length} qualifying document(s) have no rebate accrual`, details);
}
