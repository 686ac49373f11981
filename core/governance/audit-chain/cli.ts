import type { Db } from "../../db/client";
import { inTransaction } from "../../db/transaction";
import { verifyAuditChain, type AuditChainProblem } from "./verify";

const PROBLEM_EXPLANATIONS: Record<AuditChainProblem, string> = {
  row_altered: "the audit row was changed after it was sealed",
  row_deleted: "the sealed audit row no longer exists",
  chain_gap: "a seal is missing before this one",
  link_broken: "this seal does not link to the seal before it",
};

/** `keel audit verify`: seals, verifies and formats the result; exit code 1 when the chain is broken. */
export async function runAuditVerify(db: Db): Promise<{ exitCode: number; lines: string[] }> {
  const result = await inTransaction(db, (tx) => verifyAuditChain(tx), { isolationLevel: "read committed" });
  if (result.ok) return { exitCode: 0, lines: [`audit verify: OK, ${result.checked} rows`] };
  const broken = result.firstBroken;
  return {
    exitCode: 1,
    lines: [
      `audit verify: BROKEN at chain_seq ${broken.chainSeq} (audit id ${broken.auditId}): ${broken.problem}`,
      `  ${PROBLEM_EXPLANATIONS[broken.problem]}; ${result.checked} rows before it verified`,
    ],
  };
}
