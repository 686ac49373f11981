import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { DomainError } from "../../shared/errors";
import { PurchasingError } from "../errors";
import { RECEIPT_LINES_MAX } from "../limits";
import { landedCostAllocation, landedCostCharge } from "../schema";

export type LandedCostChargeDetail = typeof landedCostCharge.$inferSelect & { allocations: (typeof landedCostAllocation.$inferSelect)[] };

export async function loadLandedCostCharge(tx: Tx, chargeId: number): Promise<LandedCostChargeDetail> {
  const [charge] = await tx.select().from(landedCostCharge).where(eq(landedCostCharge.id, chargeId)).limit(1);
  if (!charge) throw new DomainError(PurchasingError.LANDED_COST_NOT_FOUND, "not_found", `Landed cost charge ${chargeId} does not exist`, { chargeId });
  const allocations = await tx.select().from(landedCostAllocation).where(eq(landedCostAllocation.chargeId, chargeId))
    .orderBy(asc(landedCostAllocation.id)).limit(RECEIPT_LINES_MAX);
  return { ...charge, allocations };
}

export async function getLandedCostChargeOrThrow(tx: Tx, actor: Actor, chargeId: number): Promise<LandedCostChargeDetail> {
  requirePermission(actor, "purchasing:read");
  return loadLandedCostCharge(tx, chargeId);
}
