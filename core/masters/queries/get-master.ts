import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { definitionOf } from "../registry";
import { findByKey, normalizeKey, notFound } from "../store";
import type { MasterKey, MasterKind, MasterRow } from "../types";

/** One row by key (id, or code for currency/unit/payment term), active or not. */
export async function getMasterOrThrow<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, key: MasterKey): Promise<MasterRow<K>> {
  requirePermission(actor, "masters:read");
  const def = definitionOf(kind);
  const rowKey = normalizeKey(def, key);
  const row = await findByKey(tx, def, rowKey);
  if (!row) throw notFound(def, rowKey);
  return row as MasterRow<K>;
}
