import { desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError } from "../../../shared/errors";
import { replenishmentRun } from "../../schema";
import { PlanningError } from "../errors";

export const PROPOSALS_PAGE_SIZE_MAX = 500;
export const RUNS_LIST_MAX = 200;

export type ProposalListRow = {
  id: number; runId: number; entityId: number; itemId: number; sku: string; description: string; warehouseId: number; warehouseCode: string;
  kind: "buy" | "transfer"; supplierId: number | null; supplierCode: string | null; supplierName: string | null;
  fromWarehouseId: number | null; fromWarehouseCode: string | null; baseQty: string; baseUom: string; needByDate: string; status: string;
  reason: Record<string, unknown>; sentence: string; decidedByUserId: number | null; decidedAt: Date | null; decisionNote: string | null;
  purchaseOrderId: number | null; transferOrderId: number | null; createdAt: Date;
};

type Row = {
  id: string; run_id: string; entity_id: string; item_id: string; sku: string; description: string; warehouse_id: string; warehouse_code: string;
  kind: "buy" | "transfer"; supplier_id: string | null; supplier_code: string | null; supplier_name: string | null; from_warehouse_id: string | null;
  from_code: string | null; base_qty: string; base_uom: string; need_by_date: string; status: string; reason: Record<string, unknown>;
  decided_by_user_id: string | null; decided_at: string | null; decision_note: string | null; purchase_order_id: string | null;
  transfer_order_id: string | null; created_at: string; total: string;
};

const idOrNull = (text: string | null) => (text === null ? null : Number(text));

function toListRow(r: Row): ProposalListRow {
  return {
    id: Number(r.id), runId: Number(r.run_id), entityId: Number(r.entity_id), itemId: Number(r.item_id), sku: r.sku, description: r.description,
    warehouseId: Number(r.warehouse_id), warehouseCode: r.warehouse_code, kind: r.kind, supplierId: idOrNull(r.supplier_id),
    supplierCode: r.supplier_code, supplierName: r.supplier_name, fromWarehouseId: idOrNull(r.from_warehouse_id), fromWarehouseCode: r.from_code,
    baseQty: r.base_qty, baseUom: r.base_uom, needByDate: r.need_by_date, status: r.status, reason: r.reason,
    sentence: typeof r.reason.sentence === "string" ? r.reason.sentence : "", decidedByUserId: idOrNull(r.decided_by_user_id),
    decidedAt: r.decided_at === null ? null : new Date(r.decided_at), decisionNote: r.decision_note,
    purchaseOrderId: idOrNull(r.purchase_order_id), transferOrderId: idOrNull(r.transfer_order_id), createdAt: new Date(r.created_at),
  };
}

const SELECT = sql`
  select p.id, p.run_id, p.entity_id, p.item_id, i.sku, i.description, p.warehouse_id, w.code as warehouse_code, p.kind,
         p.supplier_id, s.code as supplier_code, s.name as supplier_name, p.from_warehouse_id, f.code as from_code, p.base_qty, i.base_uom,
         p.need_by_date::text, p.status, p.reason, p.decided_by_user_id, p.decided_at::text, p.decision_note, p.purchase_order_id,
         p.transfer_order_id, p.created_at::text, count(*) over () as total
    from replenishment_proposal p
    join item i on i.id = p.item_id
    join warehouse w on w.id = p.warehouse_id
    left join supplier s on s.id = p.supplier_id
    left join warehouse f on f.id = p.from_warehouse_id`;

/** Proposals of an entity for the planner workbench: by run, status, kind, warehouse, supplier or item (SKU/description). */
export async function listProposals(tx: Tx, actor: Actor, options: {
  entityId: number; runId?: number | null; status?: string | null; kind?: "buy" | "transfer" | null; warehouseId?: number | null;
  supplierId?: number | null; search?: string | null; page?: number; pageSize?: number;
}): Promise<{ rows: ProposalListRow[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, "purchasing:read");
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 100), PROPOSALS_PAGE_SIZE_MAX);
  const page = Math.max(1, options.page ?? 1);
  const pattern = options.search ? `%${options.search}%` : null;
  const rows = await tx.execute<Row>(sql`${SELECT}
   where p.entity_id = ${options.entityId}
     and (${options.runId ?? null}::int8 is null or p.run_id = ${options.runId ?? null})
     and (${options.status ?? null}::text is null or p.status = ${options.status ?? null})
     and (${options.kind ?? null}::text is null or p.kind = ${options.kind ?? null})
     and (${options.warehouseId ?? null}::int8 is null or p.warehouse_id = ${options.warehouseId ?? null})
     and (${options.supplierId ?? null}::int8 is null or p.supplier_id = ${options.supplierId ?? null})
     and (${pattern}::text is null or i.sku ilike ${pattern} or i.description ilike ${pattern})
   order by p.run_id desc, i.sku, w.code, p.id
   limit ${pageSize} offset ${(page - 1) * pageSize}`);
  return { rows: rows.map(toListRow), total: Number(rows[0]?.total ?? 0), page, pageSize };
}

/** One proposal with its reason (every figure) and the sentence the planner reads. */
export async function getProposalOrThrow(tx: Tx, actor: Actor, proposalId: number): Promise<ProposalListRow> {
  requirePermission(actor, "purchasing:read");
  const [row] = await tx.execute<Row>(sql`${SELECT} where p.id = ${proposalId} limit 1`);
  if (!row) throw new DomainError(PlanningError.PROPOSAL_NOT_FOUND, "not_found", `Replenishment proposal ${proposalId} does not exist`, { proposalId });
  return toListRow(row);
}

export type ReplenishmentRunSummary = typeof replenishmentRun.$inferSelect;

/** The entity's planning runs, newest first. */
export async function listReplenishmentRuns(tx: Tx, actor: Actor, options: { entityId: number; limit?: number }): Promise<ReplenishmentRunSummary[]> {
  requirePermission(actor, "purchasing:read");
  const limit = Math.min(Math.max(1, options.limit ?? 50), RUNS_LIST_MAX);
  return tx.select().from(replenishmentRun).where(eq(replenishmentRun.entityId, options.entityId))
    .orderBy(desc(replenishmentRun.id)).limit(limit);
}
