import type { Tx } from "../../db/client";
import type { Actor } from "../permissions";
import { requireSodReader } from "./access";
import { listSodRuleRows, type SodRuleRow } from "./store";

/** The stored conflict matrix (active and inactive), for the SoD page. */
export async function listSodRules(tx: Tx, actor: Actor): Promise<SodRuleRow[]> {
  requireSodReader(actor);
  return listSodRuleRows(tx);
}
