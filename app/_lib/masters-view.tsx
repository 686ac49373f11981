import Link from "next/link";
import type { Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance";
import { getMasterOrThrow, listMasters, MASTER_KINDS, type FieldSpec, type MasterKind, type Row } from "../../core/masters";
import { formatMinor } from "../../core/shared/money";
import { money, qty, type CurrencyDigits } from "./format";
import { masterHref } from "./links";

/** Reference kinds with at most this many rows are loaded whole (labels and select options). */
export const SMALL_KIND_MAX = 200;
/** Keys looked up one by one on a page, for large kinds (items, customers); bounded by the page size. */
const KEY_LOOKUPS_MAX = 200;

export type Choice = { value: string; label: string };

/** Referenced rows by kind and key (as text), plus the select options of the small kinds. */
export type ReferenceData = {
  rows: Map<MasterKind, Map<string, Row>>;
  choices: Map<MasterKind, Choice[] | null>;
};

export function keyOfRow(kind: MasterKind, row: Row): string {
  return String(row[MASTER_KINDS[kind].keyField]);
}

/** A short human label: code or SKU, then name or description. */
export function rowLabel(kind: MasterKind, row: Row): string {
  const code = row.sku ?? row.code ?? (kind === "exchangeRate" ? `${String(row.fromCurrency)}→${String(row.toCurrency)} ${String(row.rateDate)}` : undefined);
  const name = row.description ?? row.name;
  if (code !== undefined && name !== undefined && code !== name) return `${String(code)} — ${String(name)}`;
  return String(code ?? name ?? row.id ?? "");
}

function referenceFields(kind: MasterKind): FieldSpec[] {
  return MASTER_KINDS[kind].fields.filter((f) => f.type === "reference" && f.referenceKind !== undefined);
}

/** Every kind that `kinds`' reference fields point at, plus the kinds themselves' parents. */
export function referencedKinds(kinds: readonly MasterKind[]): MasterKind[] {
  const set = new Set<MasterKind>();
  for (const kind of kinds) for (const f of referenceFields(kind)) set.add(f.referenceKind!);
  return [...set];
}

/**
 * Loads what is needed to show references by label: small kinds whole, large kinds only for the
 * keys that `rows` of `kind` refer to.
 */
export async function loadReferenceData(tx: Tx, actor: Actor, shown: { kind: MasterKind; rows: Row[] }[]): Promise<ReferenceData> {
  const data: ReferenceData = { rows: new Map(), choices: new Map() };
  const wanted = new Map<MasterKind, Set<string>>();
  for (const { kind, rows } of shown) {
    for (const f of referenceFields(kind)) {
      const keys = wanted.get(f.referenceKind!) ?? new Set<string>();
      for (const row of rows) if (row[f.name] !== null && row[f.name] !== undefined) keys.add(String(row[f.name]));
      wanted.set(f.referenceKind!, keys);
    }
  }
  for (const [refKind, keys] of wanted) {
    const page = await listMasters(tx, actor, refKind, { pageSize: SMALL_KIND_MAX, includeInactive: true });
    const byKey = new Map<string, Row>(page.rows.map((row) => [keyOfRow(refKind, row as Row), row as Row]));
    const small = page.total <= SMALL_KIND_MAX;
    data.choices.set(refKind, small ? page.rows.filter((r) => (r as Row).active !== false).map((r) => ({ value: keyOfRow(refKind, r as Row), label: rowLabel(refKind, r as Row) })) : null);
    if (!small) await lookUpKeys(tx, actor, refKind, keys, byKey);
    data.rows.set(refKind, byKey);
  }
  return data;
}

async function lookUpKeys(tx: Tx, actor: Actor, kind: MasterKind, keys: Set<string>, into: Map<string, Row>): Promise<void> {
  let looked = 0;
  for (const key of keys) {
    if (into.has(key)) continue;
    if (looked >= KEY_LOOKUPS_MAX) break;
    looked += 1;
    into.set(key, (await getMasterOrThrow(tx, actor, kind, key)) as Row);
  }
}

/** The currency code a money field of `row` is in, or null when it cannot be known here. */
export function moneyCurrency(kind: MasterKind, spec: FieldSpec, row: Row, refs: ReferenceData, parentRow: Row | null): string | null {
  const from = spec.currencyFrom;
  if (from === undefined) return null;
  if (from === "parent") {
    const parent = MASTER_KINDS[kind].parent;
    const owner = parentRow ?? (parent ? refs.rows.get(parent.kind)?.get(String(row[parent.field])) : undefined);
    return typeof owner?.currency === "string" ? owner.currency : null;
  }
  if (from === "entity") {
    const entity = refs.rows.get("legalEntity")?.get(String(row.entityId));
    return typeof entity?.baseCurrency === "string" ? entity.baseCurrency : null;
  }
  const code = row[from];
  return typeof code === "string" ? code : null;
}

/** A field's value as text a form input starts from (money in major units, no grouping). */
export function formValue(spec: FieldSpec, value: unknown, digits: number | null): string {
  if (value === null || value === undefined) return "";
  if (spec.type === "money" && typeof value === "bigint" && digits !== null) return formatMinor(value, digits);
  if (spec.type === "decimal") return qty(String(value)).replaceAll(",", "");
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function CellValue({ kind, spec, row, refs, digits, parentRow }: {
  kind: MasterKind; spec: FieldSpec; row: Row; refs: ReferenceData; digits: CurrencyDigits; parentRow?: Row | null;
}) {
  const value = row[spec.name];
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  switch (spec.type) {
    case "money": {
      const currency = moneyCurrency(kind, spec, row, refs, parentRow ?? null);
      const d = currency === null ? undefined : digits.get(currency);
      if (d === undefined || typeof value !== "bigint") return <>{String(value)} <span className="muted">minor units</span></>;
      return <>{money(value, d)} <span className="muted">{currency}</span></>;
    }
    case "boolean":
      return <>{value === true ? "Yes" : "No"}</>;
    case "decimal":
      return <>{qty(String(value))}</>;
    case "reference": {
      const refKind = spec.referenceKind!;
      const target = refs.rows.get(refKind)?.get(String(value));
      return <Link href={masterHref(refKind, String(value))}>{target ? rowLabel(refKind, target) : String(value)}</Link>;
    }
    default:
      return <>{value instanceof Date ? value.toISOString().slice(0, 10) : String(value)}</>;
  }
}

function referenceLabel(refs: ReferenceData, spec: FieldSpec, value: unknown): string {
  const target = refs.rows.get(spec.referenceKind!)?.get(String(value));
  return target ? rowLabel(spec.referenceKind!, target) : String(value ?? "");
}

export function ActiveBadge({ active }: { active: unknown }) {
  return active === false ? <span className="badge inactive">inactive</span> : <span className="badge">active</span>;
}

/** The table of a kind's rows with its list columns; the first column links to the row. */
export function MasterTable({ kind, rows, refs, digits, parentRow, testId }: {
  kind: MasterKind; rows: Row[]; refs: ReferenceData; digits: CurrencyDigits; parentRow?: Row | null; testId?: string;
}) {
  const descriptor = MASTER_KINDS[kind];
  const specs = new Map(descriptor.fields.map((f) => [f.name, f]));
  const columns = descriptor.listColumns.filter((c) => c !== "active");
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId ?? `list-${kind}`}>
        <thead>
          <tr>
            {columns.map((name) => {
              const spec = specs.get(name);
              const numeric = spec && (spec.type === "money" || spec.type === "decimal" || spec.type === "integer");
              return <th key={name} className={numeric ? "num" : undefined}>{spec?.label ?? name}</th>;
            })}
            <th>Active</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = keyOfRow(kind, row);
            return (
              <tr key={key}>
                {columns.map((name, index) => {
                  const spec = specs.get(name);
                  const numeric = spec && (spec.type === "money" || spec.type === "decimal" || spec.type === "integer");
                  const cell = spec ? <CellValue kind={kind} spec={spec} row={row} refs={refs} digits={digits} parentRow={parentRow} /> : String(row[name] ?? "");
                  return (
                    <td key={name} className={numeric ? "num" : undefined}>
                      {index === 0 ? <Link href={masterHref(kind, key)} data-testid="row-link">{spec?.type === "reference" ? referenceLabel(refs, spec, row[name]) : cell}</Link> : cell}
                    </td>
                  );
                })}
                <td><ActiveBadge active={row.active} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
