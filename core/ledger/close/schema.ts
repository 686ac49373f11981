import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, refColumn, updatedAtColumn } from "../../shared/columns";
import { legalEntity } from "../../masters/schema";
import { fiscalPeriod } from "../schema";

/**
 * One close cycle of one entity's fiscal period. Close-cycle time is hard_closed_at - started_at
 * (analytics reads this table). A reopen keeps the row, sets status 'reopened' and clears nothing:
 * the next hard close overwrites hard_closed_at.
 */
export const periodClose = pgTable("period_close", {
  id: idColumn(),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  fiscalPeriodId: refColumn("fiscal_period_id").notNull().references(() => fiscalPeriod.id),
  status: text("status").notNull().default("open"),
  startedAt: timestamp("started_at", { withTimezone: true }),
  softClosedAt: timestamp("soft_closed_at", { withTimezone: true }),
  hardClosedAt: timestamp("hard_closed_at", { withTimezone: true }),
  reopenedAt: timestamp("reopened_at", { withTimezone: true }),
  lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
  /** Blocking checks that failed at the last run; 0 means the period may close. */
  blockingCount: integer("blocking_count").notNull().default(0),
  reopenCount: integer("reopen_count").notNull().default(0),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [
  uniqueIndex("period_close_entity_period_key").on(t.entityId, t.fiscalPeriodId),
  check("period_close_status_known", sql`${t.status} in ('open', 'in_progress', 'soft_closed', 'hard_closed', 'reopened')`),
]);

/** The latest result of each checklist check of a close cycle (re-running a check overwrites it). */
export const periodCloseCheck = pgTable("period_close_check", {
  id: idColumn(),
  periodCloseId: refColumn("period_close_id").notNull().references(() => periodClose.id),
  entityId: refColumn("entity_id").notNull().references(() => legalEntity.id),
  checkCode: text("check_code").notNull(),
  /** passed, failed, warning. */
  result: text("result").notNull(),
  blocking: boolean("blocking").notNull(),
  summary: text("summary").notNull(),
  /** Differences and the documents behind them: [{ label, href?, amountMinor? }]. */
  details: jsonb("details").notNull(),
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  checkedByUserId: refColumn("checked_by_user_id"),
}, (t) => [
  uniqueIndex("period_close_check_code_key").on(t.periodCloseId, t.checkCode),
  index("period_close_check_entity_idx").on(t.entityId),
  check("period_close_check_result_known", sql`${t.result} in ('passed', 'failed', 'warning')`),
]);
