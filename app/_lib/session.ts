import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, userForCookie, type SessionUser } from "../../core/governance";
import { DomainError, SharedError } from "../../core/shared/errors";
import { read } from "./db";

/** The signed-in user of this request, resolved once per request (React cache), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const store = await cookies();
  const value = store.get(SESSION_COOKIE)?.value;
  if (!value) return null;
  return read((tx) => userForCookie(tx, value));
});

/** For pages and server actions: the user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For route handlers: the user, or a 401 through the error wrapper. */
export async function requireApiUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new DomainError(SharedError.UNAUTHENTICATED, "unauthenticated", "Sign in first");
  return user;
}
