import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { countView, type CycleCountView } from "../store";

export const COUNTS_PAGE_SIZE_MAX = 200;

export type CycleCountSummary = {
  id: number; countNumber: string; entityId: number; warehouseId: number; warehouseCode: string; abcClass: string | null; blind: boolean;
  countDate: string; status: string; toleranceMinor: bigint; lineCount: number; countedLines: number; adjustmentDocumentId: number | null;
};

/** Counts of an entity, newest first; no quantities, so nothing to hide from counters. */
export async function listCounts(tx: Tx, actor: Actor, options: {
  entityId: number; warehouseId?: number | null; status?: string | null; page?: number; pageSize?: number;
}): Promise<{ rows: CycleCountSummary[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, "inventory:read");
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 50), COUNTS_PAGE_SIZE_MAX);
  const page = Math.max(1, options.page ?? 1);
  const rows = await tx.execute<{
    id: string; count_number: string; entity_id: string; warehouse_id: string; warehouse_code: string; abc_class: string | null; blind: boolean;
    count_date: string; status: string; tolerance_minor: string; line_count: string; counted_lines: string; adjustment_document_id: string | null; total: string;
  }>(sql`
    select c.id, c.count_number, c.entity_id, c.warehouse_id, w.code as warehouse_code, c.abc_class, c.blind, c.count_date::text, c.status,
           c.tolerance_minor::text, c.adjustment_document_id,
           (select count(*) from cycle_count_line l where l.cycle_count_id = c.id)::text as line_count,
           (select count(*) from cycle_count_line l where l.cycle_count_id = c.id and l.base_qty_counted is not null)::text as counted_lines,
           count(*) over () as total
      from cycle_count c join warehouse w on w.id = c.warehouse_id
     where c.entity_id = ${options.entityId}
       and (${options.warehouseId ?? null}::int8 is null or c.warehouse_id = ${options.warehouseId ?? null})
       and (${options.status ?? null}::text is null or c.status = ${options.status ?? null})
     order by c.id desc
     limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return {
    page, pageSize, total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      id: Number(r.id), countNumber: r.count_number, entityId: Number(r.entity_id), warehouseId: Number(r.warehouse_id), warehouseCode: r.warehouse_code,
      abcClass: r.abc_class, blind: r.blind, countDate: r.count_date, status: r.status, toleranceMinor: BigInt(r.tolerance_minor),
      lineCount: Number(r.line_count), countedLines: Number(r.counted_lines),
      adjustmentDocumentId: r.adjustment_document_id === null ? null : Number(r.adjustment_document_id),
    })),
  };
}

/** A count with its lines as this actor may see them: an open blind count hides expected quantities from counters. */
export async function getCountOrThrow(tx: Tx, actor: Actor, countId: number): Promise<CycleCountView> {
  requirePermission(actor, "inventory:read");
  return countView(tx, actor, countId);
}
