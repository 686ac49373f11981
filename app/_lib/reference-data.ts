import type { Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance";
import { listMasters } from "../../core/masters";
import type { CurrencyDigits } from "./format";

const SMALL_LIST_MAX = 200;

export type EntitySummary = { id: number; code: string; name: string; baseCurrency: string };

/** Minor-unit digits of every currency; the currency master is small (ISO 4217 has under 200). */
export async function loadCurrencyDigits(tx: Tx, actor: Actor): Promise<CurrencyDigits> {
  const page = await listMasters(tx, actor, "currency", { pageSize: SMALL_LIST_MAX, includeInactive: true });
  return new Map(page.rows.map((row) => [row.code, row.minorUnitDigits]));
}

export async function loadEntities(tx: Tx, actor: Actor): Promise<EntitySummary[]> {
  const page = await listMasters(tx, actor, "legalEntity", { pageSize: SMALL_LIST_MAX, includeInactive: true });
  return page.rows.map((row) => ({ id: row.id, code: row.code, name: row.name, baseCurrency: row.baseCurrency }));
}
