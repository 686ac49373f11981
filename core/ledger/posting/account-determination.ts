import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { DomainError } from "../../shared/errors";
import { LedgerError } from "../errors";
import { accountRule } from "../schema";
import type { PostingRole, RuleDimensions } from "./types";

export type AccountRuleRow = typeof accountRule.$inferSelect;

const DIMENSIONS = ["itemCategoryId", "customerGroupId", "warehouseId"] as const;

/**
 * Picks the rule for a role and dimensions: a rule matches when each of its dimensions is
 * empty or equal to the request's; the most specific match wins, then priority, then age.
 */
export function pickRule(rules: readonly AccountRuleRow[], role: PostingRole, dimensions: RuleDimensions): AccountRuleRow | null {
  let best: AccountRuleRow | null = null;
  let bestScore = -1;
  for (const rule of rules) {
    if (rule.role !== role) continue;
    let score = 0;
    let matches = true;
    for (const dimension of DIMENSIONS) {
      const ruleValue = rule[dimension];
      if (ruleValue === null) continue;
      if (ruleValue !== (dimensions[dimension] ?? null)) { matches = false; break; }
      score += 1;
    }
    if (!matches) continue;
    const better = best === null || score > bestScore ||
      (score === bestScore && (rule.priority > best.priority || (rule.priority === best.priority && rule.id < best.id)));
    if (better) { best = rule; bestScore = score; }
  }
  return best;
}

export async function loadRules(tx: Tx, entityId: number, roles: readonly PostingRole[]): Promise<AccountRuleRow[]> {
  if (roles.length === 0) return [];
  return tx.select().from(accountRule).where(and(eq(accountRule.entityId, entityId), inArray(accountRule.role, [...new Set(roles)])));
}

export function resolveAccountOrThrow(rules: readonly AccountRuleRow[], entityId: number, role: PostingRole, dimensions: RuleDimensions): number {
  const rule = pickRule(rules, role, dimensions);
  if (rule) return rule.accountId;
  throw new DomainError(
    LedgerError.NO_ACCOUNT_RULE,
    "unprocessable",
    `No account is configured for posting role "${role}" in entity ${entityId}`,
    { entityId, role, dimensions },
  );
}
