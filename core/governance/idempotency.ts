import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { DomainError, SharedError } from "../shared/errors";
import { toAuditJson } from "./audit";
import { idempotencyRecord } from "./schema";

export const IDEMPOTENCY_KEY_LENGTH_MAX = 200;

export type IdempotentResult = { response: unknown; replayed: boolean };

function requestHash(request: unknown): string {
  return createHash("sha256").update(JSON.stringify(toAuditJson(request))).digest("hex");
}

/**
 * Runs an externally triggered command at most once per (scope, key). A retry with the
 * same key and body returns the stored first response and changes nothing; the same key
 * with a different body is refused. Concurrent retries wait on a transaction-level lock.
 */
export async function withIdempotency(
  tx: Tx,
  options: { scope: string; key: string | null | undefined; request: unknown },
  run: () => Promise<unknown>,
): Promise<IdempotentResult> {
  if (!options.key) return { response: toAuditJson(await run()), replayed: false };
  if (options.key.length > IDEMPOTENCY_KEY_LENGTH_MAX) {
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `Idempotency-Key: at most ${IDEMPOTENCY_KEY_LENGTH_MAX} characters`);
  }
  const hash = requestHash(options.request);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${options.scope}|${options.key}`}, 0))`);
  const [existing] = await tx.select().from(idempotencyRecord)
    .where(and(eq(idempotencyRecord.scope, options.scope), eq(idempotencyRecord.key, options.key))).limit(1);
  if (existing) {
    if (existing.requestHash !== hash) {
      throw new DomainError(SharedError.IDEMPOTENCY_KEY_REUSED, "conflict",
        `Idempotency-Key: "${options.key}" was already used for a different request`, { scope: options.scope });
    }
    return { response: existing.response, replayed: true };
  }
  const response = toAuditJson(await run());
  await tx.insert(idempotencyRecord).values({ scope: options.scope, key: options.key, requestHash: hash, response: response ?? null });
  return { response, replayed: false };
}
