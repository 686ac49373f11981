import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty, parseQty, QTY_PATTERN } from "../../../shared/quantity";
import { CountError } from "../errors";
import { COUNT_LINES_MAX, countLines, countView, lockCountOrThrow, requireStatus, type CycleCountView } from "../store";

export const RecordCountsInput = z.object({
  countId: z.number().int().positive(),
  lines: z.array(z.object({
    itemId: z.number().int().positive(),
    baseQtyCounted: z.string().trim().regex(QTY_PATTERN, "a decimal quantity with up to 4 decimals (zero when none was found)")
      .transform((text) => formatQty(parseQty(text))),
  })).min(1).max(COUNT_LINES_MAX),
});

/**
 * Records counted quantities on an open count (a recount overwrites), with who counted and
 * when. The result is the count as the counter may see it: no expected quantities on a blind list.
 */
export async function recordCounts(tx: Tx, actor: Actor, raw: z.input<typeof RecordCountsInput>): Promise<CycleCountView> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(RecordCountsInput, raw);
  const count = await lockCountOrThrow(tx, input.countId);
  requireStatus(count, ["open"], "recording counts");
  const lines = await countLines(tx, count.id);
  const updates = input.lines.map((entry, index) => {
    const line = lines.find((l) => l.itemId === entry.itemId);
    if (!line) {
      throw new DomainError(CountError.ITEM_NOT_ON_LIST, "unprocessable", `lines.${index}.itemId: item ${entry.itemId} is not on count ${count.countNumber}`, { itemId: entry.itemId });
    }
    return sql`(${line.id}::int8, ${entry.baseQtyCounted}::numeric)`;
  });
  const updated = await tx.execute(sql`update cycle_count_line l set base_qty_counted = v.qty, counted_by_user_id = ${actor.userId}, counted_at = now()
    from (values ${sql.join(updates, sql`, `)}) as v(id, qty) where l.id = v.id`);
  assert(updated.count === new Set(input.lines.map((l) => l.itemId)).size, "every counted line was updated");
  return countView(tx, actor, count.id);
}
