import { DomainError } from "../shared/errors";
import type { Db, Tx } from "./client";

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export const TRANSACTION_RETRIES_MAX = 8;
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);

/** Guards enforced by the database (drizzle/0001_ledger_guards.sql), mapped to typed errors. */
const GUARD_ERRORS: Record<string, { code: string; kind: DomainError["kind"] }> = {
  KL001: { code: "LEDGER_APPEND_ONLY", kind: "conflict" },
  KL002: { code: "LEDGER_PERIOD_MISMATCH", kind: "unprocessable" },
  KL003: { code: "LEDGER_PERIOD_CLOSED", kind: "unprocessable" },
  KL004: { code: "LEDGER_ENTITY_MISMATCH", kind: "unprocessable" },
  KL005: { code: "LEDGER_ENTRY_UNBALANCED", kind: "unprocessable" },
};

/** Turns a database guard violation into the DomainError it stands for; other errors pass through. */
export function translateDatabaseError(wrapped: unknown): unknown {
  // drizzle wraps the driver's error (DrizzleQueryError); the SQLSTATE lives on its cause.
  const error = databaseErrorOf(wrapped);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return wrapped;
  const guard = GUARD_ERRORS[code];
  if (guard) {
    const message = String((error as { message?: unknown }).message ?? "").replace(/^[A-Z_]+: /, "");
    return new DomainError(guard.code, guard.kind, message, { sqlState: code });
  }
  if (code === "23514" && String((error as { constraint_name?: unknown }).constraint_name ?? "").startsWith("stock_balance_")) {
    return new DomainError("INVENTORY_INSUFFICIENT_STOCK", "unprocessable", "Stock would go below zero", { constraint: (error as { constraint_name?: unknown }).constraint_name });
  }
  return wrapped;
}

function databaseErrorOf(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause && typeof (cause as { code?: unknown }).code === "string") return cause;
  return error;
}

export function isRetryableDatabaseError(error: unknown): boolean {
  const code = (databaseErrorOf(error) as { code?: unknown } | null)?.code;
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
      if (!isRetryableDatabaseError(error) || attempt >= retriesMax) throw translateDatabaseError(error);
      const delayMs = Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
