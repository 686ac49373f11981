import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { hasPermission } from "../../../../../core/governance";
import { APPROVAL_KINDS, DEFAULT_POLICIES, listPolicies, type ApprovalKind, type ApprovalPolicy } from "../../../../../core/governance/approvals";
import { read } from "../../../../_lib/db";
import { dateTime, digitsOf, type CurrencyDigits } from "../../../../_lib/format";
import { kindLabel, mayReadPolicies } from "../../../../_lib/governance-format";
import { PolicyEditor } from "../../../../_lib/governance-forms";
import { PolicyRulesView, StatusBadge } from "../../../../_lib/governance-view";
import { hrefWith, parseQuery, type SearchParams } from "../../../../_lib/query";
import { loadCurrencyDigits, loadEntities, type EntitySummary } from "../../../../_lib/reference-data";
import { requireUser } from "../../../../_lib/session";
import { Empty, Field, Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "Approval policy" };

const PolicyQuery = z.object({
  entity: z.coerce.number().int().positive().optional().catch(undefined),
  version: z.coerce.number().int().positive().optional().catch(undefined),
  saved: z.coerce.number().int().positive().optional().catch(undefined),
});

function isApprovalKind(value: string): value is ApprovalKind {
  return (APPROVAL_KINDS as readonly string[]).includes(value);
}

/**
 * Policy money is base-currency minor units. For one entity that is its base currency's scale;
 * for a global policy, the scale every entity shares, or none (then minor units are shown).
 */
function policyDigits(entities: EntitySummary[], digits: CurrencyDigits, entityId: number | null): number | null {
  const scoped = entityId === null ? entities : entities.filter((e) => e.id === entityId);
  const scales = new Set(scoped.map((e) => digitsOf(digits, e.baseCurrency)));
  return scales.size === 1 ? [...scales][0]! : null;
}

function VersionsTable({ versions, kind, entityId, shown }: { versions: ApprovalPolicy[]; kind: string; entityId: number | null; shown: number | null }) {
  return (
    <table className="data compact" data-testid="policy-versions">
      <thead><tr><th className="num">Version</th><th>Name</th><th>Status</th><th>Created</th><th>Retired</th><th className="num">Rules</th></tr></thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.id} className={v.version === shown ? "selected" : undefined}>
            <td className="num"><Link href={hrefWith(`/governance/policies/${kind}`, { entity: entityId ?? undefined, version: v.version })}>v{v.version}</Link></td>
            <td>{v.name}</td>
            <td><StatusBadge status={v.active ? "active" : "retired"} /></td>
            <td>{dateTime(v.createdAt)}</td>
            <td>{v.retiredAt ? dateTime(v.retiredAt) : "—"}</td>
            <td className="num">{v.rules.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function PolicyPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  const { kind } = await params;
  if (!isApprovalKind(kind)) notFound();
  if (!mayReadPolicies(user)) return <Forbidden what="the approval policies" />;
  const query = await parseQuery(PolicyQuery, searchParams);
  const entityId = query.entity ?? null;
  const { all, entities, digits } = await read(async (tx) => ({
    all: await listPolicies(tx, user, { kind, includeRetired: true }), entities: await loadEntities(tx, user), digits: await loadCurrencyDigits(tx, user),
  }));
  const versions = all.filter((p) => p.entityId === entityId);
  const active = versions.find((p) => p.active) ?? null;
  const shown = query.version === undefined ? active : versions.find((p) => p.version === query.version) ?? null;
  const entity = entities.find((e) => e.id === entityId);
  const scale = policyDigits(entities, digits, entityId);
  const editable = hasPermission(user, "governance.policies:manage");
  const template = active ?? { name: DEFAULT_POLICIES[kind].name, rules: DEFAULT_POLICIES[kind].rules };
  const otherScopes = [...new Set(all.filter((p) => p.entityId !== entityId).map((p) => p.entityId))];
  return (
    <>
      <PageHeader title={`${kindLabel(kind)} policy`} subtitle={<>{entity ? `${entity.code} only` : "All entities"} · <Link href="/governance/policies">All policies</Link>
        {otherScopes.map((id) => <span key={id ?? "global"}> · <Link href={hrefWith(`/governance/policies/${kind}`, { entity: id ?? undefined })}>{id === null ? "global policy" : `${entities.find((e) => e.id === id)?.code ?? id} policy`}</Link></span>)}</>} />
      {query.saved ? <p className="form-ok card" role="status" data-testid="policy-saved">Saved version {query.saved}; requests submitted from now on are routed by it.</p> : null}
      <section className="card">
        {shown ? (
          <>
            <div className="page-header">
              <h2 data-testid="policy-shown">{shown.name} v{shown.version} <StatusBadge status={shown.active ? "active" : "retired"} /></h2>
              <span className="muted">{scale === null ? "Amounts in minor units of the base currency" : entityId === null ? "Amounts in each entity's base currency" : `Amounts in ${entity?.baseCurrency ?? "the entity's base currency"}`}</span>
            </div>
            <dl className="kv-grid">
              <Field label="Created">{dateTime(shown.createdAt)}</Field>
              {shown.retiredAt ? <Field label="Retired">{dateTime(shown.retiredAt)}</Field> : null}
            </dl>
            <PolicyRulesView rules={shown.rules} digits={scale} />
          </>
        ) : <Empty>No {query.version ? `version ${query.version}` : "active version"} of this policy.</Empty>}
      </section>
      <section className="card">
        <h2>Versions</h2>
        {versions.length === 0 ? <Empty>Never saved.</Empty> : <VersionsTable versions={versions} kind={kind} entityId={entityId} shown={shown?.version ?? null} />}
      </section>
      {editable ? (
        <section className="card">
          <h2>Edit {active ? `(starts from v${active.version})` : "(starts from the default)"}</h2>
          <PolicyEditor kind={kind} entityId={entityId} name={template.name} rulesJson={JSON.stringify(template.rules, null, 2)} />
        </section>
      ) : null}
    </>
  );
}
