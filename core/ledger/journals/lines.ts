// Validation shared by manual journals and recurring templates: balanced lines on active,
// non-control accounts of the entity. Control accounts are fed only by their subledgers.
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { account } from "../../masters/schema";
import { DomainError } from "../../shared/errors";
import { LedgerError } from "../errors";
import { JournalError } from "./errors";
import { MANUAL_JOURNAL_LINES_MAX } from "./limits";

const Minor = z.union([z.bigint(), z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));

export const ManualLineInput = z.object({
  accountId: z.number().int().positive(),
  debitMinor: Minor.default(0n),
  creditMinor: Minor.default(0n),
  memo: z.string().trim().max(300).nullish(),
});
export type ManualLine = z.output<typeof ManualLineInput>;
export const ManualLinesInput = z.array(ManualLineInput).min(2).max(MANUAL_JOURNAL_LINES_MAX);

/** Exactly one side positive per line and equal totals; returns the debit total. Pure. */
export function balancedTotalOrThrow(lines: readonly ManualLine[]): bigint {
  let debit = 0n;
  let credit = 0n;
  lines.forEach((line, index) => {
    if ((line.debitMinor > 0n) === (line.creditMinor > 0n)) {
      throw new DomainError(LedgerError.ENTRY_UNBALANCED, "invalid", `lines.${index}: enter either a debit or a credit`, { index });
    }
    debit += line.debitMinor;
    credit += line.creditMinor;
  });
  if (debit !== credit) {
    throw new DomainError(LedgerError.ENTRY_UNBALANCED, "unprocessable",
      `lines: debits ${debit} and credits ${credit} (minor units) do not balance`, { debitMinor: debit.toString(), creditMinor: credit.toString() });
  }
  return debit;
}

export async function checkManualAccounts(tx: Tx, entityId: number, lines: readonly ManualLine[]): Promise<void> {
  const ids = [...new Set(lines.map((l) => l.accountId))];
  const rows = await tx.select().from(account).where(and(eq(account.entityId, entityId), inArray(account.id, ids))).limit(ids.length);
  const byId = new Map(rows.map((r) => [r.id, r]));
  lines.forEach((line, index) => {
    const row = byId.get(line.accountId);
    if (!row) throw new DomainError(LedgerError.ACCOUNT_NOT_FOUND, "unprocessable", `lines.${index}.accountId: account ${line.accountId} is not in entity ${entityId}`);
    if (!row.active) throw new DomainError(LedgerError.ACCOUNT_INACTIVE, "unprocessable", `lines.${index}.accountId: account ${row.code} is inactive`);
    if (row.isControl) {
      throw new DomainError(JournalError.CONTROL_ACCOUNT, "unprocessable",
        `lines.${index}.accountId: ${row.code} ${row.name} is a control account fed only by its subledger`, { accountId: row.id });
    }
  });
}
