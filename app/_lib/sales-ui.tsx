// Small server-rendered pieces the sales pages share: the entity picker of a filter bar, status
// badges and the notice a page shows after a redirect.
import Link from "next/link";
import type { ReactNode } from "react";
import type { SalesEntity } from "./sales-data";
import { statusWords } from "./sales-format";

export function SalesStatus({ status, testId }: { status: string; testId?: string }) {
  return <span className={`badge status-${status}`} data-testid={testId ?? "sales-status"}>{statusWords(status)}</span>;
}

/** The entity select of a GET filter form; omitted when the user sees one entity only. */
export function EntitySelect({ entities, current }: { entities: SalesEntity[]; current: number }) {
  if (entities.length < 2) return <input type="hidden" name="entity" value={current} />;
  return (
    <label>
      Entity
      <select name="entity" defaultValue={String(current)} aria-label="Entity">
        {entities.map((e) => <option key={e.id} value={e.id}>{e.code} ({e.baseCurrency})</option>)}
      </select>
    </label>
  );
}

export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  return <p className="form-ok card" role="status" data-testid={testId ?? "notice"}>{children}</p>;
}

export function ApprovalLink({ requestId, label }: { requestId: number | null; label: string }) {
  if (requestId === null) return <span className="muted">—</span>;
  return <Link href={`/approvals/${requestId}`}>{label} #{requestId}</Link>;
}

export function JournalLink({ entryId }: { entryId: number | null }) {
  if (entryId === null) return <span className="muted">not posted</span>;
  return <Link href={`/ledger/entries/${entryId}`} data-testid="journal-link">Journal entry #{entryId}</Link>;
}
