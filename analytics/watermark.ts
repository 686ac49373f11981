// The extraction watermark: a PostgreSQL snapshot (pg_current_snapshot(), "xmin:xmax:xip,...").
// A row version belongs in the next refresh exactly when the previous refresh's snapshot could
// not see it: its creating transaction committed after that snapshot was taken, whatever order
// transactions started in. See analytics/README.md.
import { assert } from "../core/shared/assert";

export type PgSnapshot = { text: string; xmin: bigint; xmax: bigint; inProgress: bigint[] };

export function parseSnapshot(text: string): PgSnapshot {
  const match = /^(\d+):(\d+):([\d,]*)$/.exec(text.trim());
  assert(match !== null, `not a pg_snapshot: ${text}`);
  const inProgress = match[3] === "" ? [] : match[3]!.split(",").map((x) => BigInt(x));
  const snapshot = { text: text.trim(), xmin: BigInt(match[1]!), xmax: BigInt(match[2]!), inProgress };
  assert(snapshot.xmin <= snapshot.xmax, "snapshot xmin <= xmax");
  return snapshot;
}

/** The column every mirrored table carries: the top-level transaction that wrote the row version (migration 0020). */
export const CHANGE_MARKER = "change_xid";

/**
 * SQL condition: the row version was written by a transaction the `previous` snapshot could not
 * see (it had not committed when the snapshot was taken). `change_xid` is the writer's TOP-LEVEL
 * xid8, set by a trigger: a snapshot's in-progress list names only top-level transactions, so the
 * row's own xmin (a subtransaction id when written in a savepoint) could be taken for committed.
 * The range test first lets the change_xid index skip every version older than previous.xmin.
 */
export function rowVersionsUnseenBy(previous: PgSnapshot): string {
  assert(/^[\d:,]+$/.test(previous.text), "a snapshot text is digits, colons and commas");
  return `${CHANGE_MARKER} >= '${previous.xmin}'::xid8 and not pg_visible_in_snapshot(${CHANGE_MARKER}, '${previous.text}'::pg_snapshot)`;
}
