import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, refColumn } from "../../shared/columns";
import { legalEntity } from "../../masters/schema";
import { appUser } from "../schema";

/**
 * One flag per scored subject (a journal entry, an adjustment, a price change, ...). A re-scan
 * refreshes an open flag and never reopens a decided one: confirmations and dismissals are the
 * labels the next training reads.
 */
export const anomalyFlag = pgTable("anomaly_flag", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  /** journal_entry, inventory_adjustment, price_change, sales_order, supplier_terms. */
  subjectType: text("subject_type").notNull(),
  /** The subject's key as text (ids, or composite keys such as "priceListLine:42@2026-03-01"). */
  subjectId: text("subject_id").notNull(),
  /** Business date of the subject: the period a flag blocks. */
  occurredOn: date("occurred_on").notNull(),
  /** Model output in [0, 1]; higher is more anomalous. */
  score: doublePrecision("score").notNull(),
  severity: text("severity").notNull(),
  status: text("status").notNull().default("open"),
  /** { summary, features: [{ name, value, normalLow, normalHigh, contribution }] }. */
  reasons: jsonb("reasons").notNull(),
  modelVersion: text("model_version").notNull(),
  decidedByUserId: refColumn("decided_by_user_id").references(() => appUser.id),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  decisionReason: text("decision_reason"),
  createdAt: createdAtColumn(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex("anomaly_flag_subject_key").on(t.entityId, t.subjectType, t.subjectId),
  index("anomaly_flag_queue_idx").on(t.entityId, t.status, t.severity, t.occurredOn),
  check("anomaly_flag_severity_known", sql`${t.severity} in ('low', 'medium', 'high')`),
  check("anomaly_flag_status_known", sql`${t.status} in ('open', 'confirmed', 'dismissed')`),
  check("anomaly_flag_score_range", sql`${t.score} >= 0 and ${t.score} <= 1`),
  check("anomaly_flag_decided", sql`${t.status} = 'open' or (${t.decidedAt} is not null and ${t.decisionReason} is not null)`),
]);
