import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { shipment } from "../../schema";
import { FulfilmentError } from "../errors";
import { Id } from "../inputs";
import { loadShipmentDetail, shipmentNotFound, type ShipmentDetail } from "../queries/shipments";

export const PackShipmentInput = z.object({
  shipmentId: Id,
  packageCount: z.number().int().min(1).max(10_000),
  carrier: z.string().trim().min(1).max(120),
});

export type ShipmentRow = typeof shipment.$inferSelect;

export async function lockShipmentOrThrow(tx: Tx, shipmentId: number): Promise<ShipmentRow> {
  const [row] = await tx.select().from(shipment).where(eq(shipment.id, shipmentId)).limit(1).for("update");
  if (!row) throw shipmentNotFound(shipmentId);
  return row;
}

export function assertShipmentStatus(row: ShipmentRow, statuses: readonly ("picking" | "packed")[]): void {
  if (!(statuses as readonly string[]).includes(row.status)) {
    throw new DomainError(FulfilmentError.SHIPMENT_NOT_OPEN, "conflict",
      `Shipment ${row.shipmentNumber} is ${row.status}; this needs it ${statuses.join(" or ")}`, { shipmentId: row.id, status: row.status });
  }
}

/** Locks a shipment and checks it is still open (picking, or packed when allowed). */
export async function lockOpenShipment(tx: Tx, shipmentId: number, statuses: readonly ("picking" | "packed")[]): Promise<ShipmentRow> {
  const row = await lockShipmentOrThrow(tx, shipmentId);
  assertShipmentStatus(row, statuses);
  return row;
}

/** Records the packing of a pick list: packages and carrier. Packing again corrects them. */
export async function packShipment(tx: Tx, actor: Actor, raw: z.input<typeof PackShipmentInput>): Promise<ShipmentDetail> {
  requirePermission(actor, "inventory:write");
  const input = parseInput(PackShipmentInput, raw);
  const row = await lockOpenShipment(tx, input.shipmentId, ["picking", "packed"]);
  const updated = await tx.update(shipment).set({ status: "packed", packageCount: input.packageCount, carrier: input.carrier, updatedAt: new Date() })
    .where(and(eq(shipment.id, row.id), inArray(shipment.status, ["picking", "packed"]))).returning({ id: shipment.id });
  if (updated.length !== 1) throw shipmentNotFound(row.id);
  return loadShipmentDetail(tx, row.id);
}
