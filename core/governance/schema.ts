import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, refColumn, updatedAtColumn } from "../shared/columns";
import { legalEntity } from "../masters/schema";

export const appUser = pgTable("app_user", {
  id: idColumn(),
  username: text("username").notNull(),
  displayName: text("display_name").notNull(),
  email: text("email"),
  passwordHash: text("password_hash").notNull(),
  defaultEntityId: refColumn("default_entity_id").references(() => legalEntity.id),
  active: boolean("active").notNull().default(true),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
}, (t) => [uniqueIndex("app_user_username_key").on(t.username)]);

export const userRole = pgTable("user_role", {
  userId: refColumn("user_id").notNull().references(() => appUser.id),
  role: text("role").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [
  primaryKey({ columns: [t.userId, t.role] }),
  check("user_role_known", sql`${t.role} in ('admin', 'executive', 'controller', 'planner', 'sales', 'buyer', 'warehouse')`),
]);

export const userSession = pgTable("user_session", {
  id: text("id").primaryKey(),
  userId: refColumn("user_id").notNull().references(() => appUser.id),
  createdAt: createdAtColumn(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  userAgent: text("user_agent"),
}, (t) => [index("user_session_user_idx").on(t.userId)]);

/** Every create, update, state change and sign-in, with before and after values. */
export const auditLog = pgTable("audit_log", {
  id: idColumn(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  actorUserId: refColumn("actor_user_id"),
  actorName: text("actor_name").notNull(),
  action: text("action").notNull(),
  objectKind: text("object_kind").notNull(),
  objectId: text("object_id").notNull(),
  entityId: refColumn("entity_id"),
  before: jsonb("before"),
  after: jsonb("after"),
  requestId: text("request_id"),
}, (t) => [
  index("audit_log_object_idx").on(t.objectKind, t.objectId, t.id),
  index("audit_log_actor_idx").on(t.actorUserId, t.id),
]);

/** Installation settings that every process must share (session signing secret). */
export const appSetting = pgTable("app_setting", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAtColumn(),
});

/** Results of externally triggered commands, so a retried request returns the first result. */
export const idempotencyRecord = pgTable("idempotency_record", {
  scope: text("scope").notNull(),
  key: text("key").notNull(),
  requestHash: text("request_hash").notNull(),
  response: jsonb("response").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);

/**
 * Approval policies are data and versioned: editing a policy inserts a new version and
 * retires the old one, so each request keeps the exact version that routed it.
 */
export const approvalPolicy = pgTable("approval_policy", {
  id: idColumn(),
  /** The document or event kind the policy governs (pricing_override, purchase_order, ...). */
  kind: text("kind").notNull(),
  /** Null: every entity. */
  entityId: refColumn("entity_id").references(() => legalEntity.id),
  name: text("name").notNull(),
  version: integer("version").notNull(),
  /** Ordered rules: { when: Condition[], outcome } ; the first rule whose conditions all hold routes the request. */
  rules: jsonb("rules").notNull(),
  active: boolean("active").notNull().default(true),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
}, (t) => [
  unique("approval_policy_version_key").on(t.kind, t.entityId, t.version).nullsNotDistinct(),
  index("approval_policy_active_idx").on(t.kind, t.active),
]);

export const approvalRequest = pgTable("approval_request", {
  id: idColumn(),
  entityId: refColumn("entity_id").references(() => legalEntity.id),
  kind: text("kind").notNull(),
  /** The document the request is about, e.g. ("sales_order", 42) or ("customer", 7). */
  subjectType: text("subject_type").notNull(),
  subjectId: text("subject_id").notNull(),
  title: text("title").notNull(),
  /** Facts the policy conditions read: amountMinor, marginImpactBps, customerTier, supplierId, quantityValueMinor, ... */
  facts: jsonb("facts").notNull(),
  /** What applies on approval (a master-data patch, a price override...), read by the kind's handler. */
  payload: jsonb("payload"),
  policyId: refColumn("policy_id").references(() => approvalPolicy.id),
  policyVersion: integer("policy_version"),
  /** pending, approved, rejected, cancelled; auto-approved requests are approved with autoApproved = true. */
  status: text("status").notNull(),
  autoApproved: boolean("auto_approved").notNull().default(false),
  decisionReason: text("decision_reason"),
  requestedByUserId: refColumn("requested_by_user_id"),
  requestedByName: text("requested_by_name").notNull(),
  idempotencyKey: text("idempotency_key"),
  createdAt: createdAtColumn(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  appliedAt: timestamp("applied_at", { withTimezone: true }),
}, (t) => [
  index("approval_request_status_idx").on(t.status, t.kind),
  index("approval_request_subject_idx").on(t.subjectType, t.subjectId),
  uniqueIndex("approval_request_idempotency_key").on(t.kind, t.idempotencyKey),
  check("approval_request_status_known", sql`${t.status} in ('pending', 'approved', 'rejected', 'cancelled')`),
]);

export const approvalStep = pgTable("approval_step", {
  id: idColumn(),
  requestId: refColumn("request_id").notNull().references(() => approvalRequest.id),
  stepNumber: integer("step_number").notNull(),
  /** Escalation level: 0 for the step as routed, +1 each time an overdue step is escalated. */
  level: integer("level").notNull().default(0),
  approverRole: text("approver_role"),
  approverUserId: refColumn("approver_user_id").references(() => appUser.id),
  /** pending, waiting (a later step not yet reached), approved, rejected, escalated, skipped. */
  status: text("status").notNull(),
  dueAt: timestamp("due_at", { withTimezone: true }),
  activatedAt: timestamp("activated_at", { withTimezone: true }),
  decidedByUserId: refColumn("decided_by_user_id").references(() => appUser.id),
  /** Set when the decider acted for someone else under a delegation. */
  onBehalfOfUserId: refColumn("on_behalf_of_user_id").references(() => appUser.id),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  comment: text("comment"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("approval_step_request_number_key").on(t.requestId, t.stepNumber, t.level),
  index("approval_step_open_idx").on(t.status, t.dueAt),
  check("approval_step_status_known", sql`${t.status} in ('waiting', 'pending', 'approved', 'rejected', 'escalated', 'skipped')`),
  check("approval_step_has_approver", sql`${t.approverRole} is not null or ${t.approverUserId} is not null`),
]);

/** A user away hands their approvals to a delegate for a window of time. */
export const approvalDelegation = pgTable("approval_delegation", {
  id: idColumn(),
  fromUserId: refColumn("from_user_id").notNull().references(() => appUser.id),
  toUserId: refColumn("to_user_id").notNull().references(() => appUser.id),
  startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
  endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
  reason: text("reason"),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: createdAtColumn(),
}, (t) => [
  index("approval_delegation_to_idx").on(t.toUserId, t.startsAt),
  check("approval_delegation_window", sql`${t.startsAt} < ${t.endsAt}`),
  check("approval_delegation_distinct", sql`${t.fromUserId} <> ${t.toUserId}`),
]);

/** Segregation of duties: permission pairs one user must not hold together. */
export const sodRule = pgTable("sod_rule", {
  id: idColumn(),
  permissionA: text("permission_a").notNull(),
  permissionB: text("permission_b").notNull(),
  /** block: the assignment is refused; review: allowed, with a compensating review raised. */
  mode: text("mode").notNull(),
  description: text("description").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("sod_rule_pair_key").on(t.permissionA, t.permissionB),
  check("sod_rule_mode_known", sql`${t.mode} in ('block', 'review')`),
  check("sod_rule_distinct", sql`${t.permissionA} <> ${t.permissionB}`),
]);

/** One model for every exception queue: inventory variance, delayed receipt, blocked order, ... */
export const exceptionItem = pgTable("exception_item", {
  id: idColumn(),
  entityId: refColumn("entity_id").references(() => legalEntity.id),
  kind: text("kind").notNull(),
  severity: text("severity").notNull(),
  ownerRole: text("owner_role").notNull(),
  /** Other roles that must see it (cross-functional alerts). */
  audienceRoles: text("audience_roles").array().notNull().default(sql`'{}'::text[]`),
  assignedUserId: refColumn("assigned_user_id").references(() => appUser.id),
  title: text("title").notNull(),
  explanation: text("explanation").notNull(),
  /** [{ type, id, label }] documents the exception is about. */
  links: jsonb("links").notNull().default(sql`'[]'::jsonb`),
  details: jsonb("details"),
  /** open, assigned, resolved, dismissed. */
  state: text("state").notNull().default("open"),
  resolutionReason: text("resolution_reason"),
  /** Raising the same open exception twice returns the first. */
  dedupeKey: text("dedupe_key"),
  dueAt: timestamp("due_at", { withTimezone: true }),
  /**
   * The business date the exception is about (a late receipt's due date, a count's date), when
   * the raiser knows it; a period close weighs it against the period, else the day it was raised.
   */
  occurredOn: date("occurred_on"),
  createdAt: createdAtColumn(),
  assignedAt: timestamp("assigned_at", { withTimezone: true }),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  closedByUserId: refColumn("closed_by_user_id").references(() => appUser.id),
}, (t) => [
  index("exception_item_queue_idx").on(t.kind, t.state, t.severity),
  uniqueIndex("exception_item_open_dedupe_key").on(t.dedupeKey).where(sql`${t.state} in ('open', 'assigned')`),
  check("exception_item_state_known", sql`${t.state} in ('open', 'assigned', 'resolved', 'dismissed')`),
  check("exception_item_severity_known", sql`${t.severity} in ('low', 'medium', 'high', 'critical')`),
  check("exception_item_closed_reason", sql`${t.state} not in ('resolved', 'dismissed') or ${t.resolutionReason} is not null`),
]);

export const notification = pgTable("notification", {
  id: idColumn(),
  /** To one user, or to everyone holding a role. */
  userId: refColumn("user_id").references(() => appUser.id),
  role: text("role"),
  kind: text("kind").notNull(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  link: text("link"),
  createdAt: createdAtColumn(),
  readAt: timestamp("read_at", { withTimezone: true }),
}, (t) => [
  index("notification_user_idx").on(t.userId, t.createdAt),
  index("notification_role_idx").on(t.role, t.createdAt),
  check("notification_addressed", sql`${t.userId} is not null or ${t.role} is not null`),
]);

/**
 * The hash chain over the audit log. A sealer appends one row per audit row in the order
 * it sees them committed, so transactions committing out of order never break the chain.
 */
export const auditSeal = pgTable("audit_seal", {
  chainSeq: refColumn("chain_seq").primaryKey(),
  auditId: refColumn("audit_id").notNull(),
  previousHash: text("previous_hash").notNull(),
  rowHash: text("row_hash").notNull(),
  sealedAt: timestamp("sealed_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex("audit_seal_audit_key").on(t.auditId)]);
