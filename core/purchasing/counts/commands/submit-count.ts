import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { recordAudit } from "../../../governance/audit";
import { raiseException } from "../../../governance/exceptions";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { formatMinor } from "../../../shared/money";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { formatQty } from "../../../shared/quantity";
import { cycleCount } from "../../schema";
import { CountError } from "../errors";
import { postVariances, unitCostsOf, valueVariances, type ValuedVariance } from "../post";
import { countLines, countView, lockCountOrThrow, requireStatus, type CycleCountRow, type CycleCountView } from "../store";

export const SubmitCountInput = z.object({ countId: z.number().int().positive() });

/** Total |variance value| at or above which the exception is high severity (10,000.00 in a 2-decimal currency). */
export const COUNT_VARIANCE_HIGH_MINOR = 1_000_000n;
const EXPLANATION_LINES_MAX = 40;

export type SubmittedCount = { count: CycleCountView; exceptionId: number | null; adjustmentDocumentId: number | null };

const abs = (value: bigint) => (value < 0n ? -value : value);

export const varianceDedupeKey = (countId: number) => `cycle_count:${countId}`;

async function raiseVarianceException(tx: Tx, actor: Actor, count: CycleCountRow, beyond: (ValuedVariance & { sku: string })[]): Promise<number> {
  const total = beyond.reduce((sum, v) => sum + abs(v.valueMinor), 0n);
  const lineText = (v: ValuedVariance & { sku: string }) =>
    `${v.sku}: expected ${v.line.baseQtyExpected}, counted ${v.line.baseQtyCounted}, variance ${formatQty(v.varianceQty)} valued ${v.valueMinor} minor`;
  const shown = beyond.slice(0, EXPLANATION_LINES_MAX).map(lineText);
  const more = beyond.length > shown.length ? `\n… and ${beyond.length - shown.length} more lines` : "";
  const raised = await raiseException(tx, actor, {
    kind: "inventory_variance", severity: total >= COUNT_VARIANCE_HIGH_MINOR ? "high" : "medium", entityId: count.entityId,
    audienceRoles: ["controller"], dedupeKey: varianceDedupeKey(count.id), occurredOn: count.countDate,
    title: `Count ${count.countNumber}: ${beyond.length} line${beyond.length === 1 ? "" : "s"} beyond tolerance`,
    explanation: `Lines whose variance value exceeds the tolerance of ${count.toleranceMinor} minor units (total ${formatMinor(total, 2)} at 2 decimals):\n${shown.join("\n")}${more}\n` +
      "A holder of inventory.adjustments:approve posts the count (postCount) after review.",
    links: [{ type: "cycle_count", id: count.id, label: count.countNumber }],
    details: { countId: count.id, toleranceMinor: count.toleranceMinor.toString(), totalValueMinor: total.toString(),
      lines: beyond.map((v) => ({ itemId: v.line.itemId, sku: v.sku, expected: v.line.baseQtyExpected, counted: v.line.baseQtyCounted,
        varianceQty: formatQty(v.varianceQty), valueMinor: v.valueMinor.toString() })) },
  });
  return raised.id;
}

async function storeVariances(tx: Tx, variances: ValuedVariance[]): Promise<void> {
  const values = sql.join(variances.map((v) => sql`(${v.line.id}::int8, ${v.valueMinor.toString()}::int8)`), sql`, `);
  const updated = await tx.execute(sql`update cycle_count_line l set variance_value_minor = v.value from (values ${values}) as v(id, value) where l.id = v.id`);
  assert(updated.count === variances.length, "every line's variance was stored");
}

/**
 * Closes counting: every line must be counted. Each variance (counted - expected) is valued at
 * average cost. Lines beyond the count's tolerance raise one inventory_variance exception
 * listing them and the count waits in variance_review; otherwise the variances post at once
 * (reason count_variance) and the count is posted.
 */
export async function submitCount(tx: Tx, actor: Actor, raw: z.input<typeof SubmitCountInput>): Promise<SubmittedCount> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(SubmitCountInput, raw);
  const count = await lockCountOrThrow(tx, input.countId);
  requireStatus(count, ["open"], "submitting");
  const lines = await countLines(tx, count.id);
  const uncounted = lines.filter((l) => l.baseQtyCounted === null);
  if (uncounted.length > 0) {
    throw new DomainError(CountError.INCOMPLETE, "unprocessable", `Count ${count.countNumber} has ${uncounted.length} uncounted lines: ${uncounted.slice(0, 20).map((l) => l.sku).join(", ")}`,
      { itemIds: uncounted.map((l) => l.itemId) });
  }
  const variances = valueVariances(lines, await unitCostsOf(tx, count, lines.map((l) => l.itemId)));
  await storeVariances(tx, variances);
  const beyond = variances.filter((v) => abs(v.valueMinor) > count.toleranceMinor)
    .map((v) => ({ ...v, sku: lines.find((l) => l.id === v.line.id)!.sku }));
  let exceptionId: number | null = null;
  let adjustmentDocumentId: number | null = null;
  if (beyond.length > 0) exceptionId = await raiseVarianceException(tx, actor, count, beyond);
  else adjustmentDocumentId = await postVariances(tx, actor, count, variances);
  const status = beyond.length > 0 ? "variance_review" : "posted";
  const updated = await tx.update(cycleCount).set({ status, adjustmentDocumentId, updatedAt: new Date() })
    .where(and(eq(cycleCount.id, count.id), eq(cycleCount.status, "open"))).returning();
  assert(updated.length === 1, `count ${count.id} was open when submitted`);
  await recordAudit(tx, actor, { action: "state_change", objectKind: "cycle_count", objectId: count.id, entityId: count.entityId,
    before: { status: "open" }, after: { status, exceptionId, adjustmentDocumentId, linesBeyondTolerance: beyond.length } });
  return { count: await countView(tx, actor, count.id), exceptionId, adjustmentDocumentId };
}
