import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { recordAudit } from "../../governance/audit";
import { requirePermission, type Actor } from "../../governance/permissions";
import { customer, legalEntity, supplier } from "../../masters/schema";
import { DomainError, parseInput } from "../../shared/errors";
import { IntercompanyError } from "./errors";
import { intercompanyPartner } from "./schema";

export type IntercompanyPartner = typeof intercompanyPartner.$inferSelect;
export const PARTNERS_LIST_MAX = 500;

export const SetIntercompanyPartnerInput = z.object({
  entityId: z.number().int().positive(),
  partnerEntityId: z.number().int().positive(),
  customerId: z.number().int().positive().nullish(),
  supplierId: z.number().int().positive().nullish(),
}).refine((v) => v.entityId !== v.partnerEntityId, { message: "an entity is not its own intercompany partner", path: ["partnerEntityId"] });

async function checkParty(tx: Tx, table: typeof customer | typeof supplier, id: number | null | undefined, entityId: number, field: string): Promise<void> {
  if (!id) return;
  const [row] = await tx.select({ entityId: table.entityId }).from(table).where(eq(table.id, id)).limit(1);
  if (!row || row.entityId !== entityId) {
    throw new DomainError(IntercompanyError.PARTY_OUTSIDE_ENTITY, "unprocessable", `${field}: ${id} is not a ${field.replace("Id", "")} of entity ${entityId}`, { [field]: id, entityId });
  }
}

/**
 * Records which customer and supplier of an entity stand for a partner entity (the link
 * intercompany trade and the reconciliation read). Replaces the entity's previous link.
 */
export async function setIntercompanyPartner(tx: Tx, actor: Actor, raw: z.input<typeof SetIntercompanyPartnerInput>): Promise<IntercompanyPartner> {
  requirePermission(actor, "masters.finance:write");
  const input = parseInput(SetIntercompanyPartnerInput, raw);
  const entities = await tx.select({ id: legalEntity.id }).from(legalEntity).limit(1000);
  const known = new Set(entities.map((e) => e.id));
  if (!known.has(input.entityId) || !known.has(input.partnerEntityId)) {
    throw new DomainError(IntercompanyError.ENTITY_NOT_FOUND, "not_found", "entityId: both entities must exist", { entityId: input.entityId, partnerEntityId: input.partnerEntityId });
  }
  await checkParty(tx, customer, input.customerId, input.entityId, "customerId");
  await checkParty(tx, supplier, input.supplierId, input.entityId, "supplierId");
  const values = { customerId: input.customerId ?? null, supplierId: input.supplierId ?? null, active: true, updatedAt: new Date() };
  const [row] = await tx.insert(intercompanyPartner).values({ entityId: input.entityId, partnerEntityId: input.partnerEntityId, ...values })
    .onConflictDoUpdate({ target: [intercompanyPartner.entityId, intercompanyPartner.partnerEntityId], set: values }).returning();
  if (!row) throw new Error("intercompany partner upsert returned no row");
  await recordAudit(tx, actor, { action: "update", objectKind: "intercompany_partner", objectId: row.id, entityId: row.entityId, after: values });
  return row;
}

export async function listIntercompanyPartners(tx: Tx, actor: Actor, options: { entityId?: number | null } = {}): Promise<IntercompanyPartner[]> {
  requirePermission(actor, "ledger:read");
  const where = options.entityId ? eq(intercompanyPartner.entityId, options.entityId) : undefined;
  return tx.select().from(intercompanyPartner).where(where ? and(where, eq(intercompanyPartner.active, true)) : eq(intercompanyPartner.active, true))
    .orderBy(intercompanyPartner.entityId, intercompanyPartner.partnerEntityId).limit(PARTNERS_LIST_MAX);
}
