import Link from "next/link";
import type { ReactNode } from "react";
import type { PolicyCondition, PolicyRule, PolicyStep } from "../../core/governance/approvals";
import { MASTER_KINDS, type MasterKind, type Row } from "../../core/masters";
import { dateTime, groupThousands, money, type CurrencyDigits } from "./format";
import { kindLabel, plainValue } from "./governance-format";
import { CellValue, type ReferenceData } from "./masters-view";
import { hrefWith } from "./query";
import { Empty } from "./ui";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`} data-testid="status">{status}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge severity-${severity}`}>{severity}</span>;
}

export function OverdueBadge({ overdue }: { overdue: boolean }) {
  return overdue ? <span className="badge status-overdue">overdue</span> : null;
}

/** Links that switch a page's view through the query string; the current one is marked. */
export function Tabs({ path, current, tabs, keep }: { path: string; current: string; tabs: { id: string; label: ReactNode }[]; keep?: Record<string, string | undefined> }) {
  return (
    <nav className="tabs" aria-label="Views">
      {tabs.map((tab) => (
        <Link key={tab.id} href={hrefWith(path, { ...keep, tab: tab.id })} className={tab.id === current ? "tab active" : "tab"} aria-current={tab.id === current ? "page" : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

type AuditLike = { id: number; occurredAt: Date; actorName: string; action: string; objectKind: string; objectId: string; before: unknown; after: unknown; requestId: string | null };

function changeLines(before: unknown, after: unknown): string {
  const b = before !== null && typeof before === "object" ? (before as Record<string, unknown>) : null;
  const a = after !== null && typeof after === "object" ? (after as Record<string, unknown>) : null;
  if (b === null && a === null) return "";
  if (b === null) return Object.entries(a!).map(([name, value]) => `${name}: ${plainValue(value)}`).join("\n");
  // Fields a state change carries unchanged (its step number, say) are noise next to what changed.
  const names = [...new Set([...Object.keys(b), ...Object.keys(a ?? {})])].filter((name) => plainValue(b[name]) !== plainValue(a?.[name]));
  return names.map((name) => `${name}: ${plainValue(b[name])} → ${plainValue(a?.[name])}`).join("\n");
}

/** Audit rows with who, when, what and the before → after of each field. */
export function AuditTable({ rows, showObject, testId }: { rows: AuditLike[]; showObject: boolean; testId: string }) {
  if (rows.length === 0) return <Empty>No audit entries.</Empty>;
  return (
    <div className="table-wrap">
      <table className="data changes audit-changes" data-testid={testId}>
        <thead><tr><th>When</th><th>Who</th><th>Action</th>{showObject ? <th>Object</th> : null}<th>Changes</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="when">{dateTime(row.occurredAt)}</td>
              <td>{row.actorName}</td>
              <td>{row.action}</td>
              {showObject ? <td>{row.objectKind} {row.objectId}{row.requestId ? <div className="muted">{row.requestId}</div> : null}</td> : null}
              <td><pre>{changeLines(row.before, row.after)}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const OPERATOR_TEXT: Record<string, string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", in: "is one of", not_in: "is none of", contains: "contains any of" };
const MONEY_FACT_NAMES = new Set(["amountMinor", "quantityValueMinor"]);

/** Policy money is in base-currency minor units; shown at `digits` decimals when the scale is known. */
function moneyText(value: string | number, digits: number | null): string {
  const minor = BigInt(value);
  return digits === null ? `${groupThousands(minor.toString())} minor units` : money(minor, digits);
}

function conditionText(condition: PolicyCondition, digits: number | null): string {
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  const shown = values.map((v) => (MONEY_FACT_NAMES.has(condition.fact) && (typeof v === "string" || typeof v === "number") ? moneyText(v, digits) : String(v)));
  return `${condition.fact} ${OPERATOR_TEXT[condition.op] ?? condition.op} ${shown.join(", ")}`;
}

function stepText(step: PolicyStep, digits: number | null): string {
  const who = step.approverRole ? `role ${step.approverRole}` : `user #${step.approverUserId}`;
  const threshold = step.thresholdMinor ? `, when the amount is at least ${moneyText(step.thresholdMinor, digits)}` : "";
  const escalation = step.escalateToRole ? `, then escalates to ${step.escalateToRole}` : "";
  return `${who} within ${step.timeLimitHours} h${escalation}${threshold}`;
}

/** A policy's rules as sentences, in the order they are tried. */
export function PolicyRulesView({ rules, digits, testId }: { rules: PolicyRule[]; digits: number | null; testId?: string }) {
  return (
    <ol className="rule-list" data-testid={testId ?? "policy-rules"}>
      {rules.map((rule, index) => (
        <li key={`${index}-${rule.name}`}>
          <strong>{rule.name}</strong>
          <div className="muted">{rule.when.length === 0 ? "Always" : `When ${rule.when.map((c) => conditionText(c, digits)).join(" and ")}`}</div>
          {rule.outcome.type === "auto_approve"
            ? <div>Auto-approve: {rule.outcome.reason}</div>
            : <ol className="step-list">{rule.outcome.steps.map((step, n) => <li key={n}>{stepText(step, digits)}</li>)}</ol>}
        </li>
      ))}
    </ol>
  );
}

/** A stored payload value typed like the row's column, so the master views can format it. */
function typedValue(kind: MasterKind, name: string, value: unknown): unknown {
  const spec = MASTER_KINDS[kind].fields.find((f) => f.name === name);
  if (spec?.type === "money" && (typeof value === "string" || typeof value === "number") && /^-?\d+$/.test(String(value))) return BigInt(value);
  return value;
}

export type MasterChange = { kind: MasterKind; key: string; patch: Record<string, unknown>; before: Record<string, unknown> | null };

/** A master-data change request's fields, each with the value before and the value it sets. */
export function ChangeTable({ change, row, refs, digits }: { change: MasterChange; row: Row; refs: ReferenceData; digits: CurrencyDigits }) {
  const specs = new Map(MASTER_KINDS[change.kind].fields.map((f) => [f.name, f]));
  const withValue = (name: string, value: unknown): Row => ({ ...row, [name]: typedValue(change.kind, name, value) });
  return (
    <table className="data compact" data-testid="change-payload">
      <thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>
      <tbody>
        {Object.entries(change.patch).map(([name, after]) => {
          const spec = specs.get(name);
          const before = change.before?.[name];
          return (
            <tr key={name}>
              <td>{spec?.label ?? kindLabel(name)}</td>
              <td data-testid={`before-${name}`}>{spec ? <CellValue kind={change.kind} spec={spec} row={withValue(name, before)} refs={refs} digits={digits} /> : plainValue(before)}</td>
              <td data-testid={`after-${name}`}>{spec ? <CellValue kind={change.kind} spec={spec} row={withValue(name, after)} refs={refs} digits={digits} /> : plainValue(after)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Where an exception's linked document lives in the app, or null when it has no page yet. */
export function documentHref(type: string, id: string): string | null {
  if (!/^\d+$/.test(id)) return null;
  switch (type) {
    case "item": case "customer": case "supplier": case "warehouse":
      return `/masters/${type}/${id}`;
    case "inventory_document":
      return `/inventory/documents/${id}`;
    case "journal_entry":
      return `/ledger/entries/${id}`;
    case "approval_request":
      return `/approvals/${id}`;
    default:
      return null;
  }
}
