// Shared pieces of the /api/v1/purchasing routes: a command runs once per Idempotency-Key
// (withIdempotency stores the first answer; the same key with another body is a 409), the key
// is also handed to the command as its idempotencyKey, and the answer is 201 for a new document
// or 200 with Idempotent-Replayed: true for a retry.
import { z } from "zod";
import type { Tx } from "../../core/db/client";
import { withIdempotency, type SessionUser } from "../../core/governance";
import { write } from "./db";
import { jsonResponse } from "./json";
import { commandBody, idempotencyKeyOf, type JsonObject } from "./sales-api";

export async function idempotentCommand(request: Request, user: SessionUser, scope: string, run: (tx: Tx, body: JsonObject) => Promise<{ replayed?: boolean } | object>): Promise<Response> {
  const body = await commandBody(request);
  const key = idempotencyKeyOf(request);
  const result = await write((tx) => withIdempotency(tx, { scope: `api.v1.purchasing.${scope}:${user.userId}`, key, request: body }, () => run(tx, body)));
  const replayed = result.replayed || (typeof result.response === "object" && result.response !== null && (result.response as { replayed?: unknown }).replayed === true);
  return jsonResponse(result.response, { status: replayed ? 200 : 201, headers: replayed ? { "Idempotent-Replayed": "true" } : {} });
}

/** A comma-separated list of allowed words in a query parameter. */
export function wordList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().max(300).transform((text) => text.split(",").map((s) => s.trim()).filter((s) => s !== "")).pipe(z.array(z.enum(values)));
}
