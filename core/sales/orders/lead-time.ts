// The replenishment lead time of an item: its preferred supplier's (supplier_item, else the
// supplier's default), else the shortest of its other suppliers. Read-only over purchasing's
// supplier_item and the supplier master; moves behind core/purchasing's API when that exists.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";

export type SupplierLeadTime = { supplierId: number; supplierCode: string; supplierName: string; leadTimeDays: number; preferred: boolean };

export async function supplierLeadTime(tx: Tx, entityId: number, itemId: number): Promise<SupplierLeadTime | null> {
  const [row] = await tx.execute<{ supplier_id: string; code: string; name: string; lead_time_days: number; preferred: boolean }>(sql`
    select s.id as supplier_id, s.code, s.name, coalesce(si.lead_time_days, s.lead_time_days) as lead_time_days, si.preferred
      from supplier_item si join supplier s on s.id = si.supplier_id
     where si.item_id = ${itemId} and si.active and s.active and s.entity_id = ${entityId}
     order by si.preferred desc, coalesce(si.lead_time_days, s.lead_time_days), s.id limit 1`);
  if (!row) return null;
  return { supplierId: Number(row.supplier_id), supplierCode: row.code, supplierName: row.name, leadTimeDays: Number(row.lead_time_days), preferred: row.preferred };
}
