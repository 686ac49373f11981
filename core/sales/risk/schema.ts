// Predictive risk scores shown to sales and finance: the latest scoring run of each kind (late
// fulfilment per open order line, collections per customer) with the model version that produced it,
// that version's held-out figures, and one row per scored subject with its reasons. A run replaces the
// previous scores of its kind in one transaction; the run rows stay as the history of what was scored.
import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { customer, legalEntity } from "../../masters/schema";
import { createdAtColumn, idColumn, refColumn } from "../../shared/columns";
import { salesInvoice, salesOrder, salesOrderLine } from "../schema";

export const salesRiskRun = pgTable("sales_risk_run", {
  id: idColumn(),
  /** late_fulfilment or collections. */
  kind: text("kind").notNull(),
  /** The registry's model name and version number that scored this run. */
  modelName: text("model_name").notNull(),
  modelVersion: integer("model_version").notNull(),
  /** The version's held-out evaluation: auc, brier, baseRateBrier, expectedCalibrationError, calibration bins, testRows. */
  evaluation: jsonb("evaluation").notNull(),
  /** Business date the features were computed as of. */
  asOf: date("as_of").notNull(),
  scoredAt: timestamp("scored_at", { withTimezone: true }).notNull(),
  scoreCount: integer("score_count").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [
  index("sales_risk_run_kind_idx").on(t.kind, t.scoredAt),
  check("sales_risk_run_kind_known", sql`${t.kind} in ('late_fulfilment', 'collections')`),
  check("sales_risk_run_count", sql`${t.scoreCount} >= 0`),
]);

/**
 * One row per scored subject of the latest run of its kind. Late fulfilment: an open order line (with
 * its order and customer). Collections: a customer (with the open invoice that drives the risk).
 */
export const salesRiskScore = pgTable("sales_risk_score", {
  id: idColumn(),
  runId: refColumn("run_id").notNull().references(() => salesRiskRun.id),
  kind: text("kind").notNull(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  customerId: refColumn("customer_id").notNull().references(() => customer.id),
  orderId: refColumn("order_id").references(() => salesOrder.id),
  orderLineId: refColumn("order_line_id").references(() => salesOrderLine.id),
  invoiceId: refColumn("invoice_id").references(() => salesInvoice.id),
  probability: doublePrecision("probability").notNull(),
  /** [{ feature, contribution, value, text }]: the features that raise the risk most, largest first. */
  reasons: jsonb("reasons").notNull(),
  modelVersion: integer("model_version").notNull(),
  scoredAt: timestamp("scored_at", { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex("sales_risk_score_line_key").on(t.orderLineId).where(sql`${t.kind} = 'late_fulfilment'`),
  uniqueIndex("sales_risk_score_customer_key").on(t.customerId).where(sql`${t.kind} = 'collections'`),
  index("sales_risk_score_list_idx").on(t.kind, t.entityId, t.probability),
  check("sales_risk_score_kind_known", sql`${t.kind} in ('late_fulfilment', 'collections')`),
  check("sales_risk_score_probability", sql`${t.probability} >= 0 and ${t.probability} <= 1`),
  check("sales_risk_score_subject", sql`(${t.kind} = 'late_fulfilment' and ${t.orderLineId} is not null and ${t.orderId} is not null)
    or (${t.kind} = 'collections' and ${t.invoiceId} is not null)`),
]);
