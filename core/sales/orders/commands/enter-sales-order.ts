import type { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { EnterSalesOrderInput } from "../inputs";
import { placeSalesOrder, type EnteredSalesOrder } from "../place-order";

/**
 * Enters a sales order: prices each line (a manual price or a margin below the tier's floor puts
 * the line on pricing hold and routes ONE pricing_override request), checks credit (over the
 * limit or overdue: credit_hold, no allocation, a credit_release request), then allocates free
 * stock and backorders the rest with a promise date per line. A repeated customer PO number
 * is a warning, not an error. A repeated idempotencyKey returns the first order unchanged.
 */
export async function enterSalesOrder(tx: Tx, actor: Actor, raw: z.input<typeof EnterSalesOrderInput>): Promise<EnteredSalesOrder> {
  requirePermission(actor, "sales:write");
  const input = parseInput(EnterSalesOrderInput, raw);
  return placeSalesOrder(tx, actor, input);
}
