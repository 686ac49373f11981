import type { Metadata } from "next";
import Link from "next/link";
import type { Tx } from "../../core/db/client";
import { hasPermission, type SessionUser } from "../../core/governance";
import { inventoryReconciliation } from "../../core/inventory";
import { listJournalEntries } from "../../core/ledger";
import { listMasters } from "../../core/masters";
import { read } from "../_lib/db";
import { digitsOf, groupThousands, money } from "../_lib/format";
import { navFor } from "../_lib/nav";
import { loadCurrencyDigits, loadEntities } from "../_lib/reference-data";
import { requireUser } from "../_lib/session";
import { PageHeader } from "../_lib/ui";

export const metadata: Metadata = { title: "Home" };

const LATEST_ENTRIES = 8;

const ROLE_FOCUS: Record<string, string> = {
  admin: "Administration: users, master data and the whole ledger.",
  executive: "The business at a glance: stock value and the latest postings.",
  controller: "The books: trial balance, journal and the stock-to-ledger reconciliation.",
  planner: "Items and stock positions across warehouses.",
  sales: "Customers, their prices and what is available to sell.",
  buyer: "Suppliers, items and stock to replenish.",
  warehouse: "Warehouses and stock on hand.",
};

/** One query per entity, in sequence: a transaction runs on one connection. */
async function reconcileEach(tx: Tx, entityIds: number[]) {
  const results = [];
  for (const entityId of entityIds) results.push(await inventoryReconciliation(tx, entityId));
  return results;
}

async function loadHome(tx: Tx, user: SessionUser) {
  const canLedger = hasPermission(user, "ledger:read");
  const canStock = hasPermission(user, "inventory:read");
  const count = async (kind: "item" | "customer" | "supplier" | "warehouse") => (await listMasters(tx, user, kind, { pageSize: 1 })).total;
  const entities = await loadEntities(tx, user);
  return {
    counts: { items: await count("item"), customers: await count("customer"), suppliers: await count("supplier"), warehouses: await count("warehouse") },
    entities,
    digits: await loadCurrencyDigits(tx, user),
    // The reconciliation query reads stock balances and GL inventory accounts per entity.
    stock: canStock ? await reconcileEach(tx, entities.map((entity) => entity.id)) : null,
    latest: canLedger ? (await listJournalEntries(tx, user, { page: 1, pageSize: LATEST_ENTRIES })).rows : null,
  };
}

export default async function HomePage() {
  const user = await requireUser();
  const home = await read((tx) => loadHome(tx, user));
  const focus = user.roles.map((role) => ROLE_FOCUS[role]).filter(Boolean)[0];
  const canLedger = hasPermission(user, "ledger:read");
  const links = navFor(user).filter((item) => item.href !== "/");
  return (
    <>
      <PageHeader title={`Welcome, ${user.displayName}`} subtitle={focus} />
      <section className="tiles" aria-label="Master data">
        <Link className="tile" href="/items"><span className="tile-value" data-testid="count-items">{groupThousands(String(home.counts.items))}</span><span className="tile-label">Items</span></Link>
        <Link className="tile" href="/customers"><span className="tile-value" data-testid="count-customers">{groupThousands(String(home.counts.customers))}</span><span className="tile-label">Customers</span></Link>
        <Link className="tile" href="/suppliers"><span className="tile-value" data-testid="count-suppliers">{groupThousands(String(home.counts.suppliers))}</span><span className="tile-label">Suppliers</span></Link>
        <Link className="tile" href="/warehouses"><span className="tile-value" data-testid="count-warehouses">{groupThousands(String(home.counts.warehouses))}</span><span className="tile-label">Warehouses</span></Link>
      </section>
      {home.stock ? (
        <section className="card">
          <h2>Stock value by entity</h2>
          <table className="data compact" data-testid="stock-value-by-entity">
            <thead><tr><th>Entity</th><th>Currency</th><th className="num">Stock at cost</th>{canLedger ? <><th className="num">GL inventory</th><th className="num">Difference</th></> : null}</tr></thead>
            <tbody>
              {home.stock.map((rec) => {
                const entity = home.entities.find((e) => e.id === rec.entityId);
                const d = digitsOf(home.digits, entity?.baseCurrency ?? "");
                return (
                  <tr key={rec.entityId}>
                    <td>{entity?.code} — {entity?.name}</td>
                    <td>{entity?.baseCurrency}</td>
                    <td className="num">{money(rec.stockValueMinor, d)}</td>
                    {canLedger ? <><td className="num">{money(rec.glInventoryMinor, d)}</td><td className={rec.differenceMinor === 0n ? "num" : "num bad"}>{money(rec.differenceMinor, d)}</td></> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
      {home.latest ? (
        <section className="card">
          <h2>Latest journal entries</h2>
          <table className="data compact" data-testid="latest-entries">
            <thead><tr><th>Entry</th><th>Date</th><th>Entity</th><th>Description</th><th className="num">Amount</th></tr></thead>
            <tbody>
              {home.latest.map((entry) => (
                <tr key={entry.id}>
                  <td><Link href={`/ledger/entries/${entry.id}`}>{entry.entryNumber}</Link></td>
                  <td>{entry.postingDate}</td>
                  <td>{entry.entityCode}</td>
                  <td>{entry.description}</td>
                  <td className="num">{money(entry.totalMinor, digitsOf(home.digits, entry.baseCurrency))} <span className="muted">{entry.baseCurrency}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card">
        <h2>Go to</h2>
        <ul className="link-list">{links.map((item) => <li key={item.href}><Link href={item.href}>{item.label}</Link></li>)}</ul>
      </section>
    </>
  );
}
