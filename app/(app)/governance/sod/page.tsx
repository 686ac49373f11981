import type { Metadata } from "next";
import { hasPermission } from "../../../../core/governance";
import { listSodRules, sodConflictReport } from "../../../../core/governance/sod";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Segregation of duties" };

export default async function SodPage() {
  const user = await requireUser();
  if (!hasPermission(user, "audit:read") && !hasPermission(user, "governance.sod:manage")) return <Forbidden what="the segregation-of-duties report" />;
  const { report, rules } = await read(async (tx) => ({ report: await sodConflictReport(tx, user), rules: await listSodRules(tx, user) }));
  return (
    <>
      <PageHeader title="Segregation of duties" subtitle="Users whose roles together grant permissions the conflict matrix keeps apart" />
      <section className="card">
        <h2>Users with conflicting rights <span className="muted">({report.length})</span></h2>
        {report.length === 0 ? <Empty>No user holds conflicting rights.</Empty> : (
          <table className="data" data-testid="sod-report">
            <thead><tr><th>User</th><th>Roles</th><th>Conflict</th><th>Mode</th><th>Granted by</th></tr></thead>
            <tbody>
              {report.flatMap((row) => row.conflicts.map((conflict, index) => (
                <tr key={`${row.userId}-${conflict.permissionA}-${conflict.permissionB}`} data-username={row.username}>
                  {index === 0 ? (
                    <td rowSpan={row.conflicts.length}>
                      {row.displayName} <span className="muted">({row.username})</span>
                      {row.superuser ? <> <span className="badge status-overdue" data-testid="superuser">superuser</span></> : null}
                      {!row.active ? <> <span className="badge inactive">inactive</span></> : null}
                    </td>
                  ) : null}
                  {index === 0 ? <td rowSpan={row.conflicts.length}>{row.roles.join(", ")}</td> : null}
                  <td>{conflict.description}<div className="muted">{conflict.permissionA} × {conflict.permissionB}</div></td>
                  <td><span className={conflict.mode === "block" ? "badge status-rejected" : "badge status-pending"}>{conflict.mode}</span></td>
                  <td>{conflict.rolesGrantingA.join(", ")} × {conflict.rolesGrantingB.join(", ")}{conflict.superuser && !conflict.outsideSuperuser ? <div className="muted">only through the superuser role</div> : null}</td>
                </tr>
              )))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Conflict matrix <span className="muted">({rules.length} rules)</span></h2>
        {rules.length === 0 ? <Empty>No rules are stored; the built-in defaults apply.</Empty> : (
          <table className="data compact" data-testid="sod-rules">
            <thead><tr><th>Permission</th><th>Conflicts with</th><th>Mode</th><th>Why</th><th>Active</th><th>Since</th></tr></thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.permissionA}</td>
                  <td>{rule.permissionB}</td>
                  <td>{rule.mode === "block" ? "blocks the assignment" : "forces a compensating review"}</td>
                  <td>{rule.description}</td>
                  <td>{rule.active ? "yes" : <span className="muted">no</span>}</td>
                  <td>{dateTime(rule.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
