// The "resembles an existing record" check of the customer and supplier entry forms: before a new
// one is created, similar active records of the same entity are looked up; the form shows them and
// saves only when the user submits the same values a second time.
import type { Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance";
import { findSimilarMasters } from "../../core/masters/merge";
import type { MasterKind, Row } from "../../core/masters";

export const SIMILAR_WARNING_PREFIX = "Possible duplicate:";

function text(input: Row, name: string): string | null {
  const value = input[name];
  return typeof value === "string" && value.trim().length > 0 ? value.trim() : null;
}

/**
 * A warning naming the similar records, or null when there are none or the user already saw this
 * warning for exactly these values (the second submission goes through).
 */
export async function similarMasterWarning(tx: Tx, actor: Actor, kind: MasterKind, input: Row,
  previous: { message: string | null; values: Record<string, string> }, submitted: Record<string, string>): Promise<string | null> {
  if (kind !== "customer" && kind !== "supplier") return null;
  const entityId = Number(text(input, "entityId"));
  const name = text(input, "name");
  if (!Number.isInteger(entityId) || entityId <= 0 || name === null) return null;
  const alreadyWarned = previous.message?.startsWith(SIMILAR_WARNING_PREFIX)
    && Object.entries(submitted).every(([field, value]) => (previous.values[field] ?? "") === value);
  if (alreadyWarned) return null;
  const similar = await findSimilarMasters(tx, actor, {
    masterKind: kind, entityId, name, address: text(input, "addressLine1"), city: text(input, "city"),
    phone: text(input, "phone"), email: text(input, "email"), taxId: text(input, "taxId"),
  });
  if (similar.length === 0) return null;
  const names = similar.map((s) => `${s.code} "${s.name}" (${Math.round(s.score * 100)}% alike)`).join(", ");
  return `${SIMILAR_WARNING_PREFIX} this ${kind} resembles ${names}. Check it is not the same ${kind}; save again to create it anyway.`;
}
