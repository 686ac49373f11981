import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../core/governance";
import { read } from "../../_lib/db";
import { hrefWith } from "../../_lib/query";
import { loadEntities } from "../../_lib/reference-data";
import { requireUser } from "../../_lib/session";
import { Forbidden, PageHeader } from "../../_lib/ui";

export const metadata: Metadata = { title: "Financial reports" };

export default async function ReportsPage() {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="financial reports" />;
  const entities = await read((tx) => loadEntities(tx, user));
  return (
    <>
      <PageHeader title="Financial reports" subtitle="Statements per entity and for the group, with drill-down to the entries" />
      <section className="card">
        <h2>Consolidated statements</h2>
        <p><Link href="/reports/consolidated?view=bs">Consolidated balance sheet</Link> · <Link href="/reports/consolidated?view=is">Consolidated income statement</Link>
          {" · "}<Link href="/reports/consolidated?view=tb">Consolidated trial balance</Link> · <Link href="/reports/intercompany">Intercompany reconciliation</Link></p>
      </section>
      <section className="card">
        <h2>Entity statements</h2>
        <ul>{entities.map((e) => (
          <li key={e.id}>{e.code} — {e.name} ({e.baseCurrency}):{" "}
            <Link href={hrefWith("/reports/statements", { entity: e.id, view: "is" })}>Income statement</Link> ·{" "}
            <Link href={hrefWith("/reports/statements", { entity: e.id, view: "bs" })}>Balance sheet</Link> ·{" "}
            <Link href={hrefWith("/reports/statements", { entity: e.id, view: "cf" })}>Cash flow</Link> ·{" "}
            <Link href={hrefWith("/reports/statements", { entity: e.id, view: "tb" })}>Trial balance</Link>
          </li>))}
        </ul>
      </section>
    </>
  );
}
