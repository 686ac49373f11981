// Lookups every purchasing command needs: the legal entity (code, base currency, time zone),
// the supplier within it, document numbers from a table's own sequence, and a lock that makes
// an idempotency key safe under concurrent retries.
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { currency, legalEntity, paymentTerm, supplier } from "../../masters/schema";
import { assert } from "../../shared/assert";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";

export type EntityInfo = { id: number; code: string; baseCurrency: string; timeZone: string; fifo: boolean; minorUnitDigits: number };
export type SupplierRow = typeof supplier.$inferSelect;
export type PaymentTermRow = typeof paymentTerm.$inferSelect;

export async function loadEntityOrThrow(tx: Tx, entityId: number): Promise<EntityInfo> {
  const [row] = await tx.select({ entity: legalEntity, digits: currency.minorUnitDigits }).from(legalEntity)
    .innerJoin(currency, eq(currency.code, legalEntity.baseCurrency)).where(eq(legalEntity.id, entityId)).limit(1);
  if (!row) throw new DomainError(PurchasingError.ENTITY_NOT_FOUND, "not_found", `entityId: legal entity ${entityId} does not exist`, { entityId });
  const e = row.entity;
  return { id: e.id, code: e.code, baseCurrency: e.baseCurrency, timeZone: e.timeZone, fifo: e.valuationMethod === "fifo", minorUnitDigits: row.digits };
}

/** The supplier, which must belong to the entity; inactive suppliers only where `allowInactive`. */
export async function loadSupplierOrThrow(tx: Tx, entityId: number, supplierId: number, options: { allowInactive?: boolean } = {}): Promise<SupplierRow> {
  const [row] = await tx.select().from(supplier).where(eq(supplier.id, supplierId)).limit(1);
  if (!row || row.entityId !== entityId) {
    throw new DomainError(PurchasingError.SUPPLIER_NOT_FOUND, "not_found", `supplierId: supplier ${supplierId} does not exist in entity ${entityId}`, { supplierId, entityId });
  }
  if (!row.active && !options.allowInactive) {
    throw new DomainError(PurchasingError.SUPPLIER_INACTIVE, "unprocessable", `supplierId: supplier ${row.code} is inactive`, { supplierId });
  }
  return row;
}

export async function loadPaymentTerm(tx: Tx, code: string): Promise<PaymentTermRow> {
  const [row] = await tx.select().from(paymentTerm).where(eq(paymentTerm.code, code)).limit(1);
  assert(row !== undefined, `payment term ${code} exists (a foreign key guarantees it)`);
  return row;
}

/** Tables whose rows get numbers PREFIX-ENTITYCODE-00000042 from their own id sequence. */
export type NumberedTable = "purchase_order" | "purchase_receipt" | "supplier_invoice" | "landed_cost_charge" | "payment_run" | "supplier_payment";

/** Reserves the next id of the table and the document number made from it. */
export async function nextDocumentNumber(tx: Tx, table: NumberedTable, prefix: string, entityCode: string): Promise<{ id: number; number: string }> {
  const [row] = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id`);
  const id = Number(row?.id);
  assert(Number.isSafeInteger(id) && id > 0, `sequence of ${table} returned an id`);
  return { id, number: `${prefix}-${entityCode}-${String(id).padStart(8, "0")}` };
}

/**
 * Serializes commands that carry the same idempotency key: the second waits here until the
 * first commits, then finds its document and returns it instead of writing another.
 */
export async function lockIdempotencyKey(tx: Tx, table: NumberedTable, entityId: number, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${table}|${entityId}|${key}`}, 0))`);
}

/** Serializes entries of the same supplier invoice reference, so a duplicate is refused, not a unique-index failure. */
export async function lockSupplierInvoiceRef(tx: Tx, supplierId: number, supplierInvoiceRef: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`supplier_invoice_ref|${supplierId}|${supplierInvoiceRef}`}, 0))`);
}
