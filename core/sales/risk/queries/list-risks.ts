import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor, type Permission } from "../../../governance/permissions";
import { parseInput } from "../../../shared/errors";
import { RISK_KINDS, RISK_LIST_MAX, type RiskKind, type RiskReason, type RiskRun } from "../types";

/** Late-fulfilment risk is a sales figure; collections risk is a finance one. */
export const RISK_READ_PERMISSION: Record<RiskKind, Permission> = { late_fulfilment: "sales:read", collections: "ledger:read" };

const ListFields = {
  entityId: z.number().int().positive().optional(),
  customerId: z.number().int().positive().optional(),
  /** Only subjects at or above this probability. */
  minProbability: z.number().min(0).max(1).default(0),
  limit: z.number().int().positive().max(RISK_LIST_MAX).default(100),
};

export const ListLateFulfilmentRisksInput = z.object(ListFields);
export type ListLateFulfilmentRisksInput = z.input<typeof ListLateFulfilmentRisksInput>;

export type LateFulfilmentRisk = {
  orderLineId: number; lineNumber: number; orderId: number; orderNumber: string; entityId: number;
  customerId: number; customerCode: string; customerName: string; itemId: number; sku: string; itemDescription: string;
  promisedDate: string | null; openBaseQty: string; probability: number; reasons: RiskReason[]; modelVersion: number; scoredAt: Date;
};

type LineRow = {
  order_line_id: string; line_number: number; order_id: string; order_number: string; entity_id: string; customer_id: string; customer_code: string;
  customer_name: string; item_id: string; sku: string; item_description: string; promised_date: string | null; open_qty: string;
  probability: number; reasons: RiskReason[]; model_version: number; scored_at: string;
};

/** Open order lines of the latest late-fulfilment run, riskiest first; lines shipped or cancelled since are left out. */
export async function listLateFulfilmentRisks(tx: Tx, actor: Actor, raw: ListLateFulfilmentRisksInput = {}): Promise<LateFulfilmentRisk[]> {
  requirePermission(actor, RISK_READ_PERMISSION.late_fulfilment);
  const input = parseInput(ListLateFulfilmentRisksInput, raw);
  const rows = await tx.execute<LineRow>(sql`
    select s.order_line_id, l.line_number, s.order_id, o.order_number, s.entity_id, s.customer_id, c.code as customer_code, c.name as customer_name,
           l.item_id, i.sku, i.description as item_description, l.promised_date::text,
           (l.base_qty_ordered - l.base_qty_shipped - l.base_qty_cancelled)::text as open_qty,
           s.probability, s.reasons, s.model_version, s.scored_at::text
      from sales_risk_score s
      join sales_order_line l on l.id = s.order_line_id join sales_order o on o.id = s.order_id
      join customer c on c.id = s.customer_id join item i on i.id = l.item_id
     where s.kind = 'late_fulfilment' and s.probability >= ${input.minProbability}
       and l.status not in ('shipped', 'cancelled') and o.status not in ('shipped', 'closed', 'cancelled')
       ${input.entityId ? sql`and s.entity_id = ${input.entityId}` : sql``}
       ${input.customerId ? sql`and s.customer_id = ${input.customerId}` : sql``}
     order by s.probability desc, s.order_line_id
     limit ${input.limit}`);
  return rows.map((r) => ({
    orderLineId: Number(r.order_line_id), lineNumber: r.line_number, orderId: Number(r.order_id), orderNumber: r.order_number, entityId: Number(r.entity_id),
    customerId: Number(r.customer_id), customerCode: r.customer_code, customerName: r.customer_name, itemId: Number(r.item_id), sku: r.sku,
    itemDescription: r.item_description, promisedDate: r.promised_date, openBaseQty: r.open_qty, probability: r.probability, reasons: r.reasons,
    modelVersion: r.model_version, scoredAt: new Date(r.scored_at),
  }));
}

export const ListCollectionsRisksInput = z.object({ ...ListFields, asOf: z.iso.date().optional() });
export type ListCollectionsRisksInput = z.input<typeof ListCollectionsRisksInput>;

export type CollectionsRisk = {
  customerId: number; customerCode: string; customerName: string; entityId: number; currency: string;
  invoiceId: number; invoiceNumber: string; invoiceDueDate: string;
  /** Open invoices of the customer in its currency: all of them, and those past due on asOf. */
  openMinor: bigint; overdueMinor: bigint; openInvoices: number;
  probability: number; reasons: RiskReason[]; modelVersion: number; scoredAt: Date;
};

type CustomerRow = {
  customer_id: string; customer_code: string; customer_name: string; entity_id: string; currency: string; invoice_id: string; invoice_number: string;
  due_date: string; open_minor: string; overdue_minor: string; open_invoices: number; probability: number; reasons: RiskReason[]; model_version: number; scored_at: string;
};

/** Customers of the latest collections run, riskiest first, with their open and overdue invoice balance as of asOf (default today). */
export async function listCollectionsRisks(tx: Tx, actor: Actor, raw: ListCollectionsRisksInput = {}): Promise<CollectionsRisk[]> {
  requirePermission(actor, RISK_READ_PERMISSION.collections);
  const input = parseInput(ListCollectionsRisksInput, raw);
  const asOf = input.asOf ?? new Date().toISOString().slice(0, 10);
  const rows = await tx.execute<CustomerRow>(sql`
    select s.customer_id, c.code as customer_code, c.name as customer_name, s.entity_id, c.currency, s.invoice_id, inv.invoice_number, inv.due_date::text,
           coalesce(b.open_minor, 0)::text as open_minor, coalesce(b.overdue_minor, 0)::text as overdue_minor, coalesce(b.open_invoices, 0)::int as open_invoices,
           s.probability, s.reasons, s.model_version, s.scored_at::text
      from sales_risk_score s
      join customer c on c.id = s.customer_id join sales_invoice inv on inv.id = s.invoice_id
      left join lateral (
        select sum(i.total_minor - i.applied_minor) as open_minor,
               sum(i.total_minor - i.applied_minor) filter (where i.due_date < ${asOf}::date) as overdue_minor, count(*) as open_invoices
          from sales_invoice i
         where i.customer_id = s.customer_id and i.kind = 'invoice' and i.currency = c.currency and i.status in ('open', 'partially_paid')
      ) b on true
     where s.kind = 'collections' and s.probability >= ${input.minProbability}
       ${input.entityId ? sql`and s.entity_id = ${input.entityId}` : sql``}
       ${input.customerId ? sql`and s.customer_id = ${input.customerId}` : sql``}
     order by s.probability desc, s.customer_id
     limit ${input.limit}`);
  return rows.map((r) => ({
    customerId: Number(r.customer_id), customerCode: r.customer_code, customerName: r.customer_name, entityId: Number(r.entity_id), currency: r.currency,
    invoiceId: Number(r.invoice_id), invoiceNumber: r.invoice_number, invoiceDueDate: r.due_date, openMinor: BigInt(r.open_minor), overdueMinor: BigInt(r.overdue_minor),
    openInvoices: r.open_invoices, probability: r.probability, reasons: r.reasons, modelVersion: r.model_version, scoredAt: new Date(r.scored_at),
  }));
}

type RunRow = { id: string; kind: RiskKind; model_name: string; model_version: number; evaluation: RiskRun["evaluation"]; as_of: string; scored_at: string; score_count: number };

/** The latest scoring run of a kind: which model version scored it and that version's held-out AUC and calibration. */
export async function getLatestRiskRun(tx: Tx, actor: Actor, kind: RiskKind): Promise<RiskRun | null> {
  requirePermission(actor, RISK_READ_PERMISSION[z.enum(RISK_KINDS).parse(kind)]);
  const [row] = await tx.execute<RunRow>(sql`
    select id, kind, model_name, model_version, evaluation, as_of::text, scored_at::text, score_count
      from sales_risk_run where kind = ${kind} order by scored_at desc, id desc limit 1`);
  if (!row) return null;
  return { id: Number(row.id), kind: row.kind, modelName: row.model_name, modelVersion: row.model_version, evaluation: row.evaluation,
    asOf: row.as_of, scoredAt: new Date(row.scored_at), scoreCount: row.score_count };
}
