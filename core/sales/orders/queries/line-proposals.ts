import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { SalesError } from "../../errors";
import { Id } from "../../pricing/inputs";
import { salesOrder, salesOrderLine } from "../../schema";
import { proposalsForLine, type LineProposals } from "../proposals";

export const LineProposalsInput = z.object({ orderLineId: Id });

/** Substitutes, other warehouses and the supplier lead time for a line still missing stock; null when it misses nothing. */
export async function getLineProposals(tx: Tx, actor: Actor, raw: z.input<typeof LineProposalsInput>): Promise<LineProposals | null> {
  requirePermission(actor, "sales:read");
  const input = parseInput(LineProposalsInput, raw);
  const [row] = await tx.select({ line: salesOrderLine, order: salesOrder }).from(salesOrderLine)
    .innerJoin(salesOrder, eq(salesOrder.id, salesOrderLine.orderId)).where(eq(salesOrderLine.id, input.orderLineId)).limit(1);
  if (!row) throw new DomainError(SalesError.ORDER_LINE_NOT_FOUND, "not_found", `orderLineId: order line ${input.orderLineId} does not exist`, { orderLineId: input.orderLineId });
  return proposalsForLine(tx, row.order, row.line);
}
