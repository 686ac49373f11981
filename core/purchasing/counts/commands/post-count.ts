import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { isAddressedTo, resolveException, type ExceptionItem } from "../../../governance/exceptions";
import { hasPermission, requirePermission, type Actor } from "../../../governance/permissions";
import { exceptionItem } from "../../../governance/schema";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { cycleCount } from "../../schema";
import { postVariances, unitCostsOf, valueVariances } from "../post";
import { countLines, countView, lockCountOrThrow, requireStatus, type CycleCountView } from "../store";
import { varianceDedupeKey } from "./submit-count";

export const PostCountInput = z.object({
  countId: z.number().int().positive(),
  note: z.string().trim().min(3).max(1_000).optional(),
});

export type PostedCount = { count: CycleCountView; adjustmentDocumentId: number | null; exceptionResolved: boolean };

/**
 * The open variance exception of the count, read by its dedupe key (exception_item is only
 * read here; it is closed through resolveException), resolved when the poster may work it.
 */
async function resolveVarianceException(tx: Tx, actor: Actor, countId: number, countNumber: string, note: string | undefined): Promise<boolean> {
  const [row] = await tx.select().from(exceptionItem)
    .where(and(eq(exceptionItem.dedupeKey, varianceDedupeKey(countId)), inArray(exceptionItem.state, ["open", "assigned"]))).limit(1);
  if (!row) return false;
  if (!hasPermission(actor, "exceptions:manage") || !isAddressedTo(actor, row as ExceptionItem)) return false;
  await resolveException(tx, actor, { exceptionId: row.id, reason: `Count ${countNumber} reviewed and posted${note ? `: ${note}` : ""}` });
  return true;
}

/**
 * Posts a count in variance review after a holder of inventory.adjustments:approve has looked
 * at it: the variances go through adjustStock (reason count_variance), valued now (gains at
 * today's average cost, losses at valuation cost; the submission's values were the estimate
 * reviewed), and the variance exception is resolved when the poster may.
 */
export async function postCount(tx: Tx, actor: Actor, raw: z.input<typeof PostCountInput>): Promise<PostedCount> {
  requirePermission(actor, "inventory.adjustments:approve");
  const input = parseInput(PostCountInput, raw);
  const count = await lockCountOrThrow(tx, input.countId);
  requireStatus(count, ["variance_review"], "posting");
  const lines = await countLines(tx, count.id);
  const variances = valueVariances(lines, await unitCostsOf(tx, count, lines.map((l) => l.itemId)));
  const adjustmentDocumentId = await postVariances(tx, actor, count, variances);
  const updated = await tx.update(cycleCount).set({ status: "posted", adjustmentDocumentId, updatedAt: new Date() })
    .where(and(eq(cycleCount.id, count.id), eq(cycleCount.status, "variance_review"))).returning();
  assert(updated.length === 1, `count ${count.id} was in variance review when posted`);
  const exceptionResolved = await resolveVarianceException(tx, actor, count.id, count.countNumber, input.note);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "cycle_count", objectId: count.id, entityId: count.entityId,
    before: { status: "variance_review" }, after: { status: "posted", adjustmentDocumentId, note: input.note ?? null, exceptionResolved } });
  return { count: await countView(tx, actor, count.id), adjustmentDocumentId, exceptionResolved };
}
