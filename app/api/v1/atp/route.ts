// GET /api/v1/atp?item=&qty=&warehouse=: available-to-promise of an item (id or SKU) for a base
// quantity (default 1), per selling warehouse of the entity (or the one named, by id or code),
// with promise dates and the best warehouse. Optional: entity, customer (ranks the demand by the
// customer's tier in the backorder queue), date (default the entity's today).
import { z } from "zod";
import type { Tx } from "../../../../core/db/client";
import type { SessionUser } from "../../../../core/governance";
import { getMasterOrThrow, listMasters } from "../../../../core/masters";
import { availableToPromise, SalesError } from "../../../../core/sales";
import { DomainError } from "../../../../core/shared/errors";
import { read } from "../../../_lib/db";
import { jsonResponse } from "../../../_lib/json";
import { withErrors } from "../../../_lib/route";
import { entityFromQuery, queryParams } from "../../../_lib/sales-api";
import { entityToday } from "../../../_lib/sales-data";
import { requireApiUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

const AtpQuery = z.object({
  item: z.string().min(1).max(100),
  qty: z.string().max(30).default("1"),
  warehouse: z.string().max(50).optional(),
  customer: z.coerce.number().int().positive().optional(),
  date: z.iso.date().optional(),
});

async function itemIdOf(tx: Tx, user: SessionUser, text: string): Promise<number> {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const page = await listMasters(tx, user, "item", { filters: { sku: text }, includeInactive: true, pageSize: 1 });
  const found = page.rows[0];
  if (!found) throw new DomainError(SalesError.ITEM_NOT_FOUND, "not_found", `item: no item has SKU ${text}`, { sku: text });
  return found.id;
}

async function warehouseOf(tx: Tx, user: SessionUser, text: string | undefined, entityId: number): Promise<{ id: number; entityId: number } | null> {
  if (text === undefined) return null;
  if (/^\d{1,15}$/.test(text)) {
    const row = await getMasterOrThrow(tx, user, "warehouse", Number(text));
    return { id: row.id, entityId: row.entityId };
  }
  const page = await listMasters(tx, user, "warehouse", { filters: { code: text }, includeInactive: true, pageSize: 5 });
  const row = page.rows.find((w) => w.entityId === entityId) ?? page.rows[0];
  if (!row) throw new DomainError(SalesError.WAREHOUSE_INVALID, "not_found", `warehouse: no warehouse has code ${text}`, { code: text });
  return { id: row.id, entityId: row.entityId };
}

export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const url = new URL(request.url);
  const query = queryParams(AtpQuery, url, ["item", "qty", "warehouse", "customer", "date"]);
  const atp = await read(async (tx) => {
    const requestedEntity = await entityFromQuery(tx, user, url);
    const warehouse = await warehouseOf(tx, user, query.warehouse, requestedEntity);
    // A named warehouse decides the entity: its stock is what is asked about.
    const entityId = warehouse?.entityId ?? requestedEntity;
    return availableToPromise(tx, user, {
      entityId, itemId: await itemIdOf(tx, user, query.item), baseQty: query.qty, warehouseId: warehouse?.id ?? null,
      requestDate: query.date ?? await entityToday(tx, user, entityId), customerId: query.customer ?? null,
    });
  });
  return jsonResponse(atp);
});
