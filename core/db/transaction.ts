import type { Db, Tx } from "./client";

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export const TRANSACTION_RETRIES_MAX = 8;
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);

export function isRetryableDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs fn in one transaction at an explicit isolation level, retrying serialization
 * failures and deadlocks with jittered backoff. Domain errors are never retried.
 */
export async function inTransaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: IsolationLevel; retriesMax?: number } = {},
): Promise<T> {
  const isolationLevel = options.isolationLevel ?? "read committed";
  const retriesMax = options.retriesMax ?? TRANSACTION_RETRIES_MAX;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(fn, { isolationLevel });
    } catch (error) {
      if (!isRetryableDatabaseError(error) || attempt >= retriesMax) throw error;
      const delayMs = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
