import { assert } from "../shared/assert";
import { firstDayOfPreviousMonth, isDate, yearOf } from "./dates";
import { HISTORY_MONTHS, monthsBefore } from "./history-sales/calendar";
import { DEMO_CATEGORIES, DEMO_UNITS, generateItems } from "./generate-catalog";
import {
  DEMO_ACCOUNTS, DEMO_CURRENCIES, DEMO_ENTITIES, DEMO_PAYMENT_TERMS, DEMO_TAX_CODES, demoAccountRules,
  generateExchangeRates, usdCadRateOn,
} from "./generate-finance";
import { DEMO_CUSTOMER_GROUPS, DEMO_USERS, generateCustomers, generateSuppliers } from "./generate-parties";
import { generateCustomerPrices, generateListMargins, generatePriceLists } from "./generate-prices";
import { DEMO_WAREHOUSES, generateOpeningStock } from "./generate-stock";
import { createRandom } from "./random";
import type { DemoData } from "./types";

export const DEFAULT_DEMO_SEED = 1729;

/**
 * The whole demo distributor as plain data, a pure function of the seed and the business
 * date: no I/O, no clock, no Math.random. Each part draws from its own named stream of the
 * seed, so a change to one part (say, more items) leaves the others as they were.
 */
export function generateDemo(options: { seed?: number; asOf: string }): DemoData {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  assert(isDate(options.asOf), `asOf is a YYYY-MM-DD date: ${options.asOf}`);
  const random = createRandom(seed);
  const asOf = options.asOf;
  // Opening stock precedes the trading history, so every historical movement finds its stock and
  // the inventory account never runs negative in a past period.
  const openingDate = firstDayOfPreviousMonth(monthsBefore(asOf, HISTORY_MONTHS));
  const year = yearOf(asOf);
  const fiscalYears: number[] = [];
  for (let y = yearOf(openingDate); y <= year; y++) fiscalYears.push(y);
  const exchangeRates = generateExchangeRates(random.fork("rates"), asOf);
  const items = generateItems(random.fork("items"), usdCadRateOn(exchangeRates, openingDate));
  const margins = generateListMargins(random.fork("margins"), items);
  const priceLists = generatePriceLists(DEMO_ENTITIES, items, margins, `${year - 1}-01-01`);
  const customers = generateCustomers(random.fork("customers"));
  return {
    seed, asOf, openingDate,
    fiscalYears,
    currencies: [...DEMO_CURRENCIES],
    exchangeRates,
    entities: [...DEMO_ENTITIES],
    accounts: [...DEMO_ACCOUNTS],
    accountRules: demoAccountRules(),
    paymentTerms: [...DEMO_PAYMENT_TERMS],
    taxCodes: [...DEMO_TAX_CODES],
    units: [...DEMO_UNITS],
    categories: [...DEMO_CATEGORIES],
    items,
    warehouses: [...DEMO_WAREHOUSES],
    customerGroups: [...DEMO_CUSTOMER_GROUPS],
    priceLists,
    customers,
    customerPrices: generateCustomerPrices(random.fork("customer-prices"), customers, items, priceLists, asOf),
    suppliers: generateSuppliers(random.fork("suppliers")),
    users: [...DEMO_USERS],
    openingStock: generateOpeningStock(random.fork("stock"), items, DEMO_WAREHOUSES),
  };
}
