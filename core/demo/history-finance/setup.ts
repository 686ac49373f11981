// Before the sales history runs: the intercompany partnership between the two demo entities and
// the customer rebate agreements, so that rebates accrue as the history's invoices post.
import type { Tx } from "../../db/client";
import { SYSTEM_ACTOR } from "../../governance/permissions";
import { setIntercompanyPartner } from "../../ledger/intercompany";
import { createCustomerRebateAgreement, type VolumeTier } from "../../sales/rebates";
import { assert } from "../../shared/assert";
import { addDays } from "../dates";
import { demoPeople } from "../history-sales/context";
import { DemoIds } from "../ids";
import type { SalesHistoryPlan } from "../history-sales";
import type { DemoCustomer, DemoData, DemoEntity } from "../types";

/** Rebate customers per entity. */
export const REBATE_CUSTOMERS_PER_ENTITY = 3;
/** The category one of each entity's agreements is limited to (janitorial supplies). */
export const REBATE_CATEGORY_CODE = "JAN";

/** Percent of quarterly net sales by the tier the quarter's cumulative sales reach (base currency). */
export const QUARTERLY_TIERS: readonly VolumeTier[] = [
  { fromMinor: 0n, ratePpm: 10_000n },
  { fromMinor: 2_500_000n, ratePpm: 20_000n },
  { fromMinor: 7_500_000n, ratePpm: 30_000n },
];

export type RebateQuarter = { name: string; periodStart: string; periodEnd: string };

/** Calendar quarters overlapping [fromDate, toDate], oldest first. Pure. */
export function quartersBetween(fromDate: string, toDate: string): RebateQuarter[] {
  assert(fromDate <= toDate, "a date range");
  const quarters: RebateQuarter[] = [];
  let year = Number(fromDate.slice(0, 4));
  let quarter = Math.floor((Number(fromDate.slice(5, 7)) - 1) / 3);
  for (;;) {
    const startMonth = quarter * 3 + 1;
    const periodStart = `${year}-${String(startMonth).padStart(2, "0")}-01`;
    if (periodStart > toDate) return quarters;
    const nextStart = quarter === 3 ? `${year + 1}-01-01` : `${year}-${String(startMonth + 3).padStart(2, "0")}-01`;
    quarters.push({ name: `${year} Q${quarter + 1}`, periodStart, periodEnd: addDays(nextStart, -1) });
    if (quarter === 3) { year += 1; quarter = 0; } else quarter += 1;
  }
}

/**
 * The entity's three busiest accounts in the planned history (most planned orders), billed in the
 * base currency (settlement credit memos are in it): a distributor offers volume rebates to the
 * customers who buy the volume.
 */
export function rebateCustomers(data: DemoData, plan: SalesHistoryPlan, entity: DemoEntity): DemoCustomer[] {
  const orders = new Map<string, number>();
  for (const order of plan.entities.find((e) => e.entityCode === entity.code)?.orders ?? []) orders.set(order.customerCode, (orders.get(order.customerCode) ?? 0) + 1);
  return data.customers.filter((c) => c.entityCode === entity.code && c.currency === entity.baseCurrency && (orders.get(c.code) ?? 0) > 0)
    .sort((a, b) => (orders.get(b.code) ?? 0) - (orders.get(a.code) ?? 0) || a.code.localeCompare(b.code)).slice(0, REBATE_CUSTOMERS_PER_ENTITY);
}

/**
 * Links the two entities as intercompany partners (both directions) and writes one quarterly
 * rebate agreement per rebate customer and quarter of the planned history, keyed in by the sales desk;
 * the first customer's agreement covers janitorial supplies only.
 */
export async function setupFinanceHistory(tx: Tx, data: DemoData, ids: DemoIds, plan: SalesHistoryPlan): Promise<{ agreements: number }> {
  const entityIds = data.entities.map((e) => DemoIds.of(ids.entities, e.code, "entity"));
  for (const entityId of entityIds) {
    for (const partnerEntityId of entityIds.filter((id) => id !== entityId)) {
      await setIntercompanyPartner(tx, SYSTEM_ACTOR, { entityId, partnerEntityId });
    }
  }
  const { sales } = await demoPeople(tx);
  const categoryId = DemoIds.of(ids.categories, REBATE_CATEGORY_CODE, "category");
  let agreements = 0;
  for (const entity of data.entities) {
    const entityId = DemoIds.of(ids.entities, entity.code, "entity");
    for (const [index, customer] of rebateCustomers(data, plan, entity).entries()) {
      const customerId = DemoIds.of(ids.customers, DemoIds.scoped(entity.code, customer.code), "customer");
      for (const quarter of quartersBetween(plan.startDate, plan.endDate)) {
        await createCustomerRebateAgreement(tx, sales, {
          entityId, customerId, itemCategoryId: index === 0 ? categoryId : null, periodStart: quarter.periodStart, periodEnd: quarter.periodEnd,
          name: `${customer.name} volume rebate ${quarter.name}${index === 0 ? " (janitorial)" : ""}`, tiers: [...QUARTERLY_TIERS],
        });
        agreements += 1;
      }
    }
  }
  return { agreements };
}
