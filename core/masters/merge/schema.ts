import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, refColumn } from "../../shared/columns";
import { legalEntity } from "../schema";
import { appUser, approvalRequest } from "../../governance/schema";

/**
 * A request to fold a duplicate master record (merged) into the one that stays (survivor). The
 * merged record is never deleted: it is deactivated, and every row re-pointed is listed in
 * master_merge_reference so a reversal can point exactly those rows back.
 */
export const masterMerge = pgTable("master_merge", {
  id: idColumn(),
  /** Null for items, which are shared by every entity. */
  entityId: refColumn("entity_id").references(() => legalEntity.id),
  masterKind: text("master_kind").notNull(),
  survivorId: refColumn("survivor_id").notNull(),
  mergedId: refColumn("merged_id").notNull(),
  /** pending (awaiting approval), applied, rejected, cancelled, reversed. */
  status: text("status").notNull().default("pending"),
  /** Duplicate probability from the classifier, when a scan proposed the merge. */
  score: doublePrecision("score"),
  /** Field-by-field similarity that made the pair look duplicated. */
  reasons: jsonb("reasons"),
  approvalRequestId: refColumn("approval_request_id").references(() => approvalRequest.id),
  requestedByUserId: refColumn("requested_by_user_id").references(() => appUser.id),
  /** Whether the merged record was active before the merge, restored on reversal. */
  mergedWasActive: boolean("merged_was_active"),
  /** { table.column: rows re-pointed } and rows kept on the merged record because of a unique key. */
  summary: jsonb("summary"),
  idempotencyKey: text("idempotency_key"),
  appliedAt: timestamp("applied_at", { withTimezone: true }),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  createdAt: createdAtColumn(),
}, (t) => [
  index("master_merge_status_idx").on(t.masterKind, t.status),
  uniqueIndex("master_merge_open_pair_key").on(t.masterKind, t.mergedId).where(sql`${t.status} in ('pending', 'applied')`),
  uniqueIndex("master_merge_idempotency_key").on(t.idempotencyKey),
  check("master_merge_kind_known", sql`${t.masterKind} in ('customer', 'supplier', 'item')`),
  check("master_merge_status_known", sql`${t.status} in ('pending', 'applied', 'rejected', 'cancelled', 'reversed')`),
  check("master_merge_distinct", sql`${t.survivorId} <> ${t.mergedId}`),
]);

/** One row re-pointed by a merge: table, foreign-key column and the row's id. */
export const masterMergeReference = pgTable("master_merge_reference", {
  id: idColumn(),
  mergeId: refColumn("merge_id").notNull().references(() => masterMerge.id),
  tableName: text("table_name").notNull(),
  columnName: text("column_name").notNull(),
  rowId: refColumn("row_id").notNull(),
}, (t) => [index("master_merge_reference_merge_idx").on(t.mergeId, t.tableName, t.columnName)]);

/** The undo of an applied merge: who, when, why and how many rows were pointed back. */
export const masterMergeReversal = pgTable("master_merge_reversal", {
  id: idColumn(),
  mergeId: refColumn("merge_id").notNull().references(() => masterMerge.id),
  reason: text("reason").notNull(),
  reversedByUserId: refColumn("reversed_by_user_id").references(() => appUser.id),
  restored: jsonb("restored").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [uniqueIndex("master_merge_reversal_merge_key").on(t.mergeId)]);
