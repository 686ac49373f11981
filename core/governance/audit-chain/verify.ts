import { asc, eq, gt } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { auditLog, auditSeal } from "../schema";
import { auditRowHash, GENESIS_HASH, type SealedAuditFields } from "./hash";
import { sealedAuditColumns } from "./rows";
import { sealAuditLog } from "./seal";

export const AUDIT_VERIFY_BATCH_ROWS = 5_000;
/** Far beyond any real log; the bound only stops a runaway loop. */
export const AUDIT_VERIFY_ROWS_MAX = 1_000_000_000;

/**
 * row_altered: the audit row no longer hashes to its seal. row_deleted: the sealed row is gone.
 * chain_gap: a chain_seq is missing. link_broken: a seal's previousHash is not the row hash
 * of the seal before it.
 */
export type AuditChainProblem = "row_altered" | "row_deleted" | "chain_gap" | "link_broken";
export type AuditChainBreak = { chainSeq: number; auditId: number; problem: AuditChainProblem };
export type AuditChainVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; firstBroken: AuditChainBreak };

type SealWithRow = { chainSeq: number; auditId: number; previousHash: string; rowHash: string; row: SealedAuditFields | null };

async function readSealBatch(tx: Tx, afterChainSeq: number): Promise<SealWithRow[]> {
  const rows = await tx.select({
    chainSeq: auditSeal.chainSeq, auditId: auditSeal.auditId, previousHash: auditSeal.previousHash, rowHash: auditSeal.rowHash,
    row: sealedAuditColumns,
  }).from(auditSeal).leftJoin(auditLog, eq(auditLog.id, auditSeal.auditId))
    .where(gt(auditSeal.chainSeq, afterChainSeq)).orderBy(asc(auditSeal.chainSeq)).limit(AUDIT_VERIFY_BATCH_ROWS);
  // A left join yields a row of nulls, not null, when the audit row is missing; id is never null otherwise.
  return rows.map((r) => ({ ...r, row: r.row === null || r.row.id === null ? null : (r.row as SealedAuditFields) }));
}

/** The first thing wrong with one seal, given where the chain stands before it. Pure. */
export function checkSeal(seal: SealWithRow, expectedChainSeq: number, previousRowHash: string): AuditChainProblem | null {
  if (seal.chainSeq !== expectedChainSeq) return "chain_gap";
  if (seal.previousHash !== previousRowHash) return "link_broken";
  if (seal.row === null) return "row_deleted";
  if (auditRowHash(seal.previousHash, seal.row) !== seal.rowHash) return "row_altered";
  return null;
}

/**
 * Seals what is unsealed, then walks the chain in chain_seq order and reports the first seal
 * that does not hold. The sealer's lock stays held until the transaction ends, so the chain
 * cannot grow while it is walked.
 */
export async function verifyAuditChain(tx: Tx): Promise<AuditChainVerification> {
  await sealAuditLog(tx);
  let previousRowHash = GENESIS_HASH;
  let lastChainSeq = 0;
  let checked = 0;
  while (checked < AUDIT_VERIFY_ROWS_MAX) {
    const seals = await readSealBatch(tx, lastChainSeq);
    if (seals.length === 0) return { ok: true, checked };
    for (const seal of seals) {
      const problem = checkSeal(seal, checked + 1, previousRowHash);
      if (problem !== null) return { ok: false, checked, firstBroken: { chainSeq: seal.chainSeq, auditId: seal.auditId, problem } };
      previousRowHash = seal.rowHash;
      checked += 1;
    }
    const last = seals[seals.length - 1]!.chainSeq;
    assert(last > lastChainSeq, "the walk moves forward");
    lastChainSeq = last;
  }
  throw new Error(`verifyAuditChain: more than ${AUDIT_VERIFY_ROWS_MAX} seals`);
}
