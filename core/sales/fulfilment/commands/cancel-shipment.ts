import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { parseInput } from "../../../shared/errors";
import { shipment } from "../../schema";
import { Id } from "../inputs";
import { loadShipmentDetail, type ShipmentDetail } from "../queries/shipments";
import { lockOpenShipment } from "./pack-shipment";

export const CancelShipmentInput = z.object({ shipmentId: Id });

/**
 * Cancels a pick list before it ships. Nothing moved yet: the quantities stay allocated to
 * the order lines and can go on a new pick list.
 */
export async function cancelShipment(tx: Tx, actor: Actor, raw: z.input<typeof CancelShipmentInput>): Promise<ShipmentDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(CancelShipmentInput, raw);
  const row = await lockOpenShipment(tx, input.shipmentId, ["picking", "packed"]);
  const updated = await tx.update(shipment).set({ status: "cancelled", updatedAt: new Date() }).where(eq(shipment.id, row.id)).returning({ id: shipment.id });
  assert(updated.length === 1, "the locked shipment was cancelled");
  return loadShipmentDetail(tx, row.id);
}
