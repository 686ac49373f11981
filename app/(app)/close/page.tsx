import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../core/governance";
import { listPeriodCloses } from "../../../core/ledger/close";
import { read } from "../../_lib/db";
import { dateTime } from "../../_lib/format";
import { parseQuery, queryFields, type SearchParams } from "../../_lib/query";
import { loadEntities } from "../../_lib/reference-data";
import { requireUser } from "../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../_lib/ui";

export const metadata: Metadata = { title: "Period close" };

const CloseQuery = z.object({ entity: queryFields.optionalId });

export default async function PeriodClosePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="the period close" />;
  const query = await parseQuery(CloseQuery, searchParams);
  const { entities, periods } = await read(async (tx) => {
    const entities = await loadEntities(tx, user);
    const entityId = query.entity ?? entities[0]?.id ?? null;
    return { entities, periods: entityId === null ? [] : await listPeriodCloses(tx, user, { entityId }) };
  });
  const entityId = query.entity ?? entities[0]?.id ?? null;
  return (
    <>
      <PageHeader title="Period close" subtitle="Each period's close checklist: run the checks, clear the blockers, soft close, hard close" />
      <form method="get" action="/close" className="search">
        <select name="entity" defaultValue={entityId === null ? "" : String(entityId)} aria-label="Entity">
          {entities.map((e) => <option key={e.id} value={e.id}>{e.code} {e.name}</option>)}
        </select>
        <button type="submit">Show</button>
      </form>
      {periods.length === 0 ? <Empty>No fiscal periods.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="close-periods">
            <thead><tr><th>Period</th><th>From</th><th>To</th><th>Ledger status</th><th>Close status</th><th className="num">Blockers</th><th>Last checked</th><th>Hard closed</th></tr></thead>
            <tbody>
              {periods.map((p) => (
                <tr key={p.periodId}>
                  <td><Link href={`/close/${p.periodId}`}>{p.code}</Link></td>
                  <td>{p.startDate}</td>
                  <td>{p.endDate}</td>
                  <td>{p.periodStatus.replace("_", " ")}</td>
                  <td>{(p.closeStatus ?? "not started").replace("_", " ")}</td>
                  <td className="num">{p.blockingCount ?? ""}</td>
                  <td>{p.lastCheckedAt ? dateTime(p.lastCheckedAt) : ""}</td>
                  <td>{p.hardClosedAt ? dateTime(p.hardClosedAt) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
