// Reference data the sales pages share: the legal entity a page works in (from ?entity=, else
// the user's default), its business date today, and the currencies' digits. Reads only.
import type { Tx } from "../../core/db/client";
import type { SessionUser } from "../../core/governance";
import { getMasterOrThrow, listMasters } from "../../core/masters";
import type { CurrencyDigits } from "./format";
import { loadCurrencyDigits } from "./reference-data";
import { todayIn } from "./sales-format";

const ENTITIES_MAX = 200;
const WAREHOUSES_MAX = 200;

export type SalesEntity = { id: number; code: string; name: string; baseCurrency: string; timeZone: string };
export type SalesWarehouseOption = { id: number; code: string; name: string };

export type SalesContext = {
  entities: SalesEntity[];
  entity: SalesEntity;
  /** Today in the entity's time zone. */
  today: string;
  digits: CurrencyDigits;
};

export async function loadSalesEntities(tx: Tx, user: SessionUser): Promise<SalesEntity[]> {
  const page = await listMasters(tx, user, "legalEntity", { pageSize: ENTITIES_MAX });
  return page.rows.map((row) => ({ id: row.id, code: row.code, name: row.name, baseCurrency: row.baseCurrency, timeZone: row.timeZone }));
}

/** The entity asked for when it exists, else the user's default, else the first one. */
export function chooseEntity(entities: SalesEntity[], user: SessionUser, requested: number | undefined): SalesEntity {
  const found = entities.find((e) => e.id === requested) ?? entities.find((e) => e.id === user.defaultEntityId) ?? entities[0];
  if (!found) throw new Error("no active legal entity: the database holds no master data");
  return found;
}

export async function loadSalesContext(tx: Tx, user: SessionUser, requestedEntityId?: number): Promise<SalesContext> {
  const entities = await loadSalesEntities(tx, user);
  const entity = chooseEntity(entities, user, requestedEntityId);
  return { entities, entity, today: todayIn(entity.timeZone), digits: await loadCurrencyDigits(tx, user) };
}

/** The entity's warehouses that ship to customers (in-transit ones never do). */
export async function loadSellingWarehouseOptions(tx: Tx, user: SessionUser, entityId: number): Promise<SalesWarehouseOption[]> {
  const page = await listMasters(tx, user, "warehouse", { pageSize: WAREHOUSES_MAX, filters: { entityId } });
  return page.rows.filter((w) => !w.isTransit).map((w) => ({ id: w.id, code: w.code, name: w.name }));
}

/** Today in the time zone of an entity, for commands that need a business date. */
export async function entityToday(tx: Tx, user: SessionUser, entityId: number): Promise<string> {
  const entity = await getMasterOrThrow(tx, user, "legalEntity", entityId);
  return todayIn(entity.timeZone);
}
