import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { account, currency, legalEntity } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError, parseInput } from "../../shared/errors";
import { unrealizedIntercompanyProfit } from "../intercompany/unrealized-profit";
import { loadAccountBalances } from "../statements/balances";
import { buildBalanceSheet, buildIncomeStatement } from "../statements/build";
import type { AccountBalance, ReportPeriod } from "../statements/types";
import { eliminateBalances, eliminateSales, eliminateUnrealized, loadRoleAccounts, type UnrealizedBySeller } from "./eliminations";
import { ConsolidationError } from "./errors";
import { addDays, loadRateTable, type RateTable } from "./rates";
import { loadHistoricalBuckets, translateEntity } from "./translate";
import {
  INTERCOMPANY_DIFFERENCE_CODE, TRANSLATION_RESERVE_CODE,
  type ConsolidatedAccount, type ConsolidatedEntity, type Consolidation, type Elimination, type EntityFigure,
} from "./types";

const ISO_DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD").refine((s) => !Number.isNaN(Date.parse(s)), "a real calendar date");
export const ENTITIES_MAX = 50;

export const ConsolidateInput = z.object({
  reportingCurrency: z.string().regex(/^[A-Z]{3}$/, "three upper-case letters (ISO 4217)"),
  from: ISO_DATE,
  to: ISO_DATE,
  /** The entities of the group; every active entity when omitted. */
  entityIds: z.array(z.number().int().positive()).min(1).max(ENTITIES_MAX).optional(),
}).refine((v) => v.from <= v.to, { message: "from must not be after to", path: ["from"] });

async function loadEntities(tx: Tx, entityIds: readonly number[] | undefined) {
  const where = entityIds ? inArray(legalEntity.id, [...entityIds]) : eq(legalEntity.active, true);
  const rows = await tx.select().from(legalEntity).where(where).orderBy(legalEntity.code).limit(ENTITIES_MAX);
  if (rows.length === 0 || (entityIds && rows.length !== new Set(entityIds).size)) {
    throw new DomainError(ConsolidationError.NO_ENTITIES, "unprocessable", "entityIds: name existing legal entities to consolidate", { entityIds });
  }
  return rows;
}

async function unrealizedPositions(tx: Tx, entityIds: number[], period: ReportPeriod): Promise<UnrealizedBySeller[]> {
  const sum = (rows: Awaited<ReturnType<typeof unrealizedIntercompanyProfit>>) => {
    const map = new Map<string, bigint>();
    for (const row of rows) map.set(`${row.sellerEntityId}:${row.buyerEntityId}`, (map.get(`${row.sellerEntityId}:${row.buyerEntityId}`) ?? 0n) + row.amountMinor);
    return map;
  };
  const opening = sum(await unrealizedIntercompanyProfit(tx, entityIds, addDays(period.from, -1)));
  const closing = sum(await unrealizedIntercompanyProfit(tx, entityIds, period.to));
  const keys = new Set([...opening.keys(), ...closing.keys()]);
  return [...keys].map((key) => {
    const [seller, buyer] = key.split(":").map(Number);
    return { sellerEntityId: seller!, buyerEntityId: buyer!, openingMinor: opening.get(key) ?? 0n, closingMinor: closing.get(key) ?? 0n };
  });
}

/**
 * Consolidates the group in a reporting currency for a period: each entity translated
 * (balance sheet at the closing rate, income and expense at average rates, equity at
 * historical rates, the difference to the translation reserve), intercompany balances,
 * sales and unrealized profit eliminated, then the statements built from the result.
 */
export async function consolidate(tx: Tx, actor: Actor, raw: z.input<typeof ConsolidateInput>): Promise<Consolidation> {
  requirePermission(actor, "ledger:read");
  const input = parseInput(ConsolidateInput, raw);
  const [known] = await tx.select().from(currency).where(and(eq(currency.code, input.reportingCurrency))).limit(1);
  if (!known) throw new DomainError(ConsolidationError.CURRENCY_NOT_FOUND, "unprocessable", `reportingCurrency: ${input.reportingCurrency} is not a known currency`);
  const period: ReportPeriod = { from: input.from, to: input.to };
  const entities = await loadEntities(tx, input.entityIds);
  const entityIds = entities.map((e) => e.id);
  const balances = await loadAccountBalances(tx, entityIds, period);
  const buckets = await loadHistoricalBuckets(tx, entityIds, period);
  const rates = new Map<number, RateTable>();
  const figures: EntityFigure[] = [];
  const summaries: ConsolidatedEntity[] = [];
  for (const entity of entities) {
    const table = await loadRateTable(tx, entity.baseCurrency, input.reportingCurrency, period.to);
    rates.set(entity.id, table);
    const translated = translateEntity(balances.filter((b) => b.entityId === entity.id), buckets, table, period);
    figures.push(...translated.figures, reserveFigure(entity, translated.reserveMinor));
    summaries.push({ entityId: entity.id, entityCode: entity.code, entityName: entity.name, currency: entity.baseCurrency,
      closingRatePpm: table.on(period.to), averageRatePpm: table.average(period.from, period.to), translationReserveMinor: -translated.reserveMinor });
  }
  const ctx = { figures, codeOf: new Map(balances.map((b) => [b.accountId, b.accountCode])), roleAccounts: await loadRoleAccounts(tx, entityIds),
    entityCodes: new Map(entities.map((e) => [e.id, e.code])) };
  const extraMeta = await addRoleAccountCodes(tx, ctx.roleAccounts, ctx.codeOf);
  const eliminations = [eliminateBalances(ctx), eliminateSales(ctx), eliminateUnrealized(ctx, await unrealizedPositions(tx, entityIds, period), rates, period.to, addDays(period.from, -1))];
  const accounts = combine(balances, figures, eliminations, extraMeta);
  const rows = accounts.map(asBalance);
  return {
    reportingCurrency: input.reportingCurrency, period, entities: summaries, accounts, eliminations,
    incomeStatement: withoutAccountIds(buildIncomeStatement(rows, null)),
    balanceSheet: withoutAccountIds(buildBalanceSheet(rows, period.from, null)),
  };
}

function reserveFigure(entity: typeof legalEntity.$inferSelect, reserveMinor: bigint): EntityFigure {
  return { entityId: entity.id, entityCode: entity.code, currency: entity.baseCurrency, accountId: null, localOpeningMinor: 0n, localMovementMinor: 0n,
    localClosingMinor: 0n, basis: "computed", ratePpm: null, openingMinor: reserveMinor, movementMinor: 0n, closingMinor: reserveMinor };
}

type AccountMeta = { name: string; type: ConsolidatedAccount["accountType"] };

/** Eliminations may name an account with no balance of its own (COGS of a seller with none yet). */
async function addRoleAccountCodes(tx: Tx, roleAccounts: Map<number, Map<string, number>>, codeOf: Map<number, string>): Promise<Map<string, AccountMeta>> {
  const meta = new Map<string, AccountMeta>();
  const missing = [...roleAccounts.values()].flatMap((m) => [...m.values()]).filter((id) => !codeOf.has(id));
  if (missing.length === 0) return meta;
  const rows = await tx.select({ id: account.id, code: account.code, name: account.name, type: account.type }).from(account)
    .where(inArray(account.id, missing)).limit(missing.length);
  for (const row of rows) {
    codeOf.set(row.id, row.code);
    meta.set(row.code, { name: row.name, type: row.type as AccountMeta["type"] });
  }
  return meta;
}

const SYNTHETIC: Record<string, { name: string }> = {
  [TRANSLATION_RESERVE_CODE]: { name: "Translation reserve (this consolidation)" },
  [INTERCOMPANY_DIFFERENCE_CODE]: { name: "Intercompany difference" },
};

/** Groups entity figures and eliminations by account code: the entities share one chart. */
function combine(balances: readonly AccountBalance[], figures: readonly EntityFigure[], eliminations: readonly Elimination[], extraMeta: Map<string, AccountMeta>): ConsolidatedAccount[] {
  const byCode = new Map<string, ConsolidatedAccount>();
  const meta = new Map(balances.map((b) => [b.accountId, b]));
  const accountFor = (code: string, name: string, type: ConsolidatedAccount["accountType"]) => {
    const existing = byCode.get(code);
    if (existing) return existing;
    const created: ConsolidatedAccount = { accountCode: code, accountName: name, accountType: type, entities: [],
      elimination: { openingMinor: 0n, movementMinor: 0n, closingMinor: 0n }, openingMinor: 0n, movementMinor: 0n, closingMinor: 0n };
    byCode.set(code, created);
    return created;
  };
  for (const figure of figures) {
    const b = figure.accountId === null ? null : meta.get(figure.accountId)!;
    const target = b ? accountFor(b.accountCode, b.accountName, b.accountType) : accountFor(TRANSLATION_RESERVE_CODE, SYNTHETIC[TRANSLATION_RESERVE_CODE]!.name, "equity");
    target.entities.push(figure);
    add(target, figure);
  }
  for (const line of eliminations.flatMap((e) => e.lines)) {
    const balance = balances.find((b) => b.accountCode === line.accountCode);
    const known = balance ? { name: balance.accountName, type: balance.accountType } : extraMeta.get(line.accountCode);
    const target = accountFor(line.accountCode, known?.name ?? SYNTHETIC[line.accountCode]?.name ?? line.accountCode, known?.type ?? "equity");
    target.elimination.openingMinor += line.openingMinor;
    target.elimination.movementMinor += line.movementMinor;
    target.elimination.closingMinor += line.closingMinor;
    add(target, line);
  }
  const accounts = [...byCode.values()].sort((a, b) => (a.accountCode < b.accountCode ? -1 : a.accountCode > b.accountCode ? 1 : 0));
  assert(accounts.reduce((total, a) => total + a.closingMinor, 0n) === 0n, "consolidated closing balances sum to zero");
  return accounts;
}

function add(target: ConsolidatedAccount, figure: { openingMinor: bigint; movementMinor: bigint; closingMinor: bigint }): void {
  target.openingMinor += figure.openingMinor;
  target.movementMinor += figure.movementMinor;
  target.closingMinor += figure.closingMinor;
}

/** A consolidated account as the statement builders read it (no single account id behind it). */
function asBalance(a: ConsolidatedAccount): AccountBalance {
  const movement = a.movementMinor;
  return {
    entityId: 0, entityCode: "GROUP", currency: "", accountId: 0, accountCode: a.accountCode, accountName: a.accountName, accountType: a.accountType,
    isCash: false, openingMinor: a.openingMinor, debitMinor: movement > 0n ? movement : 0n, creditMinor: movement < 0n ? -movement : 0n, closingMinor: a.closingMinor,
  };
}

function withoutAccountIds<T extends { sections: { lines: { accountId: number | null }[] }[] }>(statement: T): T {
  for (const section of statement.sections) for (const line of section.lines) line.accountId = null;
  return statement;
}
