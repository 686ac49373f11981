import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { listSupplierInvoices, type SupplierInvoiceStatus } from "../../../../core/purchasing";
import { read } from "../../../_lib/db";
import { loadPurchasingContext } from "../../../_lib/purchasing-data";
import { PurchasingStatus } from "../../../_lib/purchasing-ui";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { amountOf, statusWords } from "../../../_lib/sales-format";
import { EntitySelect } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Supplier invoices" };

const STATUSES = ["match_exception", "posted", "partially_paid", "paid", "void"] as const satisfies readonly SupplierInvoiceStatus[];
const InvoicesQuery = z.object({ entity: queryFields.optionalId, supplier: queryFields.optionalId, status: z.enum(STATUSES).optional().catch(undefined) });
const ROWS = 200;

/** Supplier invoices; status=match_exception is the three-way match exception queue. */
export default async function SupplierInvoicesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:read")) return <Forbidden what="supplier invoices" />;
  const query = await parseQuery(InvoicesQuery, searchParams);
  const { context, rows } = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const rows = await listSupplierInvoices(tx, user, { entityId: context.entity.id, statuses: query.status ? [query.status] : undefined, supplierId: query.supplier, limit: ROWS });
    return { context, rows };
  });
  const queue = query.status === "match_exception";
  return (
    <>
      <PageHeader title={queue ? "Match exceptions" : "Supplier invoices"} subtitle={`${context.entity.code}: ${queue ? "invoices held by the three-way match, waiting for a decision" : "newest first"}`}
        actions={<Link className="button" href={`/purchasing/invoices?entity=${context.entity.id}&status=match_exception`}>Match exception queue</Link>} />
      <form className="toolbar" action="/purchasing/invoices" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="status" defaultValue={query.status ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{statusWords(s)}</option>)}
        </select>
        <select name="supplier" defaultValue={query.supplier ? String(query.supplier) : ""} aria-label="Supplier">
          <option value="">Any supplier</option>
          {context.suppliers.map((s) => <option key={s.id} value={s.id}>{s.code} {s.name}</option>)}
        </select>
        <button type="submit">Filter</button>
      </form>
      <p className="muted">Enter an invoice from its purchase order&apos;s page (&quot;Enter supplier invoice&quot;).</p>
      {rows.length === 0 ? <Empty>No supplier invoices match.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="supplier-invoices">
            <thead><tr><th>Invoice</th><th>Supplier ref</th><th>Supplier</th><th>Date</th><th>Due</th><th className="num">Total</th><th className="num">Open</th><th>Currency</th><th>Status</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td><Link href={`/purchasing/invoices/${r.id}`}>{r.invoiceNumber}</Link></td><td>{r.supplierInvoiceRef}</td>
                  <td>{r.supplierCode} <span className="muted">{r.supplierName}</span></td><td>{r.invoiceDate}</td><td>{r.dueDate}</td>
                  <td className="num">{amountOf(r.totalMinor, r.currency, context.digits)}</td><td className="num">{amountOf(r.openMinor, r.currency, context.digits)}</td>
                  <td>{r.currency}</td><td><PurchasingStatus status={r.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
