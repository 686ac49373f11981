// How each customer buys and pays in the history: a long-tailed order frequency by tier, a payer
// profile (most pay on time, some a little late, a set 30-90 days late, COD accounts at delivery),
// and a few "stretched" accounts whose orders are sized against their credit limit.
import { CA_ENTITY, US_ENTITY } from "../generate-finance";
import { CA_NEAR_DUPLICATES, US_NEAR_DUPLICATES } from "../generate-parties";
import { addDays } from "../dates";
import type { Random } from "../random";
import type { CustomerTier, DemoCustomer, DemoData } from "../types";
import type { PayerProfile, PlannedCustomer } from "./types";

const TIER_WEIGHT: Record<CustomerTier, number> = { platinum: 8, gold: 4, silver: 2, standard: 1 };
/** The unmarked near-duplicates the demo leaves for duplicate detection buy rarely. */
const DUPLICATE_WEIGHT_FACTOR = 0.2;
const STRETCHED_SHARE = 0.06;
const STRETCHED_WEIGHT_FACTOR = 2.5;
const PAYERS: readonly (readonly [PayerProfile, number])[] = [["prompt", 64], ["slow", 21], ["late", 15]];

function payerOf(random: Random, customer: DemoCustomer): PayerProfile {
  if (customer.paymentTermCode === "COD") return "cod";
  if (customer.paymentTermCode === "2/10NET30" && random.chance(0.7)) return "discount";
  return random.weighted(PAYERS);
}

function methodOf(random: Random, customer: DemoCustomer): PlannedCustomer["method"] {
  if (customer.paymentTermCode === "COD") return random.chance(0.5) ? "card" : "check";
  if (customer.tier === "platinum") return random.chance(0.5) ? "wire" : "ach";
  return random.weighted([["ach", 5], ["check", 4], ["card", 1]] as const);
}

/** The last customers of each entity are the near-duplicates (see generate-parties.ts). */
function duplicateCodes(data: DemoData): Set<string> {
  const codes = new Set<string>();
  for (const [entityCode, count] of [[US_ENTITY, US_NEAR_DUPLICATES], [CA_ENTITY, CA_NEAR_DUPLICATES]] as const) {
    const own = data.customers.filter((c) => c.entityCode === entityCode);
    for (const customer of own.slice(own.length - count)) codes.add(`${entityCode}|${customer.code}`);
  }
  return codes;
}

/** How long before the history ends the disputed key account stops paying. */
const DISPUTE_DAYS_BEFORE_END = 150;
/** The disputed account is the entity's third-busiest key account: busy enough to age into every bucket. */
const DISPUTED_ACCOUNT_RANK = 2;

/** One key account per entity stops paying some months before the end (it keeps ordering; credit releases it while it is a key account). */
function markDispute(customers: PlannedCustomer[], data: DemoData, endDate: string): void {
  for (const entity of data.entities) {
    const keyAccounts = customers.filter((p) => {
      const customer = data.customers.find((c) => c.entityCode === p.entityCode && c.code === p.code);
      return p.entityCode === entity.code && !p.stretched && p.payer !== "cod" && (customer?.tier === "gold" || customer?.tier === "platinum");
    }).sort((a, b) => b.weight - a.weight);
    const disputed = keyAccounts[Math.min(DISPUTED_ACCOUNT_RANK, keyAccounts.length - 1)];
    if (disputed) disputed.stopsPayingOn = addDays(endDate, -DISPUTE_DAYS_BEFORE_END);
  }
}

export function planCustomers(random: Random, data: DemoData, endDate: string): PlannedCustomer[] {
  const duplicates = duplicateCodes(data);
  const customers = data.customers.map((customer): PlannedCustomer => {
    const stream = random.fork(`customer:${customer.entityCode}:${customer.code}`);
    const payer = payerOf(stream, customer);
    const stretched = customer.creditLimitMinor > 0n && (customer.tier === "standard" || customer.tier === "silver") && stream.chance(STRETCHED_SHARE);
    let weight = TIER_WEIGHT[customer.tier] * Math.exp(0.9 * stream.normal());
    if (duplicates.has(`${customer.entityCode}|${customer.code}`)) weight *= DUPLICATE_WEIGHT_FACTOR;
    if (stretched) weight *= STRETCHED_WEIGHT_FACTOR;
    return { entityCode: customer.entityCode, code: customer.code, payer, weight, method: methodOf(stream, customer), stretched, paymentWeekday: stream.int(1, 5), stopsPayingOn: null };
  });
  markDispute(customers, data, endDate);
  return customers;
}
