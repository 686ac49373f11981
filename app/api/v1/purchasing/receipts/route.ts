// POST receives goods against an approved purchase order (receivePurchaseOrder's input;
// receiptDate defaults to the entity's today). A late receipt answers with its
// delayedReceiptExceptionId; over-receipts beyond tolerance and wrong items are 422s.
import "../../../../../core/governance/bootstrap";
import { getPurchaseOrderOrThrow, receivePurchaseOrder } from "../../../../../core/purchasing";
import { idempotentCommand } from "../../../../_lib/purchasing-api";
import { withErrors } from "../../../../_lib/route";
import { entityToday } from "../../../../_lib/sales-data";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  return idempotentCommand(request, user, "receipts", async (tx, body) => {
    const receiptDate = typeof body.receiptDate === "string" || typeof body.purchaseOrderId !== "number" ? body.receiptDate
      : await entityToday(tx, user, (await getPurchaseOrderOrThrow(tx, user, body.purchaseOrderId)).entityId);
    return receivePurchaseOrder(tx, user, { ...body, receiptDate } as Parameters<typeof receivePurchaseOrder>[2]);
  });
});
