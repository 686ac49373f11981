import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { recordAudit, toAuditJson } from "../../audit";
import { notify } from "../../notifications/notify";
import { ROLES, type Actor, type Role } from "../../permissions";
import { exceptionItem } from "../../schema";
import { ACTIVE_EXCEPTION_STATES, EXCEPTION_SEVERITIES, exceptionKindDefaults, isExceptionKind } from "../kinds";
import {
  EXCEPTION_DEDUPE_KEY_LENGTH_MAX, EXCEPTION_EXPLANATION_LENGTH_MAX, EXCEPTION_LINK_LABEL_LENGTH_MAX, EXCEPTION_LINKS_MAX,
  EXCEPTION_TITLE_LENGTH_MAX,
} from "../limits";
import { toExceptionItem, type ExceptionItem } from "../types";

export const ExceptionLinkInput = z.object({
  type: z.string().trim().min(1).max(64),
  id: z.union([z.string().trim().min(1).max(64), z.number().int()]).transform(String),
  label: z.string().trim().min(1).max(EXCEPTION_LINK_LABEL_LENGTH_MAX),
});

export const RaiseExceptionInput = z.object({
  kind: z.string().refine(isExceptionKind, "unknown exception kind"),
  severity: z.enum(EXCEPTION_SEVERITIES),
  entityId: z.number().int().positive().nullish(),
  /** Overrides the kind's default owner role. */
  ownerRole: z.enum(ROLES).optional(),
  audienceRoles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  title: z.string().trim().min(1).max(EXCEPTION_TITLE_LENGTH_MAX),
  explanation: z.string().trim().min(1).max(EXCEPTION_EXPLANATION_LENGTH_MAX),
  links: z.array(ExceptionLinkInput).max(EXCEPTION_LINKS_MAX).default([]),
  details: z.record(z.string(), z.unknown()).optional(),
  /** Overrides the kind's default due time (created + dueHours). */
  dueAt: z.date().optional(),
  /** The business date the item is about; a period close weighs it against the period (else the day raised). */
  occurredOn: z.iso.date().optional(),
  /** While an item with this key is open or assigned, raising it again returns that item. */
  dedupeKey: z.string().trim().min(1).max(EXCEPTION_DEDUPE_KEY_LENGTH_MAX).optional(),
});
export type RaiseExceptionInput = z.input<typeof RaiseExceptionInput>;

/** The item, and whether this call created it (false: an open item with the same dedupeKey existed). */
export type RaisedException = ExceptionItem & { created: boolean };

// A conflicting item can be closed between our insert and our re-read; try again a few times.
const RAISE_ATTEMPTS_MAX = 3;

async function findOpenByDedupeKey(tx: Tx, dedupeKey: string): Promise<ExceptionItem | null> {
  const [row] = await tx.select().from(exceptionItem)
    .where(and(eq(exceptionItem.dedupeKey, dedupeKey), inArray(exceptionItem.state, [...ACTIVE_EXCEPTION_STATES]))).limit(1);
  return row ? toExceptionItem(row) : null;
}

type Parsed = z.output<typeof RaiseExceptionInput>;

/**
 * Inserts unless an open item holds the dedupe key. ON CONFLICT on the partial unique index
 * waits for a concurrent raiser and then does nothing, instead of failing with 23505 and
 * aborting the caller's whole transaction.
 */
async function insertItem(tx: Tx, input: Parsed, ownerRole: Role, audienceRoles: Role[]): Promise<ExceptionItem | null> {
  const dueHours = exceptionKindDefaults(input.kind).dueHours;
  const [row] = await tx.insert(exceptionItem).values({
    entityId: input.entityId ?? null,
    kind: input.kind,
    severity: input.severity,
    ownerRole,
    audienceRoles,
    title: input.title,
    explanation: input.explanation,
    links: input.links,
    details: input.details === undefined ? null : toAuditJson(input.details),
    state: "open",
    dedupeKey: input.dedupeKey ?? null,
    occurredOn: input.occurredOn ?? null,
    dueAt: input.dueAt ?? sql`now() + ${dueHours} * interval '1 hour'`,
  }).onConflictDoNothing({
    target: exceptionItem.dedupeKey,
    where: sql`${sql.identifier("state")} in ('open', 'assigned')`,
  }).returning();
  return row ? toExceptionItem(row) : null;
}

/**
 * The one function every module raises exceptions through. Notifies the owner role and the
 * audience roles once and audits the raise under the calling actor; no permission is needed
 * because only core commands call it.
 */
export async function raiseException(tx: Tx, actor: Actor, raw: RaiseExceptionInput): Promise<RaisedException> {
  const input = parseInput(RaiseExceptionInput, raw);
  const ownerRole = input.ownerRole ?? exceptionKindDefaults(input.kind).ownerRole;
  const audienceRoles = [...new Set(input.audienceRoles ?? [])];
  for (let attempt = 1; attempt <= RAISE_ATTEMPTS_MAX; attempt++) {
    if (input.dedupeKey !== undefined) {
      const existing = await findOpenByDedupeKey(tx, input.dedupeKey);
      if (existing) return { ...existing, created: false };
    }
    const item = await insertItem(tx, input, ownerRole, audienceRoles);
    if (item) {
      await announce(tx, actor, item);
      return { ...item, created: true };
    }
    assert(input.dedupeKey !== undefined, "only a dedupe key can make the insert do nothing");
  }
  throw new Error(`raiseException: dedupe key "${input.dedupeKey}" kept conflicting after ${RAISE_ATTEMPTS_MAX} attempts`);
}

async function announce(tx: Tx, actor: Actor, item: ExceptionItem): Promise<void> {
  assert(item.state === "open", "a raised exception starts open");
  await notify(tx, {
    // One notification per role, even when the owner role is also in the audience.
    roles: [...new Set([item.ownerRole, ...item.audienceRoles])],
    kind: `exception.${item.kind}`,
    title: `[${item.severity}] ${item.title}`,
    body: item.explanation,
    link: `/exceptions/${item.id}`,
  });
  await recordAudit(tx, actor, {
    action: "create",
    objectKind: "exception_item",
    objectId: item.id,
    entityId: item.entityId,
    after: item,
  });
}
