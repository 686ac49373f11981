// Shared fixtures for the master-data tests: a committed base of currencies, two legal entities,
// units, a category and a payment term, all created through createMaster as the system actor.
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../../core/db/client";
import { SYSTEM_ACTOR, type Actor } from "../../../core/governance/permissions";
import { createMaster } from "../../../core/masters";
import { isDomainError } from "../../../core/shared/errors";

export const SALES_ACTOR: Actor = { userId: null, username: "sally.sales", roles: ["sales"] };
export const BUYER_ACTOR: Actor = { userId: null, username: "bob.buyer", roles: ["buyer"] };
export const PLANNER_ACTOR: Actor = { userId: null, username: "pat.planner", roles: ["planner"] };
export const WAREHOUSE_ACTOR: Actor = { userId: null, username: "wes.warehouse", roles: ["warehouse"] };
export const EXECUTIVE_ACTOR: Actor = { userId: null, username: "eve.exec", roles: ["executive"] };

export type Base = { usId: number; deId: number; categoryId: number };

export async function seedBase(db: Db): Promise<Base> {
  return db.transaction(async (tx) => {
    const s = SYSTEM_ACTOR;
    await createMaster(tx, s, "currency", { code: "USD", name: "US dollar", minorUnitDigits: 2 });
    await createMaster(tx, s, "currency", { code: "EUR", name: "Euro", minorUnitDigits: 2 });
    await createMaster(tx, s, "currency", { code: "GBP", name: "Pound sterling", minorUnitDigits: 2 });
    const us = await createMaster(tx, s, "legalEntity", { code: "US01", name: "Keel US", baseCurrency: "USD", timeZone: "America/New_York" });
    const de = await createMaster(tx, s, "legalEntity", { code: "DE01", name: "Keel DE", baseCurrency: "EUR", timeZone: "Europe/Berlin" });
    for (const [code, name] of [["EA", "Each"], ["CS", "Case"], ["PL", "Pallet"], ["KG", "Kilogram"]]) {
      await createMaster(tx, s, "unitOfMeasure", { code, name });
    }
    const category = await createMaster(tx, s, "itemCategory", { code: "BEV", name: "Beverages" });
    await createMaster(tx, s, "paymentTerm", { code: "NET30", name: "Net 30 days", dueDays: 30 });
    return { usId: us.id, deId: de.id, categoryId: category.id };
  });
}

export async function countRows(tx: Tx | Db, table: string): Promise<number> {
  const rows = await tx.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return rows[0]?.n ?? -1;
}

/** Asserts that fn fails with a DomainError of this code and returns it for further checks. */
export async function rejectsWith(fn: () => Promise<unknown>, code: string): Promise<import("../../../core/shared/errors").DomainError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(isDomainError(error), `expected a DomainError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but nothing was thrown`);
}

/** The issue for one field, so tests can check both the field and the rule. */
export function issueFor(error: { issues: { field: string; rule: string }[] }, field: string): { field: string; rule: string } | undefined {
  return error.issues.find((issue) => issue.field === field);
}
