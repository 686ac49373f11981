// Document numbers and the entity facts every sales document needs. A number is
// PREFIX-ENTITYCODE-00000042 from the table's own id sequence, like the stock ledger's.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { legalEntity } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";

export type SalesDocumentTable = "shipment" | "sales_invoice" | "customer_payment" | "return_authorization";
export type EntityInfo = { id: number; code: string; baseCurrency: string };

export const ENTITY_NOT_FOUND = "SALES_ENTITY_NOT_FOUND";

export async function entityInfoOrThrow(tx: Tx, entityId: number): Promise<EntityInfo> {
  const [row] = await tx.select({ id: legalEntity.id, code: legalEntity.code, baseCurrency: legalEntity.baseCurrency })
    .from(legalEntity).where(eq(legalEntity.id, entityId)).limit(1);
  if (!row) throw new DomainError(ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${entityId} does not exist`, { entityId });
  return row;
}

/** Takes the next id of the table's identity sequence, so the number can be written with the row. */
export async function nextDocumentId(tx: Tx, table: SalesDocumentTable): Promise<number> {
  const [row] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::text as id`);
  const id = Number(row?.id);
  assert(Number.isSafeInteger(id) && id > 0, `next id of ${table}`);
  return id;
}

export function documentNumber(prefix: string, entityCode: string, id: number): string {
  assert(/^[A-Z]{2,4}$/.test(prefix), "document prefixes are 2-4 capitals");
  return `${prefix}-${entityCode}-${String(id).padStart(8, "0")}`;
}
