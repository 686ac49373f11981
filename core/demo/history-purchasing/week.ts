// One entity's procure-to-pay week, run by the sales history on its replenishment day (Monday)
// inside that day's transaction, in this order: held invoices decided; goods and transfers that
// arrive today received (arrivals fill backorders); supplier invoices that arrive today entered;
// on the first Monday of a month, rebate settlements, cycle counts and transfers; the buyer's
// review places new orders; the weekly payment run per currency.
import type { Tx } from "../../db/client";
import type { EntityRun } from "../history-sales/context";
import { purchasingRunOf, rememberPurchasingRun, type PurchasingRun } from "./context";
import { decideHeldInvoices, enterDueInvoices } from "./invoicing";
import { monthlyInventoryControl, receiveTransfers } from "./inventory-control";
import { reviewWarehouse } from "./ordering";
import { runPayments, settleRebates } from "./payables";
import { receiveDue } from "./receiving";
import { setUpPurchasing } from "./setup";

async function runOf(tx: Tx, sales: EntityRun): Promise<PurchasingRun> {
  const existing = purchasingRunOf(sales);
  if (existing) return existing;
  const made = await setUpPurchasing(tx, sales);
  rememberPurchasingRun(sales, made);
  return made;
}

/**
 * The purchasing week of one entity on its replenishment day; `monthly` on the first one of a
 * month. Replaces the sales history's stand-in receipts with the real procure-to-pay commands.
 */
export async function purchasingWeek(tx: Tx, sales: EntityRun, date: string, monthly: boolean): Promise<void> {
  const run = await runOf(tx, sales);
  await decideHeldInvoices(tx, run, date);
  await receiveDue(tx, run, date);
  await receiveTransfers(tx, run, date);
  await enterDueInvoices(tx, run, date);
  if (monthly) {
    await settleRebates(tx, run, date);
    await monthlyInventoryControl(tx, run, date);
  }
  const codes = [...new Set(sales.entity.assortment.map((a) => a.warehouseCode))].sort();
  for (const code of codes) await reviewWarehouse(tx, run, code, date, monthly);
  await runPayments(tx, run, date);
}

/** What the purchasing history did for an entity so far (for the load log and tests). */
export function purchasingStatsOf(sales: EntityRun): PurchasingRun["stats"] | null {
  return purchasingRunOf(sales)?.stats ?? null;
}
