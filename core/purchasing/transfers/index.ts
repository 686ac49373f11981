// Transfer orders between warehouses of an entity, with stock in transit between shipping and
// receiving. The public surface of this part of purchasing; core/purchasing/index.ts re-exports it.
export { TransferError, type TransferErrorCode } from "./errors";
export { ensureTransitWarehouse, type EnsuredTransitWarehouse, type TransitAccountStatus } from "./transit";
export { createTransferOrder, CreateTransferOrderInput } from "./commands/create-transfer-order";
export { shipTransferOrder, ShipTransferOrderInput, type ShippedTransfer } from "./commands/ship-transfer-order";
export { receiveTransferOrder, ReceiveTransferOrderInput, type ReceivedTransfer } from "./commands/receive-transfer-order";
export { cancelTransferOrder, CancelTransferOrderInput } from "./commands/cancel-transfer-order";
export { listTransferOrders, getTransferOrderOrThrow, TRANSFER_PAGE_SIZE_MAX, type TransferOrderSummary } from "./queries/transfer-orders";
export { TRANSFER_LINES_MAX, type TransferOrderDetail, type TransferOrderRow, type TransferOrderLineRow } from "./store";
