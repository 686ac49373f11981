import { POSTING_ROLES, type PostingRole } from "../ledger/posting/types";
import { assert } from "../shared/assert";
import { divideRounded } from "../shared/money";
import { addDays } from "./dates";
import type { Random } from "./random";
import type {
  DemoAccount, DemoAccountRule, DemoCurrency, DemoEntity, DemoExchangeRate, DemoPaymentTerm, DemoTaxCode,
} from "./types";

export const US_ENTITY = "US01";
export const CA_ENTITY = "CA01";
/** Rates cover the opening date (at most 18 months + 62 days back, 611 days) and the history after it. */
export const EXCHANGE_RATE_DAYS = 640;

export const DEMO_CURRENCIES: readonly DemoCurrency[] = [
  { code: "USD", name: "US Dollar", minorUnitDigits: 2 },
  { code: "CAD", name: "Canadian Dollar", minorUnitDigits: 2 },
  { code: "EUR", name: "Euro", minorUnitDigits: 2 },
];

export const DEMO_ENTITIES: readonly DemoEntity[] = [
  { code: US_ENTITY, name: "Keel Supply Co.", baseCurrency: "USD", timeZone: "America/Chicago", valuationMethod: "moving_average", taxId: "36-4829175" },
  { code: CA_ENTITY, name: "Keel Supply Canada Ltd.", baseCurrency: "CAD", timeZone: "America/Toronto", valuationMethod: "fifo", taxId: "812345678RT0001" },
];

function account(code: string, name: string, type: DemoAccount["type"], controlKind: DemoAccount["controlKind"] = null): DemoAccount {
  return { code, name, type, isControl: controlKind !== null, controlKind };
}

/**
 * One chart for both entities. Contra accounts keep the type of the section they reduce:
 * sales returns and rebates are revenue (debit balances), purchase discounts and inventory
 * gains are expense (credit balances), so gross margin reads straight off the revenue and
 * expense sections. FX gains and losses share expense accounts for the same reason.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account("1000", "Cash - operating", "asset"),
  account("1100", "Accounts receivable", "asset", "ar"),
  account("1150", "Unbilled receivables", "asset"),
  account("1200", "Inventory", "asset", "inventory"),
  account("1210", "Inventory in transit", "asset", "inventory"),
  account("1300", "Rebate receivable", "asset"),
  account("1400", "Intercompany receivable", "asset"),
  account("1500", "Prepaid expenses", "asset"),
  account("2000", "Accounts payable", "liability", "ap"),
  account("2100", "Goods received not invoiced", "liability", "grni"),
  account("2200", "Sales tax payable", "liability"),
  account("2300", "Customer deposits", "liability"),
  account("2400", "Rebate accrual", "liability"),
  account("2500", "Intercompany payable", "liability"),
  account("2600", "Accrued expenses", "liability"),
  account("3000", "Opening balance equity", "equity"),
  account("3100", "Retained earnings", "equity"),
  account("3200", "Translation reserve", "equity"),
  account("4000", "Sales revenue", "revenue"),
  account("4010", "Sales - janitorial and sanitation", "revenue"),
  account("4020", "Sales - paper and packaging", "revenue"),
  account("4030", "Sales - safety and PPE", "revenue"),
  account("4100", "Sales returns", "revenue"),
  account("4200", "Sales rebates", "revenue"),
  account("4500", "Intercompany revenue", "revenue"),
  account("5000", "Cost of goods sold", "expense"),
  account("5010", "COGS - janitorial and sanitation", "expense"),
  account("5020", "COGS - paper and packaging", "expense"),
  account("5030", "COGS - safety and PPE", "expense"),
  account("5100", "Purchase price variance", "expense"),
  account("5200", "Inventory shrinkage", "expense"),
  account("5210", "Inventory gain", "expense"),
  account("5300", "Scrap expense", "expense"),
  account("5400", "Purchase discounts", "expense"),
  account("6000", "Freight and landed cost clearing", "expense"),
  account("6100", "Salaries and wages", "expense"),
  account("6200", "Rent and occupancy", "expense"),
  account("6300", "Utilities", "expense"),
  account("6400", "Bank charges", "expense"),
  account("7100", "Unrealized FX gain/loss", "expense"),
  account("7200", "Realized FX gain/loss", "expense"),
];

/** Where every posting role goes by default, before any category narrows it. */
const DEFAULT_ROLE_ACCOUNTS: Record<PostingRole, string> = {
  inventory: "1200", in_transit: "1210", grni: "2100", opening_equity: "3000", cogs: "5000",
  inventory_gain: "5210", shrinkage: "5200", scrap: "5300", ar: "1100", revenue: "4000",
  sales_returns: "4100", tax_payable: "2200", customer_deposits: "2300", ap: "2000", cash: "1000",
  ppv: "5100", purchase_discounts: "5400", landed_cost_clearing: "6000", unbilled_receivables: "1150",
  // The engine has one pair of FX roles; settlement (realized) is what posts through it first.
  // Month-end revaluation names 7100 itself until the engine grows an unrealized role.
  fx_gain: "7200", fx_loss: "7200",
  rebate_receivable: "1300", rebate_accrual: "2400", sales_rebates: "4200",
  ic_receivable: "1400", ic_payable: "2500", ic_revenue: "4500",
  retained_earnings: "3100", translation_reserve: "3200",
};

/** Category groups with their own revenue and COGS accounts, for margin by product line. */
const CATEGORY_ACCOUNTS: readonly { categoryCode: string; revenue: string; cogs: string }[] = [
  { categoryCode: "JAN", revenue: "4010", cogs: "5010" },
  { categoryCode: "CHM", revenue: "4010", cogs: "5010" },
  { categoryCode: "PAP", revenue: "4020", cogs: "5020" },
  { categoryCode: "PKG", revenue: "4020", cogs: "5020" },
  { categoryCode: "PPE", revenue: "4030", cogs: "5030" },
];

export function demoAccountRules(): DemoAccountRule[] {
  const rules: DemoAccountRule[] = POSTING_ROLES.map((role) => ({ role, accountCode: DEFAULT_ROLE_ACCOUNTS[role] }));
  for (const group of CATEGORY_ACCOUNTS) {
    rules.push({ role: "revenue", accountCode: group.revenue, itemCategoryCode: group.categoryCode });
    rules.push({ role: "sales_returns", accountCode: "4100", itemCategoryCode: group.categoryCode });
    rules.push({ role: "cogs", accountCode: group.cogs, itemCategoryCode: group.categoryCode });
  }
  return rules;
}

export const DEMO_PAYMENT_TERMS: readonly DemoPaymentTerm[] = [
  { code: "NET30", name: "Net 30 days", dueDays: 30, discountDays: 0, discountPpm: 0n },
  { code: "NET45", name: "Net 45 days", dueDays: 45, discountDays: 0, discountPpm: 0n },
  { code: "NET60", name: "Net 60 days", dueDays: 60, discountDays: 0, discountPpm: 0n },
  { code: "2/10NET30", name: "2% 10 days, net 30", dueDays: 30, discountDays: 10, discountPpm: 20_000n },
  { code: "COD", name: "Cash on delivery", dueDays: 0, discountDays: 0, discountPpm: 0n },
];

export const DEMO_TAX_CODES: readonly DemoTaxCode[] = [
  { entityCode: US_ENTITY, code: "EXEMPT", name: "Exempt (resale or exempt organization)", ratePpm: 0n },
  { entityCode: US_ENTITY, code: "STATE", name: "State sales tax 6.25%", ratePpm: 62_500n },
  { entityCode: CA_ENTITY, code: "HST", name: "HST 13% (Ontario)", ratePpm: 130_000n },
  { entityCode: CA_ENTITY, code: "GST", name: "GST 5%", ratePpm: 50_000n },
];

/** A mean-reverting random walk of the log rate; daily because later lookups want any date. */
function rateWalk(random: Random, days: number, mean: number, dailyVolatility: number): number[] {
  const rates: number[] = [];
  let logRate = Math.log(mean) + random.normal() * 0.02;
  for (let day = 0; day < days; day++) {
    logRate += 0.02 * (Math.log(mean) - logRate) + dailyVolatility * random.normal();
    rates.push(Math.exp(logRate));
  }
  return rates;
}

function toPpm(rate: number): bigint {
  const ppm = BigInt(Math.round(rate * 1_000_000));
  assert(ppm > 0n, "exchange rate must be positive");
  return ppm;
}

/** USD→CAD, its inverse CAD→USD, and EUR→USD for every day up to and including asOf. */
export function generateExchangeRates(random: Random, asOf: string): DemoExchangeRate[] {
  const usdCad = rateWalk(random.fork("usd-cad"), EXCHANGE_RATE_DAYS, 1.37, 0.003);
  const eurUsd = rateWalk(random.fork("eur-usd"), EXCHANGE_RATE_DAYS, 1.09, 0.004);
  const rates: DemoExchangeRate[] = [];
  for (let day = 0; day < EXCHANGE_RATE_DAYS; day++) {
    const rateDate = addDays(asOf, day - EXCHANGE_RATE_DAYS + 1);
    const usdCadPpm = toPpm(usdCad[day] as number);
    rates.push({ fromCurrency: "USD", toCurrency: "CAD", rateDate, ratePpm: usdCadPpm });
    rates.push({ fromCurrency: "CAD", toCurrency: "USD", rateDate, ratePpm: divideRounded(1_000_000_000_000n, usdCadPpm, "halfEven") });
    rates.push({ fromCurrency: "EUR", toCurrency: "USD", rateDate, ratePpm: toPpm(eurUsd[day] as number) });
  }
  return rates;
}

/** The USD→CAD rate on a date, for costing Canadian stock from US list costs. */
export function usdCadRateOn(rates: readonly DemoExchangeRate[], date: string): bigint {
  const rate = rates.find((r) => r.fromCurrency === "USD" && r.toCurrency === "CAD" && r.rateDate === date);
  assert(rate !== undefined, `no USD→CAD rate on ${date}`);
  return rate.ratePpm;
}
