// Allocation priority: higher first, then the older order. Taken from the customer's tier when
// the order is entered and kept on the order, so a later tier change does not reshuffle the queue.
import { isCustomerTier, type CustomerTier } from "../pricing/rules";

export const PRIORITY_BY_TIER: Record<CustomerTier, number> = { platinum: 40, gold: 30, silver: 20, standard: 10 };

export function priorityOfTier(tier: string): number {
  return isCustomerTier(tier) ? PRIORITY_BY_TIER[tier] : PRIORITY_BY_TIER.standard;
}

/** A place in the allocation queue: (priority desc, order date asc, order id asc). */
export type QueuePosition = { priority: number; orderDate: string; orderId: number };
