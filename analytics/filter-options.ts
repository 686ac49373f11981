// The choices of the dashboard's filters, read from PostgreSQL: entities, and the warehouses,
// categories and customers of the chosen entity.
import type { Db } from "../core/db/client";
import { requirePermission, type Actor } from "../core/governance/permissions";

export const OPTIONS_MAX = 500;

export type Option = { id: number; label: string };
export type FilterOptions = { entities: Option[]; warehouses: Option[]; categories: Option[]; customers: Option[] };

export async function filterOptions(db: Db, actor: Actor, entityId: number): Promise<FilterOptions> {
  requirePermission(actor, "analytics:read");
  const list = async (text: string): Promise<Option[]> =>
    (await db.$client.unsafe<{ id: string; label: string }[]>(text)).map((r) => ({ id: Number(r.id), label: r.label }));
  return {
    entities: await list(`select id::text, code || ' ' || name as label from legal_entity where active order by id limit ${OPTIONS_MAX}`),
    warehouses: await list(`select id::text, code || ' ' || name as label from warehouse where entity_id = ${Number(entityId)} and active order by code limit ${OPTIONS_MAX}`),
    categories: await list(`select id::text, code || ' ' || name as label from item_category where active order by code limit ${OPTIONS_MAX}`),
    customers: await list(`select id::text, code || ' ' || name as label from customer where entity_id = ${Number(entityId)} and active order by code limit ${OPTIONS_MAX}`),
  };
}
