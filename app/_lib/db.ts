import { getDb, type Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";

/** Reads for one page in one consistent snapshot. */
export function read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(getDb(), fn, { isolationLevel: "repeatable read" });
}

/** Writes run at read committed; core takes the row locks it needs. */
export function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(getDb(), fn, { isolationLevel: "read committed" });
}
