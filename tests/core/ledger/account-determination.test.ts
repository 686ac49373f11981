// Proves account determination picks the most specific matching rule, then priority,
// then the oldest rule, with a pure table of cases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pickRule } from "../../../core/ledger";

const base = { entityId: 1, customerGroupId: null, createdAt: new Date(), updatedAt: new Date() };
const rules = [
  { ...base, id: 1, role: "revenue", itemCategoryId: null, warehouseId: null, accountId: 100, priority: 0 },
  { ...base, id: 2, role: "revenue", itemCategoryId: 7, warehouseId: null, accountId: 200, priority: 0 },
  { ...base, id: 3, role: "revenue", itemCategoryId: 7, warehouseId: 3, accountId: 300, priority: 0 },
  { ...base, id: 4, role: "revenue", itemCategoryId: null, warehouseId: 3, accountId: 400, priority: 5 },
  { ...base, id: 5, role: "cogs", itemCategoryId: null, warehouseId: null, accountId: 500, priority: 0 },
];

const cases: [string, { itemCategoryId?: number; warehouseId?: number }, number | null][] = [
  ["falls back to the entity default", {}, 100],
  ["prefers the category rule", { itemCategoryId: 7 }, 200],
  ["prefers two matching dimensions over one", { itemCategoryId: 7, warehouseId: 3 }, 300],
  ["breaks a specificity tie by priority", { itemCategoryId: 8, warehouseId: 3 }, 400],
  ["ignores rules of other categories", { itemCategoryId: 9 }, 100],
];

for (const [name, dimensions, expected] of cases) {
  test(`account determination ${name}`, () => {
    assert.equal(pickRule(rules, "revenue", dimensions)?.accountId ?? null, expected);
  });
}

test("account determination returns null when no rule has the role", () => {
  assert.equal(pickRule(rules, "grni", {}), null);
});
