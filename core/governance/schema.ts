import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, boolean } from "drizzle-orm/pg-core";
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
