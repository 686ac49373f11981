import type { AuditRow } from "../../core/masters";
import { dateTime } from "./format";
import { Empty } from "./ui";

function show(value: unknown): string {
  if (value === null || value === undefined) return "∅";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function fieldsOf(change: AuditRow): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => name !== "updatedAt" && name !== "createdAt").sort();
}

/** Who changed what and when, newest first, with each field's old and new value. */
export function ChangeHistory({ changes }: { changes: AuditRow[] }) {
  if (changes.length === 0) return <Empty>No recorded changes.</Empty>;
  return (
    <div className="table-wrap">
      <table className="data changes" data-testid="change-history">
        <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Changes</th></tr></thead>
        <tbody>
          {changes.map((change) => {
            const before = (change.before ?? {}) as Record<string, unknown>;
            const after = (change.after ?? {}) as Record<string, unknown>;
            const lines = fieldsOf(change).map((name) => change.action === "create" ? `${name}: ${show(after[name])}` : `${name}: ${show(before[name])} → ${show(after[name])}`);
            return (
              <tr key={change.id}>
                <td>{dateTime(change.occurredAt)}</td>
                <td>{change.actorName}</td>
                <td>{change.action}</td>
                <td><pre>{lines.join("\n")}</pre></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
