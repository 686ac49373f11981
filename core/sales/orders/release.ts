// Shared steps after an order or some of its lines become free to ship: allocate what they wait
// for and refresh the promise dates. Used by order entry and by the approval handlers.
import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { allocateOrder } from "./allocation";
import { setPromisedDates } from "./promise";

/** stockActor reserves the stock: the entering user, or the system applying an approval. */
export async function allocateAndPromise(tx: Tx, stockActor: Actor, orderId: number): Promise<void> {
  await allocateOrder(tx, stockActor, orderId);
  await setPromisedDates(tx, orderId);
}
