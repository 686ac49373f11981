import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { PERMISSIONS, requirePermission, type Actor, type Permission } from "../../permissions";
import { sodRule } from "../../schema";
import { SodError } from "../errors";
import { DEFAULT_SOD_RULES, SOD_MODES } from "../rules";
import type { SodRuleRow } from "../store";

export const SOD_DESCRIPTION_LENGTH_MAX = 300;

/** The stored rule for a pair in either order (a pair is unordered), locked. */
async function lockRuleForPair(tx: Tx, a: Permission, b: Permission): Promise<SodRuleRow | null> {
  const [row] = await tx.select().from(sodRule)
    .where(or(and(eq(sodRule.permissionA, a), eq(sodRule.permissionB, b)), and(eq(sodRule.permissionA, b), eq(sodRule.permissionB, a))))
    .limit(1).for("update");
  return row ?? null;
}

/**
 * Inserts the default conflict matrix; rules already stored (by pair) are left as the admin set
 * them, so running it again changes nothing. A transaction-scoped advisory lock makes two
 * concurrent installs run one after the other.
 */
export async function installDefaultSodRules(tx: Tx, actor: Actor): Promise<{ inserted: number }> {
  requirePermission(actor, "governance.sod:manage");
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('sod_rule|install', 0))`);
  let inserted = 0;
  for (const rule of DEFAULT_SOD_RULES) {
    if (await lockRuleForPair(tx, rule.permissionA, rule.permissionB)) continue;
    const [row] = await tx.insert(sodRule).values({ ...rule }).returning();
    assert(row !== undefined, "SoD rule insert returned no row");
    inserted += 1;
    await recordAudit(tx, actor, { action: "create", objectKind: "sod_rule", objectId: row.id, after: row });
  }
  return { inserted };
}

export const UpsertSodRuleInput = z.object({
  permissionA: z.enum(PERMISSIONS),
  permissionB: z.enum(PERMISSIONS),
  mode: z.enum(SOD_MODES),
  description: z.string().trim().min(3).max(SOD_DESCRIPTION_LENGTH_MAX),
}).refine((rule) => rule.permissionA !== rule.permissionB, { path: ["permissionB"], message: "must differ from permissionA" });
export type UpsertSodRuleInput = z.input<typeof UpsertSodRuleInput>;

/** Creates the rule for a pair, or changes the mode and description of the stored one (the pair is unordered: B×A finds A×B). */
export async function upsertSodRule(tx: Tx, actor: Actor, raw: UpsertSodRuleInput): Promise<SodRuleRow> {
  requirePermission(actor, "governance.sod:manage");
  const input = parseInput(UpsertSodRuleInput, raw);
  const existing = await lockRuleForPair(tx, input.permissionA, input.permissionB);
  if (existing) {
    const [updated] = await tx.update(sodRule).set({ mode: input.mode, description: input.description }).where(eq(sodRule.id, existing.id)).returning();
    assert(updated !== undefined, `SoD rule ${existing.id} vanished while locked`);
    await recordAudit(tx, actor, { action: "update", objectKind: "sod_rule", objectId: updated.id,
      before: { mode: existing.mode, description: existing.description }, after: { mode: updated.mode, description: updated.description } });
    return updated;
  }
  const [created] = await tx.insert(sodRule).values({ permissionA: input.permissionA, permissionB: input.permissionB, mode: input.mode, description: input.description }).returning();
  assert(created !== undefined, "SoD rule insert returned no row");
  await recordAudit(tx, actor, { action: "create", objectKind: "sod_rule", objectId: created.id, after: created });
  return created;
}

export const SetSodRuleActiveInput = z.object({ ruleId: z.number().int().positive(), active: z.boolean() });

/** Switches one rule on or off; switching to the state it has records nothing. */
export async function setSodRuleActive(tx: Tx, actor: Actor, raw: z.input<typeof SetSodRuleActiveInput>): Promise<SodRuleRow> {
  requirePermission(actor, "governance.sod:manage");
  const input = parseInput(SetSodRuleActiveInput, raw);
  const [current] = await tx.select().from(sodRule).where(eq(sodRule.id, input.ruleId)).for("update");
  if (!current) throw new DomainError(SodError.SOD_RULE_NOT_FOUND, "not_found", `SoD rule ${input.ruleId} does not exist`, { ruleId: input.ruleId });
  if (current.active === input.active) return current;
  const [updated] = await tx.update(sodRule).set({ active: input.active }).where(eq(sodRule.id, current.id)).returning();
  assert(updated !== undefined, `SoD rule ${current.id} vanished while locked`);
  await recordAudit(tx, actor, { action: input.active ? "reactivate" : "deactivate", objectKind: "sod_rule", objectId: updated.id,
    before: { active: current.active }, after: { active: updated.active } });
  return updated;
}
