"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, signIn, signOut } from "../../core/governance";
import { isDomainError } from "../../core/shared/errors";
import { write } from "./db";

export type SignInState = { error: string | null; username: string };

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
function safeNext(value: FormDataEntryValue | null): string {
  const text = typeof value === "string" ? value : "";
  return text.startsWith("/") && !text.startsWith("//") && !text.startsWith("/\\") ? text : "/";
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  const requestHeaders = await headers();
  let result;
  try {
    result = await write((tx) => signIn(tx, { username, password, userAgent: requestHeaders.get("user-agent")?.slice(0, 512) }));
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const message = error.code === "VALIDATION_FAILED" ? "Enter your user name and password." : error.userMessage;
    return { error: message, username };
  }
  const store = await cookies();
  store.set(SESSION_COOKIE, result.cookie, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    expires: result.expiresAt,
    secure: requestHeaders.get("x-forwarded-proto") === "https",
  });
  redirect(safeNext(form.get("next")));
}

export async function signOutAction(): Promise<void> {
  const store = await cookies();
  const value = store.get(SESSION_COOKIE)?.value;
  if (value) await write((tx) => signOut(tx, value));
  store.delete(SESSION_COOKIE);
  redirect("/sign-in");
}
