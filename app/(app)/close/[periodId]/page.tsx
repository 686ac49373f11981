import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "../../../../core/governance";
import { getCloseChecklist } from "../../../../core/ledger/close";
import { listRevaluationRuns } from "../../../../core/ledger/revaluation";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { loadOrNotFound } from "../../../_lib/page-data";
import { parseId, type SearchParams } from "../../../_lib/query";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";
import { closeStepAction } from "../actions";

export const metadata: Metadata = { title: "Close checklist" };

function StepButton({ periodId, step, label, disabled }: { periodId: number; step: string; label: string; disabled?: boolean }) {
  return (
    <form action={closeStepAction} style={{ display: "inline-block", marginRight: "0.5rem" }}>
      <input type="hidden" name="periodId" value={periodId} />
      <input type="hidden" name="step" value={step} />
      <button type="submit" disabled={disabled}>{label}</button>
    </form>
  );
}

type CheckDetail = { label: string; href?: string | null; amountMinor?: string | null };

export default async function CloseChecklistPage({ params, searchParams }: { params: Promise<{ periodId: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "ledger:read")) return <Forbidden what="the close checklist" />;
  const periodId = parseId((await params).periodId);
  if (periodId === null) notFound();
  const search = await searchParams;
  const { checklist, runs } = await loadOrNotFound(() => read(async (tx) => {
    const checklist = await getCloseChecklist(tx, user, { periodId });
    return { checklist, runs: await listRevaluationRuns(tx, user, { entityId: checklist.period.entityId, periodId }) };
  }));
  const { period, close, checks } = checklist;
  const status = close?.status ?? "open";
  const manage = hasPermission(user, "ledger.periods:manage");
  const post = hasPermission(user, "ledger:post");
  const closed = status === "soft_closed" || status === "hard_closed";
  return (
    <>
      <PageHeader title={`Close ${period.code}`} subtitle={<>Period {period.startDate} to {period.endDate} · <Link href={`/close?entity=${period.entityId}`}>all periods</Link></>} />
      {typeof search.done === "string" ? <p className="notice" data-testid="close-done">{search.done}</p> : null}
      {typeof search.error === "string" ? <p className="error" role="alert" data-testid="close-error">{search.error}</p> : null}
      <p data-testid="close-status">Close status: <strong>{status.replace("_", " ")}</strong> · ledger period {period.status.replace("_", " ")}
        {close?.startedAt ? <> · started {dateTime(close.startedAt)}</> : null}
        {close?.hardClosedAt ? <> · hard closed {dateTime(close.hardClosedAt)}</> : null}
        {close ? <> · blockers <span data-testid="close-blockers">{close.blockingCount}</span></> : null}</p>
      {manage ? (
        <div className="actions" style={{ margin: "1rem 0" }}>
          <StepButton periodId={period.id} step="check" label="Run checks" disabled={status === "hard_closed"} />
          {post ? <StepButton periodId={period.id} step="accrue" label="Accrue unbilled shipments" disabled={closed} /> : null}
          {post ? <StepButton periodId={period.id} step="revalue" label="Run FX revaluation" disabled={closed} /> : null}
          <StepButton periodId={period.id} step="soft" label="Soft close" disabled={closed} />
          <StepButton periodId={period.id} step="hard" label="Hard close" disabled={status !== "soft_closed"} />
        </div>
      ) : null}
      {checks.length === 0 ? <Empty>The checks have not run yet.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="close-checks">
            <thead><tr><th>Check</th><th>Result</th><th>Summary</th><th>Details</th></tr></thead>
            <tbody>
              {checks.map((check) => (
                <tr key={check.id} data-testid={`check-${check.checkCode}`}>
                  <td>{check.checkCode.replaceAll("_", " ")}</td>
                  <td data-testid={`check-result-${check.checkCode}`}>{check.blocking ? "blocking" : check.result}</td>
                  <td>{check.summary}</td>
                  <td>
                    <ul>
                      {(check.details as CheckDetail[]).map((d, index) => (
                        <li key={index}>{d.href ? <Link href={d.href}>{d.label}</Link> : d.label}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="revaluation">FX revaluation runs</h2>
      {runs.length === 0 ? <Empty>No revaluation of this period yet.</Empty> : (
        <table className="data" data-testid="revaluation-runs">
          <thead><tr><th>Run</th><th>Date</th><th className="num">Gain</th><th className="num">Loss</th><th>Entries</th></tr></thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{run.id}</td><td>{run.revaluationDate}</td><td className="num">{run.gainMinor.toString()}</td><td className="num">{run.lossMinor.toString()}</td>
                <td>{run.journalEntryIds.map((id) => <Link key={id} href={`/ledger/entries/${id}`}>{id} </Link>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && closed ? (
        <>
          <h2>Reopen</h2>
          <form action={closeStepAction}>
            <input type="hidden" name="periodId" value={period.id} />
            <input type="hidden" name="step" value="reopen" />
            <label>Reason <input name="reason" required minLength={5} /></label>
            <button type="submit">Request reopen</button>
          </form>
        </>
      ) : null}
    </>
  );
}
