import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../core/governance";
import { listStockOnHand } from "../../../core/inventory";
import { listMasters } from "../../../core/masters";
import { read } from "../../_lib/db";
import { digitsOf, money, qty } from "../../_lib/format";
import { masterHref } from "../../_lib/links";
import { parseQuery, queryFields, type SearchParams } from "../../_lib/query";
import { loadCurrencyDigits } from "../../_lib/reference-data";
import { requireUser } from "../../_lib/session";
import { Empty, Forbidden, PageHeader, Pager, SearchForm } from "../../_lib/ui";

export const metadata: Metadata = { title: "Stock on hand" };

const StockQuery = z.object({ q: queryFields.optionalText, warehouse: queryFields.optionalId, page: queryFields.pageNumber });
const PAGE_SIZE = 50;
const WAREHOUSES_MAX = 200;

export default async function StockPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "inventory:read")) return <Forbidden what="stock on hand" />;
  const query = await parseQuery(StockQuery, searchParams);
  const { stock, warehouses, digits } = await read(async (tx) => ({
    stock: await listStockOnHand(tx, user, { search: query.q, warehouseId: query.warehouse, page: query.page, pageSize: PAGE_SIZE }),
    warehouses: (await listMasters(tx, user, "warehouse", { pageSize: WAREHOUSES_MAX })).rows,
    digits: await loadCurrencyDigits(tx, user),
  }));
  return (
    <>
      <PageHeader title="Stock on hand" subtitle="Quantities in base units; value at cost in the entity's currency" />
      <SearchForm action="/stock" q={query.q} placeholder="SKU or description">
        <select name="warehouse" defaultValue={query.warehouse ? String(query.warehouse) : ""} aria-label="Warehouse">
          <option value="">All warehouses</option>
          {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} — {w.name}</option>)}
        </select>
      </SearchForm>
      {stock.rows.length === 0 ? <Empty>No stock matches.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="stock-list">
            <thead>
              <tr>
                <th>SKU</th><th>Description</th><th>Category</th><th>Warehouse</th><th>Unit</th>
                <th className="num">On hand</th><th className="num">Allocated</th><th className="num">Available</th><th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {stock.rows.map((row) => (
                <tr key={`${row.itemId}-${row.warehouseId}`}>
                  <td><Link href={masterHref("item", row.itemId)}>{row.sku}</Link></td>
                  <td>{row.description}</td>
                  <td>{row.categoryName}</td>
                  <td><Link href={masterHref("warehouse", row.warehouseId)}>{row.warehouseCode}</Link></td>
                  <td>{row.baseUom}</td>
                  <td className="num">{qty(row.qtyOnHand)}</td>
                  <td className="num">{qty(row.qtyAllocated)}</td>
                  <td className="num">{qty(row.qtyAvailable)}</td>
                  <td className="num">{money(row.valueMinor, digitsOf(digits, row.currency))} <span className="muted">{row.currency}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/stock" params={{ q: query.q, warehouse: query.warehouse }} page={stock.page} pageSize={stock.pageSize} total={stock.total} />
    </>
  );
}
