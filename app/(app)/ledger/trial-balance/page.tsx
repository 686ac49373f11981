import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { trialBalance, type TrialBalanceRow } from "../../../../core/ledger";
import { read } from "../../../_lib/db";
import { digitsOf, money, type CurrencyDigits } from "../../../_lib/format";
import { hrefWith, parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadCurrencyDigits, loadEntities, type EntitySummary } from "../../../_lib/reference-data";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Trial balance" };

const TrialBalanceQuery = z.object({ entity: queryFields.optionalId, asOf: queryFields.optionalDate });

type EntityBlock = { entity: EntitySummary; rows: TrialBalanceRow[] };

function groupByEntity(rows: TrialBalanceRow[], entities: EntitySummary[]): EntityBlock[] {
  return entities
    .map((entity) => ({ entity, rows: rows.filter((row) => row.entityId === entity.id) }))
    .filter((block) => block.rows.length > 0);
}

function EntityTable({ block, digits, asOf }: { block: EntityBlock; digits: CurrencyDigits; asOf?: string }) {
  const currency = block.entity.baseCurrency;
  const d = digitsOf(digits, currency);
  let totalDebit = 0n;
  let totalCredit = 0n;
  for (const row of block.rows) {
    if (row.balanceMinor > 0n) totalDebit += row.balanceMinor;
    else totalCredit -= row.balanceMinor;
  }
  return (
    <section className="card" data-testid={`tb-entity-${block.entity.code}`}>
      <h2>{block.entity.code} — {block.entity.name} <span className="muted">({currency})</span></h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr><th>Account</th><th>Name</th><th>Type</th><th className="num">Debit</th><th className="num">Credit</th></tr>
          </thead>
          <tbody>
            {block.rows.map((row) => (
              <tr key={row.accountId}>
                <td><Link href={hrefWith(`/ledger/accounts/${row.accountId}`, { to: asOf })}>{row.accountCode}</Link></td>
                <td>{row.accountName}</td>
                <td>{row.accountType}</td>
                <td className="num">{row.balanceMinor > 0n ? money(row.balanceMinor, d) : ""}</td>
                <td className="num">{row.balanceMinor < 0n ? money(-row.balanceMinor, d) : ""}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={3}>Total</th>
              <th className="num" data-testid="tb-total-debit">{money(totalDebit, d)}</th>
              <th className="num" data-testid="tb-total-credit">{money(totalCredit, d)}</th>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

export default async function TrialBalancePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="the trial balance" />;
  const query = await parseQuery(TrialBalanceQuery, searchParams);
  const { rows, entities, digits } = await read(async (tx) => ({
    rows: await trialBalance(tx, user, { entityId: query.entity, asOf: query.asOf }),
    entities: await loadEntities(tx, user),
    digits: await loadCurrencyDigits(tx, user),
  }));
  const blocks = groupByEntity(rows, entities);
  return (
    <>
      <PageHeader title="Trial balance" subtitle={query.asOf ? `As of ${query.asOf}` : "All postings to date"} />
      <form className="toolbar" method="get" action="/ledger/trial-balance">
        <label>Entity
          <select name="entity" defaultValue={query.entity ? String(query.entity) : ""}>
            <option value="">All entities</option>
            {entities.map((e) => <option key={e.id} value={e.id}>{e.code} — {e.name}</option>)}
          </select>
        </label>
        <label>As of <input type="date" name="asOf" defaultValue={query.asOf ?? ""} /></label>
        <button type="submit">Show</button>
      </form>
      {blocks.length === 0 ? <Empty>No postings match.</Empty> : blocks.map((block) => (
        <EntityTable key={block.entity.id} block={block} digits={digits} asOf={query.asOf} />
      ))}
    </>
  );
}
