import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { submitApproval, type ApprovalFacts, type ApprovalRequestRow, type ApprovalStepRow } from "../../governance/approvals";
import { toAuditJson } from "../../governance/audit";
import { refuseOverlappingPendingChange } from "../../governance/change-control/pending";
import { routeChange, type ChangeRoute } from "../../governance/change-control/rules";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { isDomainError } from "../../shared/errors";
import { applyRatePpm, divideRounded } from "../../shared/money";
import { MastersError } from "../errors";
import { exchangeRateOn } from "../queries/exchange-rate-on";
import { definitionOf } from "../registry";
import { entityIdOf } from "../rules/references";
import { currency, legalEntity } from "../schema";
import { findByKey } from "../store";
import type { MasterKey, MasterKind, MasterRow, Row } from "../types";
import { validateMasterPatch, writeMasterPatch, type ValidatedPatch } from "./update-master";

export const CHANGE_TITLE_LENGTH_MAX = 300;

export type MasterChangeResult<K extends MasterKind = MasterKind> =
  /** Applied now: directly (owner, ungoverned fields, or the system), or auto-approved by policy (request set). */
  | { status: "applied"; row: MasterRow<K>; request: ApprovalRequestRow | null }
  /** Waiting for approval; the row is unchanged until the request is approved. */
  | { status: "pending_approval"; request: ApprovalRequestRow; steps: ApprovalStepRow[] };

async function minorDigits(tx: Tx, code: string): Promise<number> {
  const [row] = await tx.select({ digits: currency.minorUnitDigits }).from(currency).where(eq(currency.code, code)).limit(1);
  assert(row !== undefined, `currency ${code} of a stored row does not exist`);
  return row.digits;
}

/**
 * A credit-limit increase in the entity's base currency (policy money facts are base currency).
 * Without a rate it is unknown (null), which the engine treats conservatively: every step applies.
 */
async function creditIncreaseInBase(tx: Tx, before: Row, changes: Row, entityId: number): Promise<bigint | null> {
  const increase = (changes.creditLimitMinor as bigint) - (before.creditLimitMinor as bigint);
  if (increase <= 0n) return 0n;
  const [entity] = await tx.select({ baseCurrency: legalEntity.baseCurrency }).from(legalEntity).where(eq(legalEntity.id, entityId)).limit(1);
  assert(entity !== undefined, `legal entity ${entityId} of a customer does not exist`);
  const from = before.currency as string;
  if (from === entity.baseCurrency) return increase;
  try {
    const ratePpm = await exchangeRateOn(tx, from, entity.baseCurrency, new Date().toISOString().slice(0, 10));
    const shift = (await minorDigits(tx, entity.baseCurrency)) - (await minorDigits(tx, from));
    const converted = applyRatePpm(increase, ratePpm, "halfEven");
    return shift >= 0 ? converted * 10n ** BigInt(shift) : divideRounded(converted, 10n ** BigInt(-shift), "halfEven");
  } catch (error) {
    if (isDomainError(error) && error.code === MastersError.RATE_NOT_FOUND) return null;
    throw error;
  }
}

async function changeFacts(tx: Tx, validated: ValidatedPatch, entityId: number | null): Promise<ApprovalFacts> {
  const { def, before, changes } = validated;
  const kind = def.descriptor.kind;
  const facts: ApprovalFacts = { entityId, masterKind: kind, fields: Object.keys(changes) };
  if (kind === "customer") {
    facts.customerId = before.id as number;
    // The tier as it stands: a tier raised in the same change must not buy itself a lighter route.
    facts.customerTier = before.tier as string;
    if ("creditLimitMinor" in changes && entityId !== null) facts.amountMinor = await creditIncreaseInBase(tx, before, changes, entityId);
  }
  if (kind === "supplier") facts.supplierId = before.id as number;
  return facts;
}

function titleOf(validated: ValidatedPatch): string {
  const { def, rowKey, before, changes } = validated;
  const name = typeof before.code === "string" ? before.code : typeof before.sku === "string" ? before.sku : String(rowKey);
  const title = `Change ${def.descriptor.label.toLowerCase()} ${name}: ${Object.keys(changes).join(", ")}`;
  return title.length <= CHANGE_TITLE_LENGTH_MAX ? title : `${title.slice(0, CHANGE_TITLE_LENGTH_MAX - 1)}…`;
}

function valuesOf(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((name) => [name, row[name] ?? null]));
}

async function submitChange<K extends MasterKind>(tx: Tx, actor: Actor, validated: ValidatedPatch, route: ChangeRoute & { route: "approval" }): Promise<MasterChangeResult<K>> {
  const { def, rowKey, before, changes } = validated;
  const kind = def.descriptor.kind;
  const fields = Object.keys(changes);
  await refuseOverlappingPendingChange(tx, kind, String(rowKey), fields);
  const entityId = await entityIdOf(tx, def, before);
  const submitted = await submitApproval(tx, actor, {
    kind: "master_data_change", entityId, subjectType: kind, subjectId: rowKey, title: titleOf(validated),
    facts: await changeFacts(tx, validated, entityId),
    payload: { kind, key: rowKey, patch: toAuditJson(changes), before: toAuditJson(valuesOf(before, fields)), reasons: route.reasons },
  });
  if (submitted.request.status !== "approved") return { status: "pending_approval", request: submitted.request, steps: submitted.steps };
  // A policy auto-approved it: the handler has applied the change in this transaction.
  const row = await findByKey(tx, def, rowKey);
  assert(row !== null, `${kind} ${rowKey} vanished while its change was applied`);
  return { status: "applied", row: row as MasterRow<K>, request: submitted.request };
}

/**
 * The way users edit master data. Validates the patch exactly like updateMaster, then applies
 * it at once when the actor is the system, or holds the kind's owning role and changes no
 * governed field; otherwise submits a master_data_change request carrying only the changed
 * fields and their values before, and leaves the row untouched until it is approved.
 * Needs the kind's write permission either way (a role without it gets AUTH_FORBIDDEN).
 */
export async function changeMaster<K extends MasterKind>(tx: Tx, actor: Actor, kind: K, key: MasterKey, patch: unknown): Promise<MasterChangeResult<K>> {
  requirePermission(actor, definitionOf(kind).descriptor.permission);
  const validated = await validateMasterPatch(tx, actor, kind, key, patch);
  const fields = Object.keys(validated.changes);
  if (fields.length === 0) return { status: "applied", row: validated.before as MasterRow<K>, request: null };
  const route = routeChange(actor, kind, fields);
  if (route.route === "direct") return { status: "applied", row: await writeMasterPatch(tx, actor, validated) as MasterRow<K>, request: null };
  return submitChange<K>(tx, actor, validated, route);
}
