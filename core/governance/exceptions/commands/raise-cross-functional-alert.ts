import { z } from "zod";
import type { Tx } from "../../../db/client";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import type { Actor, Role } from "../../permissions";
import type { ExceptionSeverity } from "../kinds";
import { EXCEPTION_DEDUPE_KEY_LENGTH_MAX, EXCEPTION_EXPLANATION_LENGTH_MAX, EXCEPTION_LINKS_MAX, EXCEPTION_TITLE_LENGTH_MAX } from "../limits";
import { ExceptionLinkInput, raiseException, type RaisedException } from "./raise-exception";

/** Customers whose orders make a cross-functional alert high severity. */
export const PRIORITY_CUSTOMER_TIERS = ["platinum", "gold"] as const;
export const CROSS_FUNCTIONAL_OWNER_ROLE: Role = "buyer";
export const CROSS_FUNCTIONAL_AUDIENCE_ROLES: readonly Role[] = ["sales", "buyer", "warehouse"];

export const AffectedDocumentInput = ExceptionLinkInput.extend({
  customerTier: z.enum(["platinum", "gold", "silver", "standard"]).optional(),
});

export const RaiseCrossFunctionalAlertInput = z.object({
  entityId: z.number().int().positive(),
  title: z.string().trim().min(1).max(EXCEPTION_TITLE_LENGTH_MAX),
  explanation: z.string().trim().min(1).max(EXCEPTION_EXPLANATION_LENGTH_MAX),
  /** What went wrong, e.g. the late purchase receipt. */
  cause: ExceptionLinkInput,
  /** The documents that depend on it, e.g. open sales orders with their customer's tier. */
  affected: z.array(AffectedDocumentInput).min(1).max(EXCEPTION_LINKS_MAX - 1),
  /** Defaults to one open alert per cause, so a detector that runs again does not repeat itself. */
  dedupeKey: z.string().trim().min(1).max(EXCEPTION_DEDUPE_KEY_LENGTH_MAX).optional(),
});
export type RaiseCrossFunctionalAlertInput = z.input<typeof RaiseCrossFunctionalAlertInput>;

export function crossFunctionalSeverity(affected: readonly { customerTier?: string | undefined }[]): ExceptionSeverity {
  const priority = affected.some((doc) => (PRIORITY_CUSTOMER_TIERS as readonly string[]).includes(doc.customerTier ?? ""));
  return priority ? "high" : "medium";
}

/**
 * One alert that reaches sales, purchasing and the warehouse together, listing the cause and
 * every affected document, so the three teams work from the same list.
 */
export async function raiseCrossFunctionalAlert(tx: Tx, actor: Actor, raw: RaiseCrossFunctionalAlertInput): Promise<RaisedException> {
  const input = parseInput(RaiseCrossFunctionalAlertInput, raw);
  const links = [input.cause, ...input.affected.map(({ type, id, label }) => ({ type, id, label }))];
  assert(links.length <= EXCEPTION_LINKS_MAX, "cause plus affected fit the link limit");
  const alert = await raiseException(tx, actor, {
    kind: "cross_functional_alert",
    severity: crossFunctionalSeverity(input.affected),
    entityId: input.entityId,
    ownerRole: CROSS_FUNCTIONAL_OWNER_ROLE,
    audienceRoles: [...CROSS_FUNCTIONAL_AUDIENCE_ROLES],
    title: input.title,
    explanation: input.explanation,
    links,
    details: { cause: input.cause, affected: input.affected },
    dedupeKey: input.dedupeKey ?? `cross_functional_alert:${input.cause.type}:${input.cause.id}`,
  });
  assert(alert.kind === "cross_functional_alert", "the alert has its kind");
  return alert;
}
