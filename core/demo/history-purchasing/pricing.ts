// What the distributor pays: the item's standard cost creeping up with a little noise per order
// (the sales history's replenishment cost curve), and for imports the importer's price in its own
// currency, below the domestic cost so that freight and duty (landed cost) bring it near par.
import type { Tx } from "../../db/client";
import { exchangeRateOn } from "../../masters";
import { assert } from "../../shared/assert";
import { divideRounded, PPM } from "../../shared/money";
import type { PurchasingRun } from "./context";

/** An importer's price is this share of the domestic cost, before freight and duty. */
const IMPORT_PRICE_SHARE_PPM = 820_000n;

/** Foreign price per base unit for a domestic cost: cost x share / rate (foreign -> base, ppm), at least 1. */
export function importPriceMinor(domesticCostMinor: bigint, ratePpm: bigint): bigint {
  assert(ratePpm > 0n, "a positive rate");
  const price = divideRounded(domesticCostMinor * IMPORT_PRICE_SHARE_PPM, ratePpm, "halfEven");
  return price > 0n ? price : 1n;
}

/** The rate of `currency` to the entity's base on the history's first import date, or parity. */
export async function rateOrParity(tx: Tx, currency: string, run: PurchasingRun): Promise<bigint> {
  if (currency === run.baseCurrency) return PPM;
  const from = [...run.importFrom.values()].find((d) => d !== null && d !== undefined) ?? null;
  return from === null ? PPM : exchangeRateOn(tx, currency, run.baseCurrency, from);
}
