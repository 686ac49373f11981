import { and, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requestAccountRuleChange } from "../../governance/change-control";
import { hasPermission, requirePermission, type Actor } from "../../governance/permissions";
import { accountRule } from "../../ledger/schema";
import { createMaster } from "../../masters";
import { account, legalEntity, warehouse } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { TransferError } from "./errors";

export type TransitWarehouse = typeof warehouse.$inferSelect;

/**
 * Whether stock in transit posts to its own account. "exists"/"created": an inventory rule for
 * the transit warehouse points at the in-transit account. Otherwise transit stock posts to the
 * entity's general inventory account (reconciliation still holds; the GL just does not show
 * transit separately) and `message` says what an accountant has to do.
 */
export type TransitAccountStatus =
  | { status: "exists" | "created"; accountId: number }
  | { status: "pending_approval"; accountId: number; requestId: number; message: string }
  | { status: "no_account" | "not_permitted"; message: string };

export type EnsuredTransitWarehouse = { warehouse: TransitWarehouse; created: boolean; accountRule: TransitAccountStatus };

async function findTransit(tx: Tx, entityId: number): Promise<TransitWarehouse | null> {
  const [row] = await tx.select().from(warehouse)
    .where(and(eq(warehouse.entityId, entityId), eq(warehouse.isTransit, true), eq(warehouse.active, true))).orderBy(warehouse.id).limit(1);
  return row ?? null;
}

/** The in-transit account: the entity's in_transit rule, else an inventory control account coded 1210 or named for transit. */
async function inTransitAccountId(tx: Tx, entityId: number): Promise<number | null> {
  const [rule] = await tx.select({ accountId: accountRule.accountId }).from(accountRule)
    .where(and(eq(accountRule.entityId, entityId), eq(accountRule.role, "in_transit"), isNull(accountRule.itemCategoryId),
      isNull(accountRule.customerGroupId), isNull(accountRule.warehouseId))).limit(1);
  if (rule) return rule.accountId;
  const [found] = await tx.select({ id: account.id }).from(account)
    .where(and(eq(account.entityId, entityId), eq(account.controlKind, "inventory"), eq(account.active, true),
      or(eq(account.code, "1210"), ilike(account.name, "%transit%"))))
    .orderBy(sql`${account.code} = '1210' desc`, account.id).limit(1);
  return found?.id ?? null;
}

async function ensureTransitRule(tx: Tx, actor: Actor, entityId: number, warehouseId: number): Promise<TransitAccountStatus> {
  const [existing] = await tx.select().from(accountRule)
    .where(and(eq(accountRule.entityId, entityId), eq(accountRule.role, "inventory"), eq(accountRule.warehouseId, warehouseId),
      isNull(accountRule.itemCategoryId), isNull(accountRule.customerGroupId))).limit(1);
  if (existing) return { status: "exists", accountId: existing.accountId };
  const accountId = await inTransitAccountId(tx, entityId);
  if (accountId === null) {
    return { status: "no_account", message: "No in-transit account (an inventory control account coded 1210 or named for transit): transit stock posts to the inventory account" };
  }
  if (!hasPermission(actor, "masters.finance:write")) {
    return { status: "not_permitted", message: `Ask finance to map role inventory for the transit warehouse to account ${accountId}: until then transit stock posts to the inventory account` };
  }
  // Account mapping is governed: the system applies it at once, a user's change waits for approval.
  const result = await requestAccountRuleChange(tx, actor, { entityId, role: "inventory", warehouseId, accountId });
  if (result.status === "applied") return { status: "created", accountId };
  return { status: "pending_approval", accountId, requestId: result.request.id, message: "The in-transit account rule waits for approval" };
}

/**
 * The entity's in-transit warehouse, created as "<ENTITY>-TRANSIT" through master data when it
 * is missing (needs masters.warehouses:write), with an inventory account rule pointing its
 * stock at the in-transit account when one exists. Serialized per entity.
 */
export async function ensureTransitWarehouse(tx: Tx, actor: Actor, entityId: number): Promise<EnsuredTransitWarehouse> {
  requirePermission(actor, "inventory:write");
  assert(Number.isSafeInteger(entityId) && entityId > 0, "entityId must be a positive integer");
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`transit_warehouse|${entityId}`}, 0))`);
  const found = await findTransit(tx, entityId);
  if (found) return { warehouse: found, created: false, accountRule: await ensureTransitRule(tx, actor, entityId, found.id) };
  const [entity] = await tx.select().from(legalEntity).where(eq(legalEntity.id, entityId)).limit(1);
  if (!entity) throw new DomainError(TransferError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${entityId} does not exist`);
  const created = await createMaster(tx, actor, "warehouse", {
    entityId, code: `${entity.code}-TRANSIT`, name: `${entity.name} in transit`, isTransit: true,
  }) as TransitWarehouse;
  assert(created.isTransit, "the created transit warehouse is flagged in transit");
  return { warehouse: created, created: true, accountRule: await ensureTransitRule(tx, actor, entityId, created.id) };
}
