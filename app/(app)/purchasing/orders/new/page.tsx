import type { Metadata } from "next";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { listSupplierItems } from "../../../../../core/purchasing";
import { read } from "../../../../_lib/db";
import { loadPurchasingContext } from "../../../../_lib/purchasing-data";
import { NewPurchaseOrderForm } from "../../../../_lib/purchasing-forms";
import { parseQuery, queryFields, type SearchParams } from "../../../../_lib/query";
import { amountOf } from "../../../../_lib/sales-format";
import { EntitySelect } from "../../../../_lib/sales-ui";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "New purchase order" };

const NewQuery = z.object({ entity: queryFields.optionalId, supplier: queryFields.optionalId });
const CATALOG_ROWS = 100;

/** Step one picks the supplier (its currency and terms decide the order's); step two takes the lines. */
export default async function NewPurchaseOrderPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "purchasing:write")) return <Forbidden what="purchase order entry" />;
  const query = await parseQuery(NewQuery, searchParams);
  const { context, catalog } = await read(async (tx) => {
    const context = await loadPurchasingContext(tx, user, query.entity);
    const chosen = context.suppliers.find((s) => s.id === query.supplier);
    const catalog = chosen ? await listSupplierItems(tx, user, { supplierId: chosen.id, limit: CATALOG_ROWS }) : [];
    return { context, catalog };
  });
  const supplier = context.suppliers.find((s) => s.id === query.supplier) ?? null;
  return (
    <>
      <PageHeader title="New purchase order" subtitle={`${context.entity.code}: a draft until it is submitted for approval`} />
      <form className="toolbar" action="/purchasing/orders/new" method="get" aria-label="Choose supplier">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <select name="supplier" defaultValue={supplier ? String(supplier.id) : ""} aria-label="Supplier">
          <option value="">Choose a supplier…</option>
          {context.suppliers.map((s) => <option key={s.id} value={s.id}>{s.code} {s.name} ({s.currency})</option>)}
        </select>
        <button type="submit">Use supplier</button>
      </form>
      {supplier === null ? <Empty>Choose the supplier first: the order takes its currency, payment terms and lead time.</Empty> : (
        <>
          <section className="card">
            <dl className="kv-grid" data-testid="supplier-terms">
              <Field label="Supplier">{supplier.code} {supplier.name}</Field>
              <Field label="Currency">{supplier.currency}</Field>
              <Field label="Payment terms">{supplier.paymentTermCode}</Field>
              <Field label="Lead time">{supplier.leadTimeDays} days</Field>
            </dl>
          </section>
          {catalog.length > 0 ? (
            <section>
              <h2>Supplier prices</h2>
              <table className="data compact" data-testid="supplier-catalog">
                <thead><tr><th>Item</th><th>Supplier SKU</th><th>Unit</th><th className="num">Price</th><th className="num">Minimum</th><th className="num">Multiple</th><th className="num">Lead time (days)</th></tr></thead>
                <tbody>
                  {catalog.map((c) => (
                    <tr key={c.id}><td>{c.sku}</td><td>{c.supplierSku ?? ""}</td><td>{c.uom}</td><td className="num">{amountOf(c.unitPriceMinor, c.supplierCurrency, context.digits)}</td>
                      <td className="num">{c.minOrderQty}</td><td className="num">{c.orderMultiple}</td><td className="num">{c.leadTimeDays ?? supplier.leadTimeDays}</td></tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : <p className="muted">This supplier has no item prices on file: type each line's price.</p>}
          <NewPurchaseOrderForm entityId={context.entity.id} supplierId={supplier.id} currency={supplier.currency} warehouses={context.warehouses} today={context.today} />
        </>
      )}
    </>
  );
}
