// Reference data the procure-to-pay pages share: the entity a page works in (the sales pages'
// rule: ?entity=, else the user's default), its warehouses and suppliers, and items by SKU.
import type { Tx } from "../../core/db/client";
import type { SessionUser } from "../../core/governance";
import { listMasters } from "../../core/masters";
import { DomainError, SharedError } from "../../core/shared/errors";
import { loadSalesContext, type SalesContext } from "./sales-data";

const OPTIONS_MAX = 200;
const SKU_MATCHES_MAX = 20;

export type Option = { id: number; code: string; name: string };
export type SupplierOption = Option & { currency: string; paymentTermCode: string; leadTimeDays: number };
export type PurchasingContext = SalesContext & { warehouses: Option[]; suppliers: SupplierOption[] };

/** The entity, its stocking warehouses (never the in-transit one) and its active suppliers. */
export async function loadPurchasingContext(tx: Tx, user: SessionUser, requestedEntityId?: number): Promise<PurchasingContext> {
  const context = await loadSalesContext(tx, user, requestedEntityId);
  const warehouses = await listMasters(tx, user, "warehouse", { pageSize: OPTIONS_MAX, filters: { entityId: context.entity.id } });
  const suppliers = await listMasters(tx, user, "supplier", { pageSize: OPTIONS_MAX, filters: { entityId: context.entity.id } });
  return {
    ...context,
    warehouses: warehouses.rows.filter((w) => !w.isTransit).map((w) => ({ id: w.id, code: w.code, name: w.name })),
    suppliers: suppliers.rows.map((s) => ({ id: s.id, code: s.code, name: s.name, currency: s.currency, paymentTermCode: s.paymentTermCode, leadTimeDays: s.leadTimeDays })),
  };
}

export type ItemBySku = { id: number; sku: string; baseUom: string; purchaseUom: string };

/** Items named by SKU in a form (exact, case-insensitive); an unknown SKU is the user's error on its field. */
export async function itemsBySku(tx: Tx, user: SessionUser, entries: { sku: string; field: string }[]): Promise<ItemBySku[]> {
  const found: ItemBySku[] = [];
  for (const { sku, field } of entries) {
    const page = await listMasters(tx, user, "item", { search: sku, pageSize: SKU_MATCHES_MAX });
    const row = page.rows.find((r) => r.sku.toLowerCase() === sku.toLowerCase());
    if (!row) {
      throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `${field}: no item has SKU ${sku}`, {}, { issues: [{ field, rule: "exists", message: `no item has SKU ${sku}` }] });
    }
    found.push({ id: row.id, sku: row.sku, baseUom: row.baseUom, purchaseUom: row.purchaseUom });
  }
  return found;
}
