import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { Id, IsoDate } from "../../pricing/inputs";

export const ExpireQuotesInput = z.object({ entityId: Id, asOfDate: IsoDate });

/** Marks open quotes whose validity ended before asOfDate as expired (a daily job); returns how many. */
export async function expireQuotes(tx: Tx, actor: Actor, raw: z.input<typeof ExpireQuotesInput>): Promise<{ expired: number }> {
  requirePermission(actor, "sales:write");
  const input = parseInput(ExpireQuotesInput, raw);
  const result = await tx.execute(sql`update sales_quote set status = 'expired', updated_at = now()
    where entity_id = ${input.entityId} and status in ('open', 'partially_converted') and valid_until < ${input.asOfDate}::date`);
  return { expired: result.count };
}
