import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { recordAudit } from "../../audit";
import { requirePermission, type Actor } from "../../permissions";
import { exceptionItem } from "../../schema";
import { lockExceptionOrThrow, requireActive, requireAddressedTo } from "../access";
import { EXCEPTION_REASON_LENGTH_MAX, EXCEPTION_REASON_LENGTH_MIN } from "../limits";
import { toExceptionItem, type ExceptionItem } from "../types";

export const CloseExceptionInput = z.object({
  exceptionId: z.number().int().positive(),
  reason: z.string().trim().min(EXCEPTION_REASON_LENGTH_MIN).max(EXCEPTION_REASON_LENGTH_MAX),
});
export type CloseExceptionInput = z.input<typeof CloseExceptionInput>;

type ClosedState = "resolved" | "dismissed";

async function closeException(tx: Tx, actor: Actor, raw: CloseExceptionInput, state: ClosedState): Promise<ExceptionItem> {
  requirePermission(actor, "exceptions:manage");
  const input = parseInput(CloseExceptionInput, raw);
  const before = await lockExceptionOrThrow(tx, input.exceptionId);
  requireAddressedTo(actor, before);
  requireActive(before);
  const [row] = await tx.update(exceptionItem).set({
    state,
    resolutionReason: input.reason,
    closedAt: sql`now()`,
    closedByUserId: actor.userId,
  }).where(eq(exceptionItem.id, before.id)).returning();
  assert(row !== undefined, "the locked item is updated");
  const after = toExceptionItem(row);
  assert(after.state === state, "the item is closed");
  await recordAudit(tx, actor, {
    action: "state_change",
    objectKind: "exception_item",
    objectId: after.id,
    entityId: after.entityId,
    before: { state: before.state, resolutionReason: before.resolutionReason, closedAt: before.closedAt },
    after: { state: after.state, resolutionReason: after.resolutionReason, closedAt: after.closedAt },
  });
  return after;
}

/** The problem was fixed; the reason says how. A closed item never changes again. */
export async function resolveException(tx: Tx, actor: Actor, raw: CloseExceptionInput): Promise<ExceptionItem> {
  return closeException(tx, actor, raw, "resolved");
}

/** The item needs no action (a false alarm, a duplicate); the reason says why. */
export async function dismissException(tx: Tx, actor: Actor, raw: CloseExceptionInput): Promise<ExceptionItem> {
  return closeException(tx, actor, raw, "dismissed");
}
