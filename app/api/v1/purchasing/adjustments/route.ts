// POST requests a stock adjustment (requestStockAdjustment's input: entityId, warehouseId,
// documentDate, reason, note, lines of itemId and signed qtyDelta). The approval policy routes
// it by value: small ones post at once (201, status "posted"), larger ones wait for a controller
// (status "pending_approval"). Honours Idempotency-Key like every purchasing POST.
import "../../../../../core/governance/bootstrap";
import { requestStockAdjustment } from "../../../../../core/inventory";
import { idempotentCommand } from "../../../../_lib/purchasing-api";
import { withErrors } from "../../../../_lib/route";
import { idempotencyKeyOf } from "../../../../_lib/sales-api";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const key = idempotencyKeyOf(request) ?? undefined;
  return idempotentCommand(request, user, "adjustments", (tx, body) =>
    requestStockAdjustment(tx, user, { ...body, idempotencyKey: key } as Parameters<typeof requestStockAdjustment>[2]));
});
