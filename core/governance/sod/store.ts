import { asc } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import { isPermission } from "./permission-names";
import { sodRule } from "../schema";
import { DEFAULT_SOD_RULES, SOD_MODES, type SodMode, type SodRuleDefinition } from "./rules";

export const SOD_RULES_MAX = 500;

export type SodRuleRow = typeof sodRule.$inferSelect;

export async function listSodRuleRows(tx: Tx): Promise<SodRuleRow[]> {
  const rows = await tx.select().from(sodRule).orderBy(asc(sodRule.id)).limit(SOD_RULES_MAX);
  assert(rows.length < SOD_RULES_MAX, `more than ${SOD_RULES_MAX - 1} SoD rules`);
  return rows;
}

function toDefinition(row: SodRuleRow): SodRuleDefinition {
  assert(isPermission(row.permissionA), `SoD rule ${row.id} names an unknown permission ${row.permissionA}`);
  assert(isPermission(row.permissionB), `SoD rule ${row.id} names an unknown permission ${row.permissionB}`);
  assert((SOD_MODES as readonly string[]).includes(row.mode), `SoD rule ${row.id} has mode ${row.mode}`);
  return { permissionA: row.permissionA, permissionB: row.permissionB, mode: row.mode as SodMode, description: row.description };
}

/**
 * The rules in force: the active stored rules, or the defaults while none was ever installed,
 * so a fresh database is never without the conflict matrix. Deactivating every stored rule
 * does switch checking off (the rows remain, so the defaults do not come back).
 */
export async function rulesInForce(tx: Tx): Promise<SodRuleDefinition[]> {
  const rows = await listSodRuleRows(tx);
  if (rows.length === 0) return [...DEFAULT_SOD_RULES];
  return rows.filter((row) => row.active).map(toDefinition);
}
