// Matrix rows for the read-only lists of core/purchasing/queries (for tests/core/permissions:
// the coverage guard imports PURCHASING_QUERIES_MATRIX). Every row is purchasing:read; the
// fixture is the purchasing matrix's (orders, a receipt, invoices, an approved payment run).
import { listInvoiceableLines, listInvoicesOfPurchaseOrder, listOpenReceiptLines, listPaymentRuns, listPurchaseReceipts, previewLandedCostAllocation } from "../../../core/purchasing";
import type { PermissionCase } from "../permissions/matrix";
import type { PurchasingMatrixFixture } from "./permissions-matrix";

type Row = PermissionCase<PurchasingMatrixFixture>;

export const PURCHASING_QUERIES_MATRIX: Row[] = [
  { name: "listOpenReceiptLines", permission: "purchasing:read",
    run: (tx, actor, f) => listOpenReceiptLines(tx, actor, { entityId: f.fx.entityId, warehouseId: f.fx.warehouseIds[0] }) },
  { name: "listInvoiceableLines", permission: "purchasing:read", run: (tx, actor, f) => listInvoiceableLines(tx, actor, f.receivedPo.id) },
  { name: "listPurchaseReceipts", permission: "purchasing:read", run: (tx, actor, f) => listPurchaseReceipts(tx, actor, { entityId: f.fx.entityId }) },
  { name: "listInvoicesOfPurchaseOrder", permission: "purchasing:read", run: (tx, actor, f) => listInvoicesOfPurchaseOrder(tx, actor, f.receivedPo.id) },
  { name: "listPaymentRuns", permission: "purchasing:read", run: (tx, actor, f) => listPaymentRuns(tx, actor, { entityId: f.fx.entityId }) },
  { name: "previewLandedCostAllocation", permission: "purchasing:read",
    run: (tx, actor, f) => previewLandedCostAllocation(tx, actor, { receiptId: f.receivedPo.receiptId, method: "quantity", amountMinor: 100 }) },
];
