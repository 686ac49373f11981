import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Tx } from "../../../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../../../core/governance";
import { getMasterOrThrow, isMasterKind, MASTER_KINDS, type MasterKind, type Row } from "../../../../../core/masters";
import { read } from "../../../../_lib/db";
import { masterHref } from "../../../../_lib/links";
import { MasterForm } from "../../../../_lib/master-form";
import { buildFormFields } from "../../../../_lib/master-form-fields";
import { loadReferenceData, rowLabel } from "../../../../_lib/masters-view";
import { loadOrNotFound } from "../../../../_lib/page-data";
import type { SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { requireUser } from "../../../../_lib/session";
import { Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "New master record" };

/** Query values that name a field of the kind prefill it (a child's parent, a filter carried over). */
function prefillFrom(kind: MasterKind, raw: Record<string, string | string[] | undefined>): Row {
  const row: Row = {};
  for (const spec of MASTER_KINDS[kind].fields) {
    const value = raw[spec.name];
    if (typeof value === "string" && value.length <= 200) row[spec.name] = value;
  }
  return row;
}

async function loadNew(tx: Tx, user: SessionUser, kind: MasterKind, prefill: Row) {
  const parent = MASTER_KINDS[kind].parent;
  const parentKey = parent ? prefill[parent.field] : undefined;
  const parentRow = parent && typeof parentKey === "string" ? ((await getMasterOrThrow(tx, user, parent.kind, parentKey)) as Row) : null;
  return { parentRow, refs: await loadReferenceData(tx, user, [{ kind, rows: [prefill] }]), digits: await loadCurrencyDigits(tx, user) };
}

export default async function NewMasterPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  const { kind } = await params;
  if (!isMasterKind(kind)) notFound();
  const descriptor = MASTER_KINDS[kind];
  if (!hasPermission(user, descriptor.permission)) return <Forbidden what={`the form for new ${descriptor.labelPlural.toLowerCase()}`} />;
  const prefill = prefillFrom(kind, await searchParams);
  const data = await loadOrNotFound(() => read((tx) => loadNew(tx, user, kind, prefill)));
  const parent = descriptor.parent;
  const locked = parent && data.parentRow ? [parent.field] : [];
  const fields = buildFormFields({ kind, mode: "create", row: prefill, refs: data.refs, digits: data.digits, parentRow: data.parentRow, locked });
  return (
    <>
      <PageHeader
        title={`New ${descriptor.label.toLowerCase()}`}
        subtitle={parent && data.parentRow
          ? <>For {MASTER_KINDS[parent.kind].label.toLowerCase()} <Link href={masterHref(parent.kind, String(prefill[parent.field]))}>{rowLabel(parent.kind, data.parentRow)}</Link></>
          : <Link href={`/masters/${kind}`}>All {descriptor.labelPlural.toLowerCase()}</Link>}
      />
      <section className="card">
        <MasterForm kind={kind} mode="create" masterKey={null} fields={fields} submitLabel={`Create ${descriptor.label.toLowerCase()}`} />
      </section>
    </>
  );
}
