// Pure policy logic: the schema a policy's rules must satisfy when saved, the evaluation of
// rules against a request's facts, and the materiality filter over a chain's steps. No I/O.
import { z } from "zod";
import { assert, assertNever } from "../../shared/assert";
import { ROLES } from "../permissions";
import type { ApprovalFacts, ConditionOperator, FactName, PolicyCondition, PolicyOutcome, PolicyRule, PolicyStep } from "./types";

export const POLICY_RULES_MAX = 50;
export const POLICY_CONDITIONS_MAX = 20;
export const POLICY_STEPS_MAX = 10;
export const POLICY_LIST_VALUES_MAX = 100;
export const TIME_LIMIT_HOURS_MIN = 1;
export const TIME_LIMIT_HOURS_MAX = 720;
export const MATERIALITY_AUTO_REASON = "below every step's materiality threshold";

/** Facts compared as exact integers (bigint minor units). */
export const MONEY_FACTS = ["amountMinor", "quantityValueMinor"] as const;
/** Facts compared as numbers (ids and basis points are integers well inside 2^53). */
export const NUMBER_FACTS = ["entityId", "marginImpactBps", "customerId", "supplierId"] as const;
/** Facts compared by string equality. */
export const STRING_FACTS = ["customerTier", "masterKind"] as const;
/** Facts holding a list, tested with `contains`. */
export const LIST_FACTS = ["fields"] as const;
export const FACT_NAMES = [...MONEY_FACTS, ...NUMBER_FACTS, ...STRING_FACTS, ...LIST_FACTS] as const satisfies readonly FactName[];
export const CONDITION_OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "contains"] as const satisfies readonly ConditionOperator[];

type FactClass = "money" | "number" | "string" | "list";

export function factClassOf(fact: FactName): FactClass {
  if ((MONEY_FACTS as readonly string[]).includes(fact)) return "money";
  if ((NUMBER_FACTS as readonly string[]).includes(fact)) return "number";
  if ((STRING_FACTS as readonly string[]).includes(fact)) return "string";
  assert((LIST_FACTS as readonly string[]).includes(fact), `fact ${fact} has no class`);
  return "list";
}

const OPERATORS_BY_CLASS: Record<FactClass, readonly ConditionOperator[]> = {
  money: ["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in"],
  string: ["eq", "neq", "in", "not_in"],
  list: ["contains"],
};

const INTEGER_STRING = /^-?\d{1,19}$/;

function scalarFits(factClass: FactClass, value: unknown): boolean {
  switch (factClass) {
    case "money": return (typeof value === "string" && INTEGER_STRING.test(value)) || (typeof value === "number" && Number.isSafeInteger(value));
    case "number": return (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)));
    case "string": return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "list": return typeof value === "string";
    default: return assertNever(factClass);
  }
}

const ScalarValue = z.union([z.string().max(200), z.number(), z.boolean()]);

export const PolicyConditionSchema = z.object({
  fact: z.enum(FACT_NAMES),
  op: z.enum(CONDITION_OPERATORS),
  value: z.union([ScalarValue, z.array(z.union([z.string().max(200), z.number()])).min(1).max(POLICY_LIST_VALUES_MAX)]),
}).superRefine((condition, ctx) => {
  const factClass = factClassOf(condition.fact);
  if (!OPERATORS_BY_CLASS[factClass].includes(condition.op)) {
    ctx.addIssue({ code: "custom", path: ["op"], message: `${condition.op} does not apply to ${condition.fact} (use ${OPERATORS_BY_CLASS[factClass].join(", ")})` });
    return;
  }
  const wantsList = condition.op === "in" || condition.op === "not_in";
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  if (wantsList && !Array.isArray(condition.value)) {
    ctx.addIssue({ code: "custom", path: ["value"], message: `${condition.op} needs a list of values` });
  } else if (!wantsList && condition.op !== "contains" && Array.isArray(condition.value)) {
    ctx.addIssue({ code: "custom", path: ["value"], message: `${condition.op} needs a single value` });
  } else if (!values.every((v) => scalarFits(factClass, v))) {
    const expected = factClass === "money" ? "an integer in minor units" : factClass === "number" ? "a number" : "text";
    ctx.addIssue({ code: "custom", path: ["value"], message: `${condition.fact} compares with ${expected}` });
  }
});

export const PolicyStepSchema = z.object({
  approverRole: z.enum(ROLES).optional(),
  approverUserId: z.number().int().positive().optional(),
  thresholdMinor: z.string().regex(/^\d{1,18}$/, "an integer string of minor units").nullable().optional(),
  timeLimitHours: z.number().int().min(TIME_LIMIT_HOURS_MIN).max(TIME_LIMIT_HOURS_MAX),
  escalateToRole: z.enum(ROLES).optional(),
}).refine((step) => step.approverRole !== undefined || step.approverUserId !== undefined, {
  message: "a step needs an approverRole or an approverUserId", path: ["approverRole"],
});

export const PolicyOutcomeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto_approve"), reason: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal("chain"), steps: z.array(PolicyStepSchema).min(1, "a chain needs at least one step").max(POLICY_STEPS_MAX) }),
]);

export const PolicyRuleSchema = z.object({
  name: z.string().trim().min(1).max(120),
  when: z.array(PolicyConditionSchema).max(POLICY_CONDITIONS_MAX),
  outcome: PolicyOutcomeSchema,
});

/** What createPolicyVersion validates before a policy is saved. */
export const PolicyRulesSchema = z.array(PolicyRuleSchema).min(1, "a policy needs at least one rule").max(POLICY_RULES_MAX);

// The schemas' outputs must stay assignable to the contract types others code against.
type _RulesFitContract = z.output<typeof PolicyRulesSchema> extends PolicyRule[] ? true : never;
type _EveryFactNamed = Exclude<FactName, (typeof FACT_NAMES)[number]> extends never ? true : never;
const _contractChecks: [_RulesFitContract, _EveryFactNamed] = [true, true];
void _contractChecks;

const MoneyFact = z.union([z.bigint(), z.number().int(), z.string().regex(INTEGER_STRING)])
  .transform((value) => BigInt(value)).nullable().optional();
const IdFact = z.number().int().positive().nullable().optional();

/** Facts as submitted (bigint money) or as stored (money as strings); both parse to ApprovalFacts. */
export const ApprovalFactsSchema = z.object({
  entityId: IdFact,
  amountMinor: MoneyFact,
  quantityValueMinor: MoneyFact,
  marginImpactBps: z.number().finite().nullable().optional(),
  customerTier: z.string().max(40).nullable().optional(),
  customerId: IdFact,
  supplierId: IdFact,
  masterKind: z.string().max(60).nullable().optional(),
  fields: z.array(z.string().max(80)).max(200).nullable().optional(),
});

/** JSON-safe copy of facts for the request row: bigints become decimal strings. */
export function factsToJson(facts: ApprovalFacts): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (value === undefined) continue;
    json[key] = typeof value === "bigint" ? value.toString() : value;
  }
  return json;
}

export function factsFromJson(json: unknown): ApprovalFacts {
  return ApprovalFactsSchema.parse(json ?? {});
}

function toBigint(value: unknown): bigint | null {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && INTEGER_STRING.test(value)) return BigInt(value);
  return null;
}

function toNumber(value: unknown): number | null {
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

/** -1, 0 or 1; null when the condition's value is not comparable with the fact. */
function compareFact(factClass: FactClass, fact: unknown, value: unknown): number | null {
  if (factClass === "money") {
    const a = toBigint(fact);
    const b = toBigint(value);
    if (a === null || b === null) return null;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (factClass === "number") {
    const a = toNumber(fact);
    const b = toNumber(value);
    if (a === null || b === null) return null;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return String(fact) === String(value) ? 0 : null;
}

function equalsAny(factClass: FactClass, fact: unknown, values: unknown[]): boolean {
  return values.some((v) => compareFact(factClass, fact, v) === 0);
}

/**
 * Whether one condition holds. A missing fact never satisfies a condition (not even neq or
 * not_in), so a request lacking a fact falls through to a later, usually stricter, rule.
 */
export function conditionHolds(condition: PolicyCondition, facts: ApprovalFacts): boolean {
  const fact = facts[condition.fact];
  if (fact === null || fact === undefined) return false;
  const factClass = factClassOf(condition.fact);
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  switch (condition.op) {
    case "contains": return Array.isArray(fact) && values.some((v) => (fact as string[]).includes(String(v)));
    case "in": return equalsAny(factClass, fact, values);
    case "not_in": return !equalsAny(factClass, fact, values);
    case "eq": return compareFact(factClass, fact, condition.value) === 0;
    case "neq": {
      const order = compareFact(factClass, fact, condition.value);
      return factClass === "string" ? order === null : order !== null && order !== 0;
    }
    case "gt": return (compareFact(factClass, fact, condition.value) ?? 0) > 0;
    case "gte": { const order = compareFact(factClass, fact, condition.value); return order !== null && order >= 0; }
    case "lt": return (compareFact(factClass, fact, condition.value) ?? 0) < 0;
    case "lte": { const order = compareFact(factClass, fact, condition.value); return order !== null && order <= 0; }
    default: return assertNever(condition.op);
  }
}

export type PolicyMatch = { rule: PolicyRule; ruleIndex: number; outcome: PolicyOutcome };

/** The first rule whose conditions all hold (a rule with none always matches), or null. */
export function evaluatePolicy(rules: readonly PolicyRule[], facts: ApprovalFacts): PolicyMatch | null {
  assert(rules.length <= POLICY_RULES_MAX, "too many policy rules");
  for (const [ruleIndex, rule] of rules.entries()) {
    if (rule.when.every((condition) => conditionHolds(condition, facts))) return { rule, ruleIndex, outcome: rule.outcome };
  }
  return null;
}

export type PlannedStep = { stepNumber: number; step: PolicyStep; included: boolean };
export type StepPlan =
  | { type: "auto_approve"; reason: string; steps: PlannedStep[] }
  | { type: "chain"; steps: PlannedStep[] };

/**
 * Applies materiality: a step whose thresholdMinor exceeds amountMinor is left out. When the
 * amount is unknown the step stays in, because an unknown amount cannot prove immateriality.
 * Step numbers follow the policy's chain so a skipped step keeps its place in the history.
 */
export function planSteps(outcome: PolicyOutcome, amountMinor: bigint | null | undefined): StepPlan {
  if (outcome.type === "auto_approve") return { type: "auto_approve", reason: outcome.reason, steps: [] };
  assert(outcome.steps.length > 0, "a chain has at least one step");
  const steps = outcome.steps.map((step, index) => {
    const threshold = step.thresholdMinor ? BigInt(step.thresholdMinor) : null;
    const included = threshold === null || amountMinor === null || amountMinor === undefined || amountMinor >= threshold;
    return { stepNumber: index + 1, step, included };
  });
  if (steps.some((s) => s.included)) return { type: "chain", steps };
  return { type: "auto_approve", reason: MATERIALITY_AUTO_REASON, steps };
}
