import { and, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { applyRatePpm } from "../../shared/money";
import { accountRule } from "../schema";
import type { PostingRole } from "../posting/types";
import type { RateTable } from "./rates";
import type { Elimination, EliminationLine, EntityFigure } from "./types";
import { INTERCOMPANY_DIFFERENCE_CODE } from "./types";

const ELIMINATION_ROLES = ["ic_receivable", "ic_payable", "ic_revenue", "cogs", "inventory"] as const satisfies readonly PostingRole[];
type EliminationRole = (typeof ELIMINATION_ROLES)[number];

/** The entity's default (undimensioned) account per role, by account id. */
export async function loadRoleAccounts(tx: Tx, entityIds: readonly number[]): Promise<Map<number, Map<EliminationRole, number>>> {
  const rules = await tx.select({ entityId: accountRule.entityId, role: accountRule.role, accountId: accountRule.accountId }).from(accountRule)
    .where(and(inArray(accountRule.entityId, [...entityIds]), inArray(accountRule.role, [...ELIMINATION_ROLES]),
      isNull(accountRule.itemCategoryId), isNull(accountRule.customerGroupId), isNull(accountRule.warehouseId)))
    .limit(entityIds.length * ELIMINATION_ROLES.length * 4);
  const byEntity = new Map<number, Map<EliminationRole, number>>();
  for (const rule of rules) {
    const roles = byEntity.get(rule.entityId) ?? new Map<EliminationRole, number>();
    roles.set(rule.role as EliminationRole, rule.accountId);
    byEntity.set(rule.entityId, roles);
  }
  return byEntity;
}

type Context = {
  figures: readonly EntityFigure[];
  codeOf: Map<number, string>;
  roleAccounts: Map<number, Map<EliminationRole, number>>;
  entityCodes: Map<number, string>;
};

function line(accountCode: string, entityCode: string, label: string, openingMinor: bigint, movementMinor: bigint, closingMinor: bigint): EliminationLine {
  return { accountCode, entityCode, label, openingMinor, movementMinor, closingMinor };
}

function figuresOfRole(ctx: Context, role: EliminationRole): EntityFigure[] {
  return ctx.figures.filter((f) => f.accountId !== null && ctx.roleAccounts.get(f.entityId)?.get(role) === f.accountId);
}

/**
 * Intercompany receivables and payables cancel: each IC account's translated balance is
 * reversed. What does not cancel (unmatched documents, translation at different rates) is
 * shown on its own equity line rather than hidden.
 */
export function eliminateBalances(ctx: Context): Elimination {
  const lines: EliminationLine[] = [];
  let residual = 0n;
  for (const figure of [...figuresOfRole(ctx, "ic_receivable"), ...figuresOfRole(ctx, "ic_payable")]) {
    if (figure.closingMinor === 0n) continue;
    lines.push(line(ctx.codeOf.get(figure.accountId!)!, figure.entityCode, "Reverse intercompany balance", -figure.closingMinor, 0n, -figure.closingMinor));
    residual += figure.closingMinor;
  }
  if (residual !== 0n) lines.push(line(INTERCOMPANY_DIFFERENCE_CODE, "", "Intercompany balances that do not match", residual, 0n, residual));
  return { key: "ic_balances", title: "Intercompany receivables and payables", lines };
}

/** Intercompany revenue and the cost of sales it carries cancel: Dr IC revenue, Cr COGS of the seller. */
export function eliminateSales(ctx: Context): Elimination {
  const lines: EliminationLine[] = [];
  for (const figure of figuresOfRole(ctx, "ic_revenue")) {
    if (figure.closingMinor === 0n && figure.movementMinor === 0n) continue;
    const cogsAccount = ctx.roleAccounts.get(figure.entityId)?.get("cogs");
    if (cogsAccount === undefined) continue;
    lines.push(line(ctx.codeOf.get(figure.accountId!)!, figure.entityCode, "Reverse intercompany revenue", -figure.openingMinor, -figure.movementMinor, -figure.closingMinor));
    lines.push(line(ctx.codeOf.get(cogsAccount) ?? "", figure.entityCode, "Reverse cost of intercompany sales", figure.openingMinor, figure.movementMinor, figure.closingMinor));
  }
  return { key: "ic_sales", title: "Intercompany sales and cost of sales", lines };
}

export type UnrealizedBySeller = { sellerEntityId: number; buyerEntityId: number; openingMinor: bigint; closingMinor: bigint };

/**
 * Profit on intercompany stock still held leaves the buyer's inventory and returns to cost of
 * sales: the seller's margin on held goods, translated at the seller's closing rate of each date.
 */
export function eliminateUnrealized(ctx: Context, positions: readonly UnrealizedBySeller[], rates: Map<number, RateTable>, closingDate: string, openingDate: string): Elimination {
  const lines: EliminationLine[] = [];
  for (const p of positions) {
    const table = rates.get(p.sellerEntityId)!;
    const opening = applyRatePpm(p.openingMinor, table.on(openingDate), "halfEven");
    const closing = applyRatePpm(p.closingMinor, table.on(closingDate), "halfEven");
    if (opening === 0n && closing === 0n) continue;
    const inventory = ctx.roleAccounts.get(p.buyerEntityId)?.get("inventory");
    const cogs = ctx.roleAccounts.get(p.sellerEntityId)?.get("cogs");
    if (inventory === undefined || cogs === undefined) continue;
    const buyer = ctx.entityCodes.get(p.buyerEntityId) ?? "";
    const seller = ctx.entityCodes.get(p.sellerEntityId) ?? "";
    lines.push(line(ctx.codeOf.get(inventory) ?? "", buyer, `Unrealized profit of ${seller} in stock held`, -closing, 0n, -closing));
    lines.push(line(ctx.codeOf.get(cogs) ?? "", seller, "Unrealized profit back to cost of sales", opening, closing - opening, closing));
  }
  return { key: "unrealized_profit", title: "Unrealized profit on intercompany stock", lines };
}
