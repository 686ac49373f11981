import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import type { Tx } from "../../../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../../../core/governance";
import { listStockOnHand } from "../../../../../core/inventory";
import {
  getMasterOrThrow, isMasterKind, listMasterChanges, listMasters, MASTER_KIND_NAMES, MASTER_KINDS, type MasterKind, type Row,
} from "../../../../../core/masters";
import { ChangeHistory } from "../../../../_lib/change-history";
import { read } from "../../../../_lib/db";
import { dateTime, digitsOf, money, qty, type CurrencyDigits } from "../../../../_lib/format";
import { hrefWith } from "../../../../_lib/query";
import { masterHref } from "../../../../_lib/links";
import { ActiveToggle, MasterForm } from "../../../../_lib/master-form";
import { buildFormFields } from "../../../../_lib/master-form-fields";
import { ActiveBadge, CellValue, keyOfRow, loadReferenceData, MasterTable, rowLabel, type ReferenceData } from "../../../../_lib/masters-view";
import { loadOrNotFound } from "../../../../_lib/page-data";
import { parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Master data" };

const CHILD_ROWS_MAX = 100;
const STOCK_ROWS_MAX = 50;
const CHANGES_SHOWN = 50;
const DetailQuery = z.object({ saved: z.enum(["created", "updated", "deactivated", "reactivated"]).optional().catch(undefined) });

type Child = { kind: MasterKind; field: string; rows: Row[]; total: number };

function childKindsOf(kind: MasterKind): { kind: MasterKind; field: string }[] {
  return MASTER_KIND_NAMES.flatMap((child) => {
    const parent = MASTER_KINDS[child].parent;
    return parent && parent.kind === kind ? [{ kind: child, field: parent.field }] : [];
  });
}

async function loadStock(tx: Tx, user: SessionUser, kind: MasterKind, key: string) {
  if (!hasPermission(user, "inventory:read")) return null;
  if (kind === "item") return listStockOnHand(tx, user, { itemId: Number(key), pageSize: STOCK_ROWS_MAX });
  if (kind === "warehouse") return listStockOnHand(tx, user, { warehouseId: Number(key), pageSize: STOCK_ROWS_MAX });
  return null;
}

async function loadDetail(tx: Tx, user: SessionUser, kind: MasterKind, key: string) {
  const row = (await getMasterOrThrow(tx, user, kind, key)) as Row;
  const parent = MASTER_KINDS[kind].parent;
  const parentRow = parent ? ((await getMasterOrThrow(tx, user, parent.kind, String(row[parent.field]))) as Row) : null;
  const children: Child[] = [];
  for (const child of childKindsOf(kind)) {
    const page = await listMasters(tx, user, child.kind, { filters: { [child.field]: keyOfRow(kind, row) }, includeInactive: true, pageSize: CHILD_ROWS_MAX });
    children.push({ ...child, rows: page.rows as Row[], total: page.total });
  }
  const canSeeHistory = hasPermission(user, "audit:read") || hasPermission(user, MASTER_KINDS[kind].permission);
  const changes = canSeeHistory ? await listMasterChanges(tx, user, kind, keyOfRow(kind, row), { limit: CHANGES_SHOWN }) : null;
  const refs = await loadReferenceData(tx, user, [{ kind, rows: [row] }, ...children.map((c) => ({ kind: c.kind, rows: c.rows }))]);
  return { row, parentRow, children, changes, refs, stock: await loadStock(tx, user, kind, keyOfRow(kind, row)), digits: await loadCurrencyDigits(tx, user) };
}

function StockSection({ kind, stock, digits, keyText }: { kind: MasterKind; stock: NonNullable<Awaited<ReturnType<typeof loadStock>>>; digits: CurrencyDigits; keyText: string }) {
  return (
    <section className="card">
      <h2>{kind === "item" ? "Stock by warehouse" : "Stock in this warehouse"} <span className="muted">({stock.total})</span></h2>
      {stock.rows.length === 0 ? <Empty>No stock on hand.</Empty> : (
        <table className="data compact" data-testid="detail-stock">
          <thead><tr><th>{kind === "item" ? "Warehouse" : "SKU"}</th><th className="num">On hand</th><th className="num">Allocated</th><th className="num">Available</th><th className="num">Value</th></tr></thead>
          <tbody>
            {stock.rows.map((s) => (
              <tr key={`${s.itemId}-${s.warehouseId}`}>
                <td>{kind === "item" ? <Link href={masterHref("warehouse", s.warehouseId)}>{s.warehouseCode}</Link> : <Link href={masterHref("item", s.itemId)}>{s.sku}</Link>}</td>
                <td className="num">{qty(s.qtyOnHand)} {s.baseUom}</td>
                <td className="num">{qty(s.qtyAllocated)}</td>
                <td className="num">{qty(s.qtyAvailable)}</td>
                <td className="num">{money(s.valueMinor, digitsOf(digits, s.currency))} <span className="muted">{s.currency}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {kind === "warehouse" && stock.total > stock.rows.length ? <p><Link href={hrefWith("/stock", { warehouse: keyText })}>All stock in this warehouse</Link></p> : null}
    </section>
  );
}

function ChildSection({ parentKind, parentKey, parentRow, child, refs, digits, canWrite }: {
  parentKind: MasterKind; parentKey: string; parentRow: Row; child: Child; refs: ReferenceData; digits: CurrencyDigits; canWrite: boolean;
}) {
  const descriptor = MASTER_KINDS[child.kind];
  return (
    <section className="card" data-testid={`children-${child.kind}`}>
      <div className="page-header">
        <h2>{descriptor.labelPlural} <span className="muted">({child.total})</span></h2>
        {canWrite ? <Link className="button" href={hrefWith(`/masters/${child.kind}/new`, { [child.field]: parentKey })}>Add {descriptor.label.toLowerCase()}</Link> : null}
      </div>
      {child.rows.length === 0 ? <Empty>None yet.</Empty> : <MasterTable kind={child.kind} rows={child.rows} refs={refs} digits={digits} parentRow={parentRow} testId={`list-${child.kind}`} />}
      {child.total > child.rows.length ? <p className="muted">Showing the first {child.rows.length} of {child.total} for this {MASTER_KINDS[parentKind].label.toLowerCase()}.</p> : null}
    </section>
  );
}

export default async function MasterDetailPage({ params, searchParams }: { params: Promise<{ kind: string; key: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  const { kind, key } = await params;
  if (!isMasterKind(kind)) notFound();
  if (!hasPermission(user, "masters:read")) return <Forbidden what="master data" />;
  const query = await parseQuery(DetailQuery, searchParams);
  const detail = await loadOrNotFound(() => read((tx) => loadDetail(tx, user, kind, key)));
  const descriptor = MASTER_KINDS[kind];
  const canWrite = hasPermission(user, descriptor.permission);
  const keyText = keyOfRow(kind, detail.row);
  const fields = buildFormFields({ kind, mode: "update", row: detail.row, refs: detail.refs, digits: detail.digits, parentRow: detail.parentRow });
  return (
    <>
      <PageHeader
        title={`${descriptor.label}: ${rowLabel(kind, detail.row)}`}
        subtitle={<><ActiveBadge active={detail.row.active} /> <Link href={`/masters/${kind}`}>All {descriptor.labelPlural.toLowerCase()}</Link>
          {descriptor.parent && detail.parentRow ? <> · <Link href={masterHref(descriptor.parent.kind, String(detail.row[descriptor.parent.field]))}>{MASTER_KINDS[descriptor.parent.kind].label} {rowLabel(descriptor.parent.kind, detail.parentRow)}</Link></> : null}</>}
      />
      {query.saved ? <p className="form-ok card" role="status" data-testid="saved">Saved: {descriptor.label.toLowerCase()} {query.saved}.</p> : null}
      <dl className="kv-grid card" data-testid="master-fields">
        {descriptor.fields.map((spec) => (
          <Field key={spec.name} label={spec.label}>
            <span data-field-value={spec.name}><CellValue kind={kind} spec={spec} row={detail.row} refs={detail.refs} digits={detail.digits} parentRow={detail.parentRow} /></span>
          </Field>
        ))}
        <Field label="Active"><ActiveBadge active={detail.row.active} /></Field>
        {"updatedAt" in detail.row ? <Field label="Last changed">{dateTime(detail.row.updatedAt as Date)}</Field> : null}
      </dl>
      {detail.stock ? <StockSection kind={kind} stock={detail.stock} digits={detail.digits} keyText={keyText} /> : null}
      {detail.children.map((child) => (
        <ChildSection key={child.kind} parentKind={kind} parentKey={keyText} parentRow={detail.row} child={child} refs={detail.refs} digits={detail.digits}
          canWrite={hasPermission(user, MASTER_KINDS[child.kind].permission)} />
      ))}
      {canWrite ? (
        <section className="card">
          <h2>Edit</h2>
          <MasterForm kind={kind} mode="update" masterKey={keyText} fields={fields} submitLabel={`Save ${descriptor.label.toLowerCase()}`} />
          <ActiveToggle kind={kind} masterKey={keyText} active={detail.row.active !== false} label={descriptor.label.toLowerCase()} />
        </section>
      ) : null}
      {detail.changes ? (
        <section className="card">
          <h2>Change history</h2>
          <ChangeHistory changes={detail.changes} />
        </section>
      ) : null}
    </>
  );
}
