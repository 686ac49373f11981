// Shared pieces of the /api/v1 sales routes: the Idempotency-Key header handed to the command as
// its idempotencyKey, the entity a request works in, list parameters, and the answer (201 for
// a new document, 200 with Idempotent-Replayed: true for a retry that returns the first result).
import { z } from "zod";
import type { Tx } from "../../core/db/client";
import type { SessionUser } from "../../core/governance";
import { IDEMPOTENCY_KEY_LENGTH_MAX } from "../../core/governance/idempotency";
import { getMasterOrThrow } from "../../core/masters";
import { DomainError, parseInput, SharedError } from "../../core/shared/errors";
import { jsonResponse } from "./json";
import { readJsonBody } from "./route";
import { chooseEntity, loadSalesEntities } from "./sales-data";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

export type JsonObject = Record<string, unknown>;

/** The header's key, trimmed; absent or blank is no key. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.headers.get(IDEMPOTENCY_HEADER)?.trim();
  if (!key) return undefined;
  if (key.length > IDEMPOTENCY_KEY_LENGTH_MAX) {
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `Idempotency-Key: at most ${IDEMPOTENCY_KEY_LENGTH_MAX} characters`, {}, {
      issues: [{ field: IDEMPOTENCY_HEADER, rule: "max_length", message: `at most ${IDEMPOTENCY_KEY_LENGTH_MAX} characters` }],
    });
  }
  return key;
}

/** The JSON body as an object, with the header's key as its idempotencyKey (the header wins). */
export async function commandBody(request: Request): Promise<JsonObject> {
  // An empty body is an empty command (ship with defaults, say); anything else must be an object.
  const body = request.headers.get("content-length") === "0" ? {} : await readJsonBody(request);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "The request body must be a JSON object", {}, {
      issues: [{ field: "(body)", rule: "object", message: "must be a JSON object" }],
    });
  }
  const key = idempotencyKeyOf(request);
  return key === undefined ? { ...(body as JsonObject) } : { ...(body as JsonObject), idempotencyKey: key };
}

/** 201 with the new document, or 200 and Idempotent-Replayed when a retry returned the first one. */
export function commandResponse(result: unknown, replayed: boolean): Response {
  return jsonResponse(result, { status: replayed ? 200 : 201, headers: replayed ? { "Idempotent-Replayed": "true" } : {} });
}

/** The entity of a customer named in a body, when the body names no entity itself. */
export async function entityOfCustomer(tx: Tx, user: SessionUser, body: JsonObject): Promise<number | undefined> {
  if (typeof body.entityId === "number") return body.entityId;
  if (typeof body.customerId !== "number") return undefined;
  return (await getMasterOrThrow(tx, user, "customer", body.customerId)).entityId;
}

const EntityParam = z.coerce.number().int().positive().optional();

/** ?entity= (or ?entityId=), else the user's default entity. */
export async function entityFromQuery(tx: Tx, user: SessionUser, url: URL): Promise<number> {
  const raw = url.searchParams.get("entity") ?? url.searchParams.get("entityId") ?? undefined;
  const requested = parseInput(z.object({ entity: EntityParam }), { entity: raw }).entity;
  const entities = await loadSalesEntities(tx, user);
  if (requested !== undefined && !entities.some((e) => e.id === requested)) {
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `entity: ${requested} is not a legal entity`, {}, { issues: [{ field: "entity", rule: "exists", message: "not a legal entity" }] });
  }
  return chooseEntity(entities, user, requested).id;
}

export const ListParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  customer: z.coerce.number().int().positive().optional(),
});

/** The named query parameters, blank ones dropped, parsed with a schema (400 naming the field). */
export function queryParams<S extends z.ZodType>(schema: S, url: URL, names: readonly string[]): z.output<S> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = url.searchParams.get(name);
    if (value !== null && value.trim() !== "") values[name] = value.trim();
  }
  return parseInput(schema, values);
}
