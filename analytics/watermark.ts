// The extraction watermark: a PostgreSQL snapshot (pg_current_snapshot(), "xmin:xmax:xip,...").
// A row version belongs in the next refresh exactly when the previous refresh's snapshot could
// not see it: its creating transaction committed after that snapshot was taken, whatever order
// transactions started in. See analytics/README.md.
import { assert } from "../core/shared/assert";

export type PgSnapshot = { text: string; xmin: bigint; xmax: bigint; inProgress: bigint[] };

const TWO_POW_32 = 4_294_967_296n;

export function parseSnapshot(text: string): PgSnapshot {
  const match = /^(\d+):(\d+):([\d,]*)$/.exec(text.trim());
  assert(match !== null, `not a pg_snapshot: ${text}`);
  const inProgress = match[3] === "" ? [] : match[3]!.split(",").map((x) => BigInt(x));
  const snapshot = { text: text.trim(), xmin: BigInt(match[1]!), xmax: BigInt(match[2]!), inProgress };
  assert(snapshot.xmin <= snapshot.xmax, "snapshot xmin <= xmax");
  return snapshot;
}

/**
 * The 64-bit id (xid8) of a row's xmin. xmin is the 32-bit xid; every row the current snapshot
 * can see was created before its xmax, so the epoch is xmax's, or the one before it when that
 * would put the xid at or past xmax.
 */
export function fullXminSql(current: PgSnapshot): string {
  const base = (current.xmax / TWO_POW_32) * TWO_POW_32;
  const candidate = `(${base} + xmin::text::bigint)`;
  return `(${candidate} - case when ${candidate} >= ${current.xmax} then ${TWO_POW_32} else 0 end)`;
}

/**
 * SQL condition: the row version was invisible to `previous` (created by a transaction that had
 * not committed when it was taken). The cheap range tests first: versions older than its xmin were
 * visible. `age(xmin)` (32-bit distance to this transaction's stable next xid, no text conversion)
 * passes every version created at or after previous.xmin, so it only narrows what the exact 64-bit
 * test and pg_visible_in_snapshot then decide; it is about three times cheaper per scanned row.
 */
export function rowVersionsUnseenBy(previous: PgSnapshot, current: PgSnapshot): string {
  assert(/^[\d:,]+$/.test(previous.text), "a snapshot text is digits, colons and commas");
  const full = fullXminSql(current);
  const previousXmin32 = previous.xmin % TWO_POW_32;
  return `age(xmin) <= age('${previousXmin32}'::xid) and ${full} >= ${previous.xmin}
    and not pg_visible_in_snapshot(${full}::text::xid8, '${previous.text}'::pg_snapshot)`;
}
