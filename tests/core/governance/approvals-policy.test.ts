// Proves the pure policy logic: saved rules are validated field by field, conditions compare
// money exactly as bigint, numbers and strings as documented, rules are tried in order, and
// materiality leaves out steps below their threshold. Table-driven; no database.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DEFAULT_POLICIES, MATERIALITY_AUTO_REASON, PolicyRulesSchema, conditionHolds, evaluatePolicy, factsFromJson, factsToJson, planSteps,
  type ApprovalFacts, type PolicyCondition, type PolicyRule,
} from "../../../core/governance/approvals";

const cases: { name: string; condition: PolicyCondition; facts: ApprovalFacts; holds: boolean }[] = [
  { name: "money lt below", condition: { fact: "amountMinor", op: "lt", value: "250000" }, facts: { amountMinor: 249999n }, holds: true },
  { name: "money lt equal", condition: { fact: "amountMinor", op: "lt", value: "250000" }, facts: { amountMinor: 250000n }, holds: false },
  { name: "money gte equal", condition: { fact: "amountMinor", op: "gte", value: "250000" }, facts: { amountMinor: 250000n }, holds: true },
  // 2^53 + 1 is not representable as a double: a float comparison would call these equal.
  { name: "money beyond 2^53 compares exactly", condition: { fact: "amountMinor", op: "gt", value: "9007199254740992" }, facts: { amountMinor: 9007199254740993n }, holds: true },
  { name: "money eq beyond 2^53", condition: { fact: "amountMinor", op: "eq", value: "9007199254740992" }, facts: { amountMinor: 9007199254740993n }, holds: false },
  { name: "money number value", condition: { fact: "quantityValueMinor", op: "lte", value: 100 }, facts: { quantityValueMinor: 100n }, holds: true },
  { name: "money in list", condition: { fact: "amountMinor", op: "in", value: ["5", "7"] }, facts: { amountMinor: 7n }, holds: true },
  { name: "money neq", condition: { fact: "amountMinor", op: "neq", value: "5" }, facts: { amountMinor: 5n }, holds: false },
  { name: "bps lt", condition: { fact: "marginImpactBps", op: "lt", value: 200 }, facts: { marginImpactBps: 199 }, holds: true },
  { name: "bps lt boundary", condition: { fact: "marginImpactBps", op: "lt", value: 200 }, facts: { marginImpactBps: 200 }, holds: false },
  { name: "bps gt", condition: { fact: "marginImpactBps", op: "gt", value: 200 }, facts: { marginImpactBps: 201 }, holds: true },
  { name: "supplier eq", condition: { fact: "supplierId", op: "eq", value: 12 }, facts: { supplierId: 12 }, holds: true },
  { name: "supplier not_in", condition: { fact: "supplierId", op: "not_in", value: [1, 2] }, facts: { supplierId: 3 }, holds: true },
  { name: "tier in", condition: { fact: "customerTier", op: "in", value: ["platinum", "gold"] }, facts: { customerTier: "gold" }, holds: true },
  { name: "tier in miss", condition: { fact: "customerTier", op: "in", value: ["platinum", "gold"] }, facts: { customerTier: "silver" }, holds: false },
  { name: "tier eq is case sensitive", condition: { fact: "customerTier", op: "eq", value: "gold" }, facts: { customerTier: "Gold" }, holds: false },
  { name: "tier neq", condition: { fact: "customerTier", op: "neq", value: "gold" }, facts: { customerTier: "silver" }, holds: true },
  { name: "fields contains one", condition: { fact: "fields", op: "contains", value: "creditLimitMinor" }, facts: { fields: ["name", "creditLimitMinor"] }, holds: true },
  { name: "fields contains any of", condition: { fact: "fields", op: "contains", value: ["bankName", "bankAccountNumber"] }, facts: { fields: ["bankAccountNumber"] }, holds: true },
  { name: "fields contains none", condition: { fact: "fields", op: "contains", value: ["bankName"] }, facts: { fields: ["email"] }, holds: false },
  { name: "missing fact fails lt", condition: { fact: "amountMinor", op: "lt", value: "1" }, facts: {}, holds: false },
  { name: "missing fact fails neq", condition: { fact: "customerTier", op: "neq", value: "gold" }, facts: { customerTier: null }, holds: false },
  { name: "missing fact fails not_in", condition: { fact: "supplierId", op: "not_in", value: [1] }, facts: {}, holds: false },
];

for (const c of cases) {
  test(`condition: ${c.name}`, () => {
    assert.equal(conditionHolds(c.condition, c.facts), c.holds);
  });
}

const rules: PolicyRule[] = [
  { name: "auto", when: [{ fact: "amountMinor", op: "lt", value: "1000" }, { fact: "customerTier", op: "eq", value: "gold" }],
    outcome: { type: "auto_approve", reason: "small" } },
  { name: "big", when: [{ fact: "amountMinor", op: "gte", value: "1000000" }],
    outcome: { type: "chain", steps: [{ approverRole: "controller", timeLimitHours: 48 }] } },
  { name: "rest", when: [], outcome: { type: "chain", steps: [{ approverRole: "sales", timeLimitHours: 24 }] } },
];

const routing: { facts: ApprovalFacts; rule: string }[] = [
  { facts: { amountMinor: 999n, customerTier: "gold" }, rule: "auto" },
  { facts: { amountMinor: 999n, customerTier: "silver" }, rule: "rest" },
  { facts: { amountMinor: 1_000_000n, customerTier: "gold" }, rule: "big" },
  { facts: {}, rule: "rest" },
];

for (const r of routing) {
  test(`the first matching rule routes ${JSON.stringify(factsToJson(r.facts))} to "${r.rule}"`, () => {
    assert.equal(evaluatePolicy(rules, r.facts)?.rule.name, r.rule);
  });
}

test("no rule matching gives null", () => {
  assert.equal(evaluatePolicy(rules.slice(0, 2), { amountMinor: 5000n }), null);
});

const chain: PolicyRule["outcome"] = { type: "chain", steps: [
  { approverRole: "sales", timeLimitHours: 24 },
  { approverRole: "controller", timeLimitHours: 48, thresholdMinor: "500000" },
  { approverRole: "admin", timeLimitHours: 72, thresholdMinor: "5000000" },
] };

const materiality: { amount: bigint | null; included: boolean[] }[] = [
  { amount: 100n, included: [true, false, false] },
  { amount: 499_999n, included: [true, false, false] },
  { amount: 500_000n, included: [true, true, false] },
  { amount: 5_000_000n, included: [true, true, true] },
  { amount: null, included: [true, true, true] },
];

for (const m of materiality) {
  test(`materiality at amount ${m.amount} keeps steps ${m.included.join("/")}`, () => {
    const plan = planSteps(chain, m.amount);
    assert.equal(plan.type, "chain");
    assert.deepEqual(plan.steps.map((s) => s.included), m.included);
    assert.deepEqual(plan.steps.map((s) => s.stepNumber), [1, 2, 3]);
  });
}

test("a chain whose every step is below materiality auto-approves with the recorded reason", () => {
  const plan = planSteps({ type: "chain", steps: [{ approverRole: "controller", timeLimitHours: 24, thresholdMinor: "1000" }] }, 999n);
  assert.equal(plan.type, "auto_approve");
  assert.equal(plan.type === "auto_approve" ? plan.reason : "", MATERIALITY_AUTO_REASON);
});

const invalid: { name: string; rules: unknown; field: string }[] = [
  { name: "unknown role", rules: [{ name: "r", when: [], outcome: { type: "chain", steps: [{ approverRole: "boss", timeLimitHours: 24 }] } }], field: "0.outcome.steps.0.approverRole" },
  { name: "time limit 0", rules: [{ name: "r", when: [], outcome: { type: "chain", steps: [{ approverRole: "sales", timeLimitHours: 0 }] } }], field: "0.outcome.steps.0.timeLimitHours" },
  { name: "time limit 721", rules: [{ name: "r", when: [], outcome: { type: "chain", steps: [{ approverRole: "sales", timeLimitHours: 721 }] } }], field: "0.outcome.steps.0.timeLimitHours" },
  { name: "threshold not an integer", rules: [{ name: "r", when: [], outcome: { type: "chain", steps: [{ approverRole: "sales", timeLimitHours: 1, thresholdMinor: "12.50" }] } }], field: "0.outcome.steps.0.thresholdMinor" },
  { name: "empty chain", rules: [{ name: "r", when: [], outcome: { type: "chain", steps: [] } }], field: "0.outcome.steps" },
  { name: "step without approver", rules: [{ name: "r", when: [], outcome: { type: "chain", steps: [{ timeLimitHours: 4 }] } }], field: "0.outcome.steps.0.approverRole" },
  { name: "no rules", rules: [], field: "(input)" },
  { name: "ordering on a string fact", rules: [{ name: "r", when: [{ fact: "customerTier", op: "gt", value: "gold" }], outcome: { type: "auto_approve", reason: "x" } }], field: "0.when.0.op" },
  { name: "money compared with a decimal", rules: [{ name: "r", when: [{ fact: "amountMinor", op: "lt", value: "10.5" }], outcome: { type: "auto_approve", reason: "x" } }], field: "0.when.0.value" },
  { name: "in without a list", rules: [{ name: "r", when: [{ fact: "customerTier", op: "in", value: "gold" }], outcome: { type: "auto_approve", reason: "x" } }], field: "0.when.0.value" },
  { name: "unknown fact", rules: [{ name: "r", when: [{ fact: "colour", op: "eq", value: "red" }], outcome: { type: "auto_approve", reason: "x" } }], field: "0.when.0.fact" },
];

for (const c of invalid) {
  test(`refuses a policy with ${c.name}, naming ${c.field}`, () => {
    const result = PolicyRulesSchema.safeParse(c.rules);
    assert.equal(result.success, false);
    const fields = result.success ? [] : result.error.issues.map((i) => (i.path.length > 0 ? i.path.map(String).join(".") : "(input)"));
    assert.ok(fields.includes(c.field), `expected an issue at ${c.field}, got ${fields.join(", ")}`);
  });
}

test("every default policy validates and routes a request of its kind", () => {
  for (const [kind, policy] of Object.entries(DEFAULT_POLICIES)) {
    const parsed = PolicyRulesSchema.safeParse(policy.rules);
    assert.ok(parsed.success, `${kind}: ${parsed.success ? "" : parsed.error.message}`);
    assert.ok(evaluatePolicy(policy.rules, { amountMinor: 10_000_000n }) !== null, `${kind} routes a large request`);
  }
});

test("the default pricing policy auto-approves a small concession for gold and chains the rest", () => {
  const { rules: pricing } = DEFAULT_POLICIES.pricing_override;
  assert.equal(evaluatePolicy(pricing, { marginImpactBps: 150, customerTier: "gold" })?.outcome.type, "auto_approve");
  assert.equal(evaluatePolicy(pricing, { marginImpactBps: 150, customerTier: "standard" })?.outcome.type, "chain");
  assert.equal(evaluatePolicy(pricing, { marginImpactBps: 250, customerTier: "platinum" })?.outcome.type, "chain");
});

test("the default master-data policy sends credit limits and bank details through the owner and the controller", () => {
  const { rules: masters } = DEFAULT_POLICIES.master_data_change;
  const roles = (facts: ApprovalFacts) => {
    const outcome = evaluatePolicy(masters, facts)?.outcome;
    return outcome?.type === "chain" ? outcome.steps.map((s) => s.approverRole) : [];
  };
  assert.deepEqual(roles({ masterKind: "customer", fields: ["creditLimitMinor"] }), ["sales", "controller"]);
  assert.deepEqual(roles({ masterKind: "supplier", fields: ["bankAccountNumber"] }), ["buyer", "controller"]);
  assert.deepEqual(roles({ masterKind: "customer", fields: ["email"] }), ["sales"]);
  assert.deepEqual(roles({ masterKind: "item", fields: ["description"] }), ["planner"]);
  assert.deepEqual(roles({ masterKind: "account", fields: ["name"] }), ["controller"]);
});

test("facts round-trip through JSON with money as decimal strings", () => {
  const facts: ApprovalFacts = { amountMinor: 9007199254740993n, marginImpactBps: 120, customerTier: "gold", fields: ["a"] };
  const json = factsToJson(facts);
  assert.equal(json.amountMinor, "9007199254740993");
  assert.deepEqual(factsFromJson(JSON.parse(JSON.stringify(json))), facts);
});
