import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../db/client";
import { DomainError, parseInput } from "../shared/errors";
import { recordAudit } from "./audit";
import { GovernanceError } from "./errors";
import { verifyPassword } from "./passwords";
import { isRole, type Actor, type Role } from "./permissions";
import { appSetting, appUser, userRole, userSession } from "./schema";

export const SESSION_COOKIE = "keel_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const SECRET_KEY = "session_secret";

export type SessionUser = Actor & { userId: number; displayName: string; defaultEntityId: number | null };

/** The signing secret shared by every Keel process on this database, created once. */
export async function sessionSecret(tx: Tx): Promise<string> {
  const fromEnv = process.env.KEEL_SESSION_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  await tx.insert(appSetting).values({ key: SECRET_KEY, value: randomBytes(32).toString("hex") }).onConflictDoNothing();
  const [row] = await tx.select().from(appSetting).where(eq(appSetting.key, SECRET_KEY));
  if (!row) throw new Error("session secret missing after insert");
  return row.value;
}

function sign(secret: string, sessionId: string): string {
  return createHmac("sha256", secret).update(sessionId).digest("base64url");
}

export function cookieValue(secret: string, sessionId: string): string {
  return `${sessionId}.${sign(secret, sessionId)}`;
}

/** Returns the session id when the cookie's signature is valid, else null. */
export function verifyCookieValue(secret: string, value: string): string | null {
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const sessionId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(secret, sessionId));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return sessionId;
}

export const SignInInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  userAgent: z.string().max(512).optional(),
});

export type SignInResult = { cookie: string; expiresAt: Date; user: SessionUser };

export async function signIn(tx: Tx, raw: z.input<typeof SignInInput>): Promise<SignInResult> {
  const input = parseInput(SignInInput, raw);
  const [user] = await tx.select().from(appUser).where(eq(appUser.username, input.username)).limit(1);
  const valid = user !== undefined && user.active && (await verifyPassword(user.passwordHash, input.password));
  if (!user || !valid) {
    throw new DomainError(GovernanceError.SIGN_IN_FAILED, "unauthenticated", "Unknown user name or wrong password");
  }
  const sessionId = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await tx.insert(userSession).values({ id: sessionId, userId: user.id, expiresAt, userAgent: input.userAgent ?? null });
  await tx.update(appUser).set({ lastSignInAt: new Date() }).where(eq(appUser.id, user.id));
  const sessionUser = await loadSessionUser(tx, user.id);
  await recordAudit(tx, sessionUser, { action: "sign_in", objectKind: "user", objectId: user.id });
  return { cookie: cookieValue(await sessionSecret(tx), sessionId), expiresAt, user: sessionUser };
}

async function loadSessionUser(tx: Tx, userId: number): Promise<SessionUser> {
  const [user] = await tx.select().from(appUser).where(eq(appUser.id, userId)).limit(1);
  if (!user) throw new DomainError(GovernanceError.USER_NOT_FOUND, "not_found", `user ${userId} not found`);
  const roleRows = await tx.select({ role: userRole.role }).from(userRole).where(eq(userRole.userId, userId));
  const roles = roleRows.map((r) => r.role).filter(isRole) as Role[];
  return { userId: user.id, username: user.username, displayName: user.displayName, roles, defaultEntityId: user.defaultEntityId };
}

/** Resolves a signed cookie to its user, or null if it is forged, expired or revoked. */
export async function userForCookie(tx: Tx, cookie: string | undefined): Promise<SessionUser | null> {
  if (!cookie) return null;
  const sessionId = verifyCookieValue(await sessionSecret(tx), cookie);
  if (!sessionId) return null;
  const [session] = await tx.select({ userId: userSession.userId }).from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .where(and(eq(userSession.id, sessionId), isNull(userSession.revokedAt), gt(userSession.expiresAt, new Date()), eq(appUser.active, true)))
    .limit(1);
  if (!session) return null;
  return loadSessionUser(tx, session.userId);
}

export async function signOut(tx: Tx, cookie: string): Promise<void> {
  const sessionId = verifyCookieValue(await sessionSecret(tx), cookie);
  if (!sessionId) return;
  const [session] = await tx.update(userSession).set({ revokedAt: new Date() })
    .where(and(eq(userSession.id, sessionId), isNull(userSession.revokedAt)))
    .returning({ userId: userSession.userId });
  if (!session) return;
  const user = await loadSessionUser(tx, session.userId);
  await recordAudit(tx, user, { action: "sign_out", objectKind: "user", objectId: session.userId });
}
