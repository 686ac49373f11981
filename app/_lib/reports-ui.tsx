import Link from "next/link";
import type { ReactNode } from "react";
import type { StatementSection } from "../../core/ledger";
import { money } from "./format";
import { hrefWith } from "./query";
import { STATEMENT_VIEWS, VIEW_LABELS, type Period, type StatementView } from "./reports-data";

/** Print styles: the sidebar, top bar and toolbars go; print=1 shows the same page on screen. */
export function PrintStyles({ printView }: { printView: boolean }) {
  const rules = ".sidebar, .topbar, .toolbar, .no-print { display: none !important; } .main-column, .content { margin: 0 !important; padding: 0 !important; }";
  return <style>{`@media print { ${rules} }${printView ? ` ${rules}` : ""}`}</style>;
}

export function ViewTabs({ path, params, current, views = STATEMENT_VIEWS }: {
  path: string; params: Record<string, string | number | null | undefined>; current: StatementView; views?: readonly StatementView[];
}) {
  return (
    <nav className="toolbar no-print" aria-label="Statements">
      {views.map((view) => view === current
        ? <strong key={view} aria-current="page">{VIEW_LABELS[view]}</strong>
        : <Link key={view} href={hrefWith(path, { ...params, view })}>{VIEW_LABELS[view]}</Link>)}
    </nav>
  );
}

export function periodLabel(period: Period): string {
  return `${period.from} to ${period.to}`;
}

/** Statement sections as one table; each figure links where drillHref says (null: plain text). */
export function SectionsTable({ sections, digits, compare, drillHref, testId, footer }: {
  sections: readonly StatementSection[]; digits: number; compare: Period | null;
  drillHref: (line: StatementSection["lines"][number]) => string | null; testId: string; footer?: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead>
          <tr><th>Line</th><th className="num">Amount</th>{compare ? <th className="num">Comparison</th> : null}</tr>
        </thead>
        {sections.map((section) => (
          <tbody key={section.key} data-section={section.key}>
            <tr><th colSpan={compare ? 3 : 2}>{section.title}</th></tr>
            {section.lines.map((line) => {
              const href = drillHref(line);
              return (
                <tr key={line.key} data-line={line.key}>
                  <td>{line.label}</td>
                  <td className="num">{href ? <Link href={href}>{money(line.amountMinor, digits)}</Link> : money(line.amountMinor, digits)}</td>
                  {compare ? <td className="num">{money(line.compareMinor ?? 0n, digits)}</td> : null}
                </tr>
              );
            })}
            <tr data-total={section.key}>
              <th>Total {section.title.toLowerCase()}</th>
              <th className="num">{money(section.totalMinor, digits)}</th>
              {compare ? <th className="num">{money(section.compareTotalMinor ?? 0n, digits)}</th> : null}
            </tr>
          </tbody>
        ))}
        {footer}
      </table>
    </div>
  );
}
