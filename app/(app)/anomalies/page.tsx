import type { Metadata } from "next";
import Link from "next/link";
import { asc } from "drizzle-orm";
import { hasPermission } from "../../../core/governance";
import { ANOMALY_STATUSES, listAnomalyFlags, type AnomalyFlag, type AnomalyStatus } from "../../../core/governance/anomalies";
import { legalEntity } from "../../../core/masters/schema";
import { read } from "../../_lib/db";
import { Empty, Forbidden, PageHeader } from "../../_lib/ui";
import { requireUser } from "../../_lib/session";
import { confirmAnomalyAction, dismissAnomalyAction } from "./actions";

export const metadata: Metadata = { title: "Anomaly review" };

const SUBJECT_LABELS: Record<string, string> = {
  journal_entry: "Journal entry", inventory_adjustment: "Stock adjustment", price_change: "Price change",
  sales_order: "Sales order", supplier_terms: "Supplier terms",
};

function subjectHref(flag: AnomalyFlag): string | null {
  if (flag.subjectType === "journal_entry") return `/ledger/entries/${flag.subjectId}`;
  if (flag.subjectType === "sales_order") return `/sales/orders/${flag.subjectId}`;
  if (flag.subjectType === "supplier_terms") return `/suppliers/${flag.subjectId}`;
  return null;
}

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function FlagRow({ flag, back, canDecide }: { flag: AnomalyFlag; back: string; canDecide: boolean }) {
  const href = subjectHref(flag);
  const subject = `${SUBJECT_LABELS[flag.subjectType] ?? flag.subjectType} ${flag.subjectId}`;
  return (
    <tr data-testid={`flag-${flag.id}`} data-subject={`${flag.subjectType}:${flag.subjectId}`}>
      <td><span className={`badge badge-${flag.severity}`}>{flag.severity}</span></td>
      <td>{flag.score.toFixed(3)}</td>
      <td>{href ? <Link href={href}>{subject}</Link> : subject}</td>
      <td>{flag.occurredOn}</td>
      <td>
        <p>{flag.reasons.summary}</p>
        <table className="data compact">
          <thead><tr><th>Feature</th><th>Value</th><th>Normal range</th><th>Weight</th></tr></thead>
          <tbody>{flag.reasons.features.map((f) => (
            <tr key={f.name}><td>{f.name}</td><td>{f.value}</td><td>{f.normalLow} to {f.normalHigh}</td><td>{Math.round(f.contribution * 100)}%</td></tr>
          ))}</tbody>
        </table>
        <p className="muted">Model {flag.modelVersion}</p>
      </td>
      <td>
        {flag.status !== "open" ? <span data-testid="flag-decision">{flag.status}: {flag.decisionReason}</span> : canDecide ? (
          <>
            <form action={confirmAnomalyAction}>
              <input type="hidden" name="flagId" value={flag.id} /><input type="hidden" name="back" value={back} />
              <input name="reason" aria-label={`Note for flag ${flag.id}`} placeholder="Note (optional)" />
              <button type="submit">Confirm</button>
            </form>
            <form action={dismissAnomalyAction}>
              <input type="hidden" name="flagId" value={flag.id} /><input type="hidden" name="back" value={back} />
              <input name="reason" aria-label={`Dismissal reason for flag ${flag.id}`} placeholder="Why it is normal" required minLength={3} />
              <button type="submit">Dismiss</button>
            </form>
          </>
        ) : <span className="muted">open</span>}
      </td>
    </tr>
  );
}

export default async function AnomaliesPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  if (!hasPermission(user, "anomalies:review")) return <Forbidden what="the anomaly review queue" />;
  const params = await searchParams;
  const entities = await read((tx) => tx.select({ id: legalEntity.id, code: legalEntity.code }).from(legalEntity).orderBy(asc(legalEntity.id)).limit(50));
  const entityId = Number(one(params.entity)) || user.defaultEntityId || entities[0]?.id;
  const statusParam = one(params.status);
  const status: AnomalyStatus = (ANOMALY_STATUSES as readonly string[]).includes(statusParam ?? "") ? statusParam as AnomalyStatus : "open";
  const flags = entityId ? await read((tx) => listAnomalyFlags(tx, user, { entityId, statuses: [status], limit: 200 })) : [];
  const back = `/anomalies?entity=${entityId}&status=${status}`;
  const done = one(params.done);
  const error = one(params.error);
  return (
    <>
      <PageHeader title="Anomaly review" subtitle="Flags from the anomaly scan: confirm what is wrong, dismiss what is normal (with the reason). Open high-severity flags block the period close." />
      {done ? <p className="form-ok card" role="status" data-testid="done">Flag {one(params.flag)} {done}.</p> : null}
      {error ? <p className="form-error card" role="alert">{error}</p> : null}
      <nav className="card">
        {entities.map((e) => <Link key={e.id} href={`/anomalies?entity=${e.id}&status=${status}`} aria-current={e.id === entityId ? "page" : undefined}>{e.code}</Link>)}
        {" · "}
        {ANOMALY_STATUSES.map((s) => <Link key={s} href={`/anomalies?entity=${entityId}&status=${s}`} aria-current={s === status ? "page" : undefined}>{s}</Link>)}
      </nav>
      {flags.length === 0 ? <Empty>No {status} flags.</Empty> : (
        <table className="data" data-testid="anomaly-flags">
          <thead><tr><th>Severity</th><th>Score</th><th>Subject</th><th>Date</th><th>Why</th><th>Decision</th></tr></thead>
          <tbody>{flags.map((flag) => <FlagRow key={flag.id} flag={flag} back={back} canDecide={hasPermission(user, "anomalies:review")} />)}</tbody>
        </table>
      )}
    </>
  );
}
