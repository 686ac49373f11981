import Link from "next/link";
import type { ReactNode } from "react";
import { hrefWith } from "./query";

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** A GET form: the query string is the state, so every result is a shareable link. */
export function SearchForm({ action, q, placeholder, children }: { action: string; q?: string; placeholder: string; children?: ReactNode }) {
  return (
    <form className="toolbar" action={action} method="get" role="search">
      <input type="search" name="q" defaultValue={q ?? ""} placeholder={placeholder} aria-label="Search" />
      {children}
      <button type="submit">Search</button>
    </form>
  );
}

export function Pager({ path, params, page, pageSize, total }: {
  path: string; params: Record<string, string | number | undefined>; page: number; pageSize: number; total: number;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-count" data-testid="pager-count">{from}–{to} of {total}</span>
      {page > 1 ? <Link href={hrefWith(path, { ...params, page: page - 1 })} rel="prev">‹ Previous</Link> : <span className="disabled">‹ Previous</span>}
      <span>Page {page} of {pages}</span>
      {page < pages ? <Link href={hrefWith(path, { ...params, page: page + 1 })} rel="next">Next ›</Link> : <span className="disabled">Next ›</span>}
    </nav>
  );
}

export function Forbidden({ what }: { what: string }) {
  return (
    <section className="forbidden" data-testid="forbidden">
      <h1>403 — Forbidden</h1>
      <p>Your role does not allow you to see {what}. Ask an administrator if you need access.</p>
      <p><Link href="/">Back to Home</Link></p>
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
