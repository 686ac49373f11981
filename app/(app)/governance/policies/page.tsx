import type { Metadata } from "next";
import Link from "next/link";
import { APPROVAL_KINDS, listPolicies } from "../../../../core/governance/approvals";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { kindLabel, mayReadPolicies } from "../../../_lib/governance-format";
import { loadEntities } from "../../../_lib/reference-data";
import { requireUser } from "../../../_lib/session";
import { Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Approval policies" };

export default async function PoliciesPage() {
  const user = await requireUser();
  if (!mayReadPolicies(user)) return <Forbidden what="the approval policies" />;
  const { policies, entities } = await read(async (tx) => ({ policies: await listPolicies(tx, user), entities: await loadEntities(tx, user) }));
  const withoutPolicy = APPROVAL_KINDS.filter((kind) => !policies.some((p) => p.kind === kind));
  return (
    <>
      <PageHeader title="Approval policies" subtitle="The active version of each kind's policy; open one to read its rules, its history, or to change it" />
      <div className="table-wrap">
        <table className="data" data-testid="policy-list">
          <thead><tr><th>Kind</th><th>Policy</th><th>Scope</th><th className="num">Version</th><th className="num">Rules</th><th>Since</th></tr></thead>
          <tbody>
            {policies.map((policy) => {
              const entity = entities.find((e) => e.id === policy.entityId);
              const href = `/governance/policies/${policy.kind}${policy.entityId ? `?entity=${policy.entityId}` : ""}`;
              return (
                <tr key={policy.id}>
                  <td><Link href={href}>{kindLabel(policy.kind)}</Link></td>
                  <td>{policy.name}</td>
                  <td>{entity ? `${entity.code} only` : "All entities"}</td>
                  <td className="num" data-testid={`policy-version-${policy.kind}`}>{policy.version}</td>
                  <td className="num">{policy.rules.length}</td>
                  <td>{dateTime(policy.createdAt)}</td>
                </tr>
              );
            })}
            {withoutPolicy.map((kind) => (
              <tr key={kind}><td><Link href={`/governance/policies/${kind}`}>{kindLabel(kind)}</Link></td><td className="muted" colSpan={5}>No policy: requests of this kind are refused.</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
