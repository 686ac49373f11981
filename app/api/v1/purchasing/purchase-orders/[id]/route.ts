// GET one purchase order with its lines, receipts and invoices.
import "../../../../../../core/governance/bootstrap";
import { getPurchaseOrderOrThrow, listInvoicesOfPurchaseOrder, listPurchaseReceipts, PurchasingError } from "../../../../../../core/purchasing";
import { DomainError } from "../../../../../../core/shared/errors";
import { read } from "../../../../../_lib/db";
import { jsonResponse } from "../../../../../_lib/json";
import { parseId } from "../../../../../_lib/query";
import { withErrors } from "../../../../../_lib/route";
import { requireApiUser } from "../../../../../_lib/session";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireApiUser();
  const id = parseId((await params).id);
  if (id === null) throw new DomainError(PurchasingError.PURCHASE_ORDER_NOT_FOUND, "not_found", "No such purchase order");
  const body = await read(async (tx) => {
    const order = await getPurchaseOrderOrThrow(tx, user, id);
    return { ...order, receipts: await listPurchaseReceipts(tx, user, { entityId: order.entityId, purchaseOrderId: id }), invoices: await listInvoicesOfPurchaseOrder(tx, user, id) };
  });
  return jsonResponse(body);
});
