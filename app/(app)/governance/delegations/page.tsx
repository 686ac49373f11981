import type { Metadata } from "next";
import { hasPermission } from "../../../../core/governance";
import { listDelegations } from "../../../../core/governance/approvals";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { dateTimeInput } from "../../../_lib/governance-format";
import { DelegationForm, RevokeDelegationForm } from "../../../_lib/governance-forms";
import { delegateChoices } from "../../../_lib/governance-users";
import { StatusBadge } from "../../../_lib/governance-view";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Delegations" };

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_DAYS = 7;

function stateOf(delegation: { revokedAt: Date | null; startsAt: Date; endsAt: Date }, now: Date): string {
  if (delegation.revokedAt !== null) return "revoked";
  if (delegation.endsAt <= now) return "ended";
  return delegation.startsAt <= now ? "active" : "scheduled";
}

export default async function DelegationsPage() {
  const user = await requireUser();
  if (!hasPermission(user, "approvals:decide")) return <Forbidden what="approval delegations" />;
  const { delegations, users } = await read(async (tx) => ({ delegations: await listDelegations(tx, user), users: await delegateChoices(tx, user) }));
  const now = new Date();
  return (
    <>
      <PageHeader title="Delegations" subtitle="While you are away, someone you choose may decide the approvals that wait for you (never their own requests)" />
      <section className="card">
        <h2>New delegation</h2>
        <DelegationForm users={users} startsAt={dateTimeInput(now)} endsAt={dateTimeInput(new Date(now.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS))} />
      </section>
      <section className="card">
        <h2>From and to you</h2>
        {delegations.length === 0 ? <Empty>No delegations.</Empty> : (
          <table className="data compact" data-testid="delegations">
            <thead><tr><th className="num">#</th><th>From</th><th>To</th><th>From (UTC)</th><th>Until (UTC)</th><th>Reason</th><th>State</th><th /></tr></thead>
            <tbody>
              {delegations.map((d) => {
                const state = stateOf(d, now);
                return (
                  <tr key={d.id} data-delegation-id={d.id}>
                    <td className="num">{d.id}</td><td>{d.fromName}</td><td>{d.toName}</td>
                    <td>{dateTime(d.startsAt)}</td><td>{dateTime(d.endsAt)}</td><td>{d.reason ?? ""}</td>
                    <td><StatusBadge status={state} /></td>
                    <td>{state === "active" || state === "scheduled" ? <RevokeDelegationForm delegationId={d.id} /> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
