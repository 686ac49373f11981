import { and, eq, isNull, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { submitApproval, type ApprovalRequestRow, type ApprovalStepRow } from "../../governance/approvals";
import { recordAudit } from "../../governance/audit";
import { changeRequiresApproval } from "../../governance/change-control/errors";
import { refuseOverlappingPendingChange } from "../../governance/change-control/pending";
import { ACCOUNT_RULE_KIND, routeChange } from "../../governance/change-control/rules";
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
type AccountRuleInput = z.output<typeof SetAccountRuleInput>;

export type AccountRule = typeof accountRule.$inferSelect;

/** The governed values of a rule, as a change request records them before and after. */
export type AccountRuleValues = { accountId: number; priority: number };

function sameDimension(column: typeof accountRule.itemCategoryId, value: number | null | undefined): SQL {
  return value ? eq(column, value) : isNull(column);
}

async function checkTargetAccount(tx: Tx, input: AccountRuleInput): Promise<void> {
  const [target] = await tx.select().from(account).where(eq(account.id, input.accountId)).limit(1);
  if (!target || target.entityId !== input.entityId) {
    throw new DomainError(LedgerError.ACCOUNT_NOT_FOUND, "invalid", `accountId: account ${input.accountId} does not exist in entity ${input.entityId}`);
  }
}

/** The rule for the input's role and dimension combination, locked (FOR UPDATE), or null. */
async function lockExistingRule(tx: Tx, input: AccountRuleInput): Promise<AccountRule | null> {
  const match = and(
    eq(accountRule.entityId, input.entityId), eq(accountRule.role, input.role),
    sameDimension(accountRule.itemCategoryId, input.itemCategoryId),
    sameDimension(accountRule.customerGroupId, input.customerGroupId),
    sameDimension(accountRule.warehouseId, input.warehouseId),
  );
  const [existing] = await tx.select().from(accountRule).where(match).for("update");
  return existing ?? null;
}

/** A stable name of the role and dimension combination, the subject of its change requests. */
export function accountRuleKey(input: AccountRuleInput): string {
  const dimension = (value: number | null | undefined) => (value ? String(value) : "*");
  return [input.entityId, input.role, dimension(input.itemCategoryId), dimension(input.customerGroupId), dimension(input.warehouseId)].join(":");
}

export type ApplyAccountRuleOptions = {
  /** Recorded on the audit row, e.g. "approval_request:42". */
  requestId?: string | null;
  /** Runs on the locked current rule (null: none yet) before writing; throws to refuse (a stale request). */
  guard?: (current: AccountRuleValues | null) => void;
};

/**
 * The ungoverned write: creates or repoints the rule. Only for the system and for an approved
 * change request, applied on behalf of its approver; users call requestAccountRuleChange.
 */
export async function applyAccountRule(tx: Tx, actor: Actor, raw: z.input<typeof SetAccountRuleInput>, options: ApplyAccountRuleOptions = {}): Promise<AccountRule> {
  const input = parseInput(SetAccountRuleInput, raw);
  await checkTargetAccount(tx, input);
  const existing = await lockExistingRule(tx, input);
  options.guard?.(existing ? { accountId: existing.accountId, priority: existing.priority } : null);
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
    requestId: options.requestId ?? null,
  });
  return saved;
}

/**
 * Creates or repoints the account-determination rule for a role and dimension combination.
 * Only the system (demo loader, fixtures) writes directly: account mapping is governed, so a
 * user gets MASTERS_CHANGE_REQUIRES_APPROVAL and must use requestAccountRuleChange.
 */
export async function setAccountRule(tx: Tx, actor: Actor, raw: z.input<typeof SetAccountRuleInput>): Promise<AccountRule> {
  requirePermission(actor, "masters.finance:write");
  const route = routeChange(actor, ACCOUNT_RULE_KIND, ["accountId"]);
  if (route.route === "approval") {
    const input = parseInput(SetAccountRuleInput, raw);
    throw changeRequiresApproval(ACCOUNT_RULE_KIND, accountRuleKey(input), route.reasons, ["accountId"]);
  }
  return applyAccountRule(tx, actor, raw);
}

export type AccountRuleChangeResult =
  | { status: "applied"; rule: AccountRule; request: ApprovalRequestRow | null }
  | { status: "pending_approval"; request: ApprovalRequestRow; steps: ApprovalStepRow[] };

function changedRuleFields(existing: AccountRule | null, input: AccountRuleInput): string[] {
  if (!existing) return input.priority === undefined ? ["accountId"] : ["accountId", "priority"];
  const fields: string[] = [];
  if (existing.accountId !== input.accountId) fields.push("accountId");
  if (input.priority !== undefined && input.priority !== existing.priority) fields.push("priority");
  return fields;
}

/**
 * How users change account mapping: every change by a user becomes a master_data_change
 * request (masterKind "accountRule", routed like finance master data) and the rule stays as
 * it is until approved; the system applies at once. A request that changes nothing applies nothing.
 */
export async function requestAccountRuleChange(tx: Tx, actor: Actor, raw: z.input<typeof SetAccountRuleInput>): Promise<AccountRuleChangeResult> {
  requirePermission(actor, "masters.finance:write");
  const input = parseInput(SetAccountRuleInput, raw);
  await checkTargetAccount(tx, input);
  const existing = await lockExistingRule(tx, input);
  const fields = changedRuleFields(existing, input);
  if (existing && fields.length === 0) return { status: "applied", rule: existing, request: null };
  if (routeChange(actor, ACCOUNT_RULE_KIND, fields).route === "direct") return { status: "applied", rule: await applyAccountRule(tx, actor, input), request: null };
  const key = accountRuleKey(input);
  await refuseOverlappingPendingChange(tx, ACCOUNT_RULE_KIND, key, fields);
  const submitted = await submitApproval(tx, actor, {
    kind: "master_data_change", entityId: input.entityId, subjectType: ACCOUNT_RULE_KIND, subjectId: key,
    title: `Change account rule ${input.role} (${key}): ${fields.join(", ")}`,
    facts: { entityId: input.entityId, masterKind: ACCOUNT_RULE_KIND, fields },
    payload: { kind: ACCOUNT_RULE_KIND, key, patch: input, before: existing ? { accountId: existing.accountId, priority: existing.priority } : null },
  });
  if (submitted.request.status !== "approved") return { status: "pending_approval", request: submitted.request, steps: submitted.steps };
  const applied = await lockExistingRule(tx, input);
  if (!applied) throw new Error(`auto-approved account rule ${key} was not applied`);
  return { status: "applied", rule: applied, request: submitted.request };
}

export async function listAccountRules(tx: Tx, actor: Actor, entityId: number): Promise<AccountRule[]> {
  requirePermission(actor, "ledger:read");
  return tx.select().from(accountRule).where(eq(accountRule.entityId, entityId)).orderBy(accountRule.role, accountRule.id).limit(1000);
}
