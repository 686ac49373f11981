import { and, eq, isNull, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { account } from "../../masters/schema";
import { DomainError, parseInput } from "../../shared/errors";
import { LedgerError } from "../errors";
import { POSTING_ROLES } from "../posting/types";
import { accountRule } from "../schema";

const optionalId = z.number().int().positive().nullable().optional();

export const SetAccountRuleInput = z.object({
  entityId: z.number().int().positive(),
  role: z.enum(POSTING_ROLES),
  accountId: z.number().int().positive(),
  itemCategoryId: optionalId,
  customerGroupId: optionalId,
  warehouseId: optionalId,
  priority: z.number().int().min(-1000).max(1000).optional(),
});

export type AccountRule = typeof accountRule.$inferSelect;

function sameDimension(column: typeof accountRule.itemCategoryId, value: number | null | undefined): SQL {
  return value ? eq(column, value) : isNull(column);
}

/** Creates or repoints the account-determination rule for a role and dimension combination. */
export async function setAccountRule(tx: Tx, actor: Actor, raw: z.input<typeof SetAccountRuleInput>): Promise<AccountRule> {
  requirePermission(actor, "masters.finance:write");
  const input = parseInput(SetAccountRuleInput, raw);
  const [target] = await tx.select().from(account).where(eq(account.id, input.accountId)).limit(1);
  if (!target || target.entityId !== input.entityId) {
    throw new DomainError(LedgerError.ACCOUNT_NOT_FOUND, "invalid", `accountId: account ${input.accountId} does not exist in entity ${input.entityId}`);
  }
  const match = and(
    eq(accountRule.entityId, input.entityId), eq(accountRule.role, input.role),
    sameDimension(accountRule.itemCategoryId, input.itemCategoryId),
    sameDimension(accountRule.customerGroupId, input.customerGroupId),
    sameDimension(accountRule.warehouseId, input.warehouseId),
  );
  const [existing] = await tx.select().from(accountRule).where(match).for("update");
  const values = {
    entityId: input.entityId, role: input.role, accountId: input.accountId,
    itemCategoryId: input.itemCategoryId ?? null, customerGroupId: input.customerGroupId ?? null, warehouseId: input.warehouseId ?? null,
    priority: input.priority ?? existing?.priority ?? 0,
  };
  const [saved] = existing
    ? await tx.update(accountRule).set({ ...values, updatedAt: new Date() }).where(eq(accountRule.id, existing.id)).returning()
    : await tx.insert(accountRule).values(values).returning();
  if (!saved) throw new Error("account rule write affected no row");
  await recordAudit(tx, actor, {
    action: existing ? "update" : "create", objectKind: "account_rule", objectId: saved.id, entityId: saved.entityId,
    before: existing ? { accountId: existing.accountId, priority: existing.priority } : null,
    after: { role: saved.role, accountId: saved.accountId, priority: saved.priority },
  });
  return saved;
}

export async function listAccountRules(tx: Tx, actor: Actor, entityId: number): Promise<AccountRule[]> {
  requirePermission(actor, "ledger:read");
  return tx.select().from(accountRule).where(eq(accountRule.entityId, entityId)).orderBy(accountRule.role, accountRule.id).limit(1000);
}
