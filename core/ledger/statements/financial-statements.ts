import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { legalEntity } from "../../masters/schema";
import { DomainError, parseInput } from "../../shared/errors";
import { LedgerError } from "../errors";
import { loadAccountBalances } from "./balances";
import { buildBalanceSheet, buildCashFlow, buildIncomeStatement, buildTrialBalance } from "./build";
import type { EntityStatements, ReportPeriod } from "./types";

const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").refine((s) => !Number.isNaN(Date.parse(s)), "a real calendar date");

export const StatementsInput = z.object({
  entityId: z.number().int().positive(),
  from: ISO_DATE,
  to: ISO_DATE,
  compareFrom: ISO_DATE.nullish(),
  compareTo: ISO_DATE.nullish(),
}).refine((v) => v.from <= v.to, { message: "from must not be after to", path: ["from"] })
  .refine((v) => (v.compareFrom ? 1 : 0) === (v.compareTo ? 1 : 0), { message: "give both compareFrom and compareTo, or neither", path: ["compareFrom"] })
  .refine((v) => !v.compareFrom || !v.compareTo || v.compareFrom <= v.compareTo, { message: "compareFrom must not be after compareTo", path: ["compareFrom"] });

/**
 * Trial balance, income statement, balance sheet and cash-flow summary of one entity for a
 * period, in its base currency, optionally beside a comparison period (prior month or year).
 */
export async function financialStatements(tx: Tx, actor: Actor, raw: z.input<typeof StatementsInput>): Promise<EntityStatements> {
  requirePermission(actor, "ledger:read");
  const input = parseInput(StatementsInput, raw);
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, input.entityId)).limit(1);
  if (!entity) throw new DomainError(LedgerError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${input.entityId} does not exist`);
  const period: ReportPeriod = { from: input.from, to: input.to };
  const comparePeriod: ReportPeriod | null = input.compareFrom && input.compareTo ? { from: input.compareFrom, to: input.compareTo } : null;
  const rows = await loadAccountBalances(tx, [entity.id], period);
  const compare = comparePeriod ? await loadAccountBalances(tx, [entity.id], comparePeriod) : null;
  return {
    entityId: entity.id, entityCode: entity.code, entityName: entity.name, currency: entity.baseCurrency, period, comparePeriod,
    trialBalance: buildTrialBalance(rows),
    incomeStatement: buildIncomeStatement(rows, compare),
    balanceSheet: buildBalanceSheet(rows, period.from, compare, comparePeriod?.from),
    cashFlow: buildCashFlow(rows, compare),
  };
}
