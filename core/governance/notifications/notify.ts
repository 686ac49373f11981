import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { assert } from "../../shared/assert";
import type { Actor, Role } from "../permissions";
import { notification } from "../schema";

export const NOTIFICATIONS_PAGE_MAX = 100;

export type NotificationInput = {
  /** To one user, or to everyone holding a role (or several roles, one row each). */
  userId?: number | null;
  roles?: readonly Role[];
  kind: string;
  title: string;
  body: string;
  link?: string | null;
};

export type NotificationRow = typeof notification.$inferSelect;

/** Appends notifications in the caller's transaction; delivery (inbox, e-mail) reads them. */
export async function notify(tx: Tx, input: NotificationInput): Promise<void> {
  const roles = input.roles ?? [];
  assert(input.userId != null || roles.length > 0, "a notification needs a user or a role");
  const base = { kind: input.kind, title: input.title, body: input.body, link: input.link ?? null };
  const rows = [
    ...(input.userId != null ? [{ ...base, userId: input.userId, role: null }] : []),
    ...roles.map((role) => ({ ...base, userId: null, role })),
  ];
  await tx.insert(notification).values(rows);
}

/** The signed-in user's notifications: addressed to them or to one of their roles. */
export async function listMyNotifications(tx: Tx, actor: Actor, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationRow[]> {
  const limit = Math.min(options.limit ?? 50, NOTIFICATIONS_PAGE_MAX);
  const addressed = or(
    actor.userId != null ? eq(notification.userId, actor.userId) : sql`false`,
    actor.roles.length > 0 ? inArray(notification.role, [...actor.roles]) : sql`false`,
  );
  const where = options.unreadOnly ? and(addressed, isNull(notification.readAt)) : addressed;
  return tx.select().from(notification).where(where).orderBy(desc(notification.createdAt), desc(notification.id)).limit(limit);
}
