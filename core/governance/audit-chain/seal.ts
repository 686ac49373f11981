import { asc, desc, eq, notExists, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { auditLog, auditSeal } from "../schema";
import { auditRowHash, GENESIS_HASH, type SealedAuditFields } from "./hash";
import { sealedAuditColumns } from "./rows";

/** pg_advisory_xact_lock key of the sealer ("keelaudt" as a big-endian int8). */
export const AUDIT_SEAL_LOCK_KEY = "7738703050872022132";
export const AUDIT_SEAL_BATCH_ROWS = 10_000;
/** One call seals at most this many batches; the next call carries on. */
export const AUDIT_SEAL_BATCHES_MAX = 1_000;
const SEAL_INSERT_ROWS_MAX = 2_000;

export type ChainHead = { chainSeq: number; rowHash: string };
export type NewSeal = { chainSeq: number; auditId: number; previousHash: string; rowHash: string };

/** The last seal, or the genesis position before the first. */
export async function readChainHead(tx: Tx): Promise<ChainHead> {
  const [head] = await tx.select({ chainSeq: auditSeal.chainSeq, rowHash: auditSeal.rowHash })
    .from(auditSeal).orderBy(desc(auditSeal.chainSeq)).limit(1);
  return head ?? { chainSeq: 0, rowHash: GENESIS_HASH };
}

/** Links rows onto the chain after head, in the order given. Pure. */
export function buildSeals(head: ChainHead, rows: readonly SealedAuditFields[]): NewSeal[] {
  const seals: NewSeal[] = [];
  let previous = head;
  for (const row of rows) {
    const seal = { chainSeq: previous.chainSeq + 1, auditId: row.id, previousHash: previous.rowHash, rowHash: auditRowHash(previous.rowHash, row) };
    seals.push(seal);
    previous = seal;
  }
  return seals;
}

async function readUnsealed(tx: Tx, limit: number): Promise<SealedAuditFields[]> {
  return tx.select(sealedAuditColumns).from(auditLog)
    .where(notExists(tx.select({ one: sql`1` }).from(auditSeal).where(eq(auditSeal.auditId, auditLog.id))))
    .orderBy(asc(auditLog.id)).limit(limit);
}

async function insertSeals(tx: Tx, seals: readonly NewSeal[]): Promise<void> {
  for (let start = 0; start < seals.length; start += SEAL_INSERT_ROWS_MAX) {
    await tx.insert(auditSeal).values(seals.slice(start, start + SEAL_INSERT_ROWS_MAX));
  }
}

/**
 * The sealer must see seals committed by the sealer it waited for; under repeatable read
 * its snapshot would predate them and it would reuse their chain_seq.
 */
async function assertReadCommitted(tx: Tx): Promise<void> {
  const [row] = await tx.execute<{ level: string }>(sql`select current_setting('transaction_isolation') as level`);
  assert(row?.level === "read committed", `sealAuditLog needs a read committed transaction, not ${row?.level}`);
}

/**
 * Appends a seal for every committed audit row not sealed yet, in id order, chained to the
 * head. A row whose transaction commits after a later id was sealed is simply sealed by a
 * later call: the chain order is the sealer's, not the id order. One sealer at a time.
 */
export async function sealAuditLog(tx: Tx): Promise<{ sealed: number }> {
  await assertReadCommitted(tx);
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_SEAL_LOCK_KEY}::bigint)`);
  let head = await readChainHead(tx);
  let sealed = 0;
  for (let batch = 0; batch < AUDIT_SEAL_BATCHES_MAX; batch++) {
    const rows = await readUnsealed(tx, AUDIT_SEAL_BATCH_ROWS);
    if (rows.length === 0) break;
    const seals = buildSeals(head, rows);
    await insertSeals(tx, seals);
    const last = seals[seals.length - 1]!;
    assert(last.chainSeq === head.chainSeq + rows.length, "the chain grows by one seal per row");
    head = { chainSeq: last.chainSeq, rowHash: last.rowHash };
    sealed += rows.length;
    if (rows.length < AUDIT_SEAL_BATCH_ROWS) break;
  }
  return { sealed };
}
