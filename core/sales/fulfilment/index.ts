// Fulfilment's public surface: pick lists, packing, shipping (stock issued at cost through the
// stock ledger, which posts COGS and Inventory) and cancelling before shipping.
export { FulfilmentError, type FulfilmentErrorCode, SHIPMENT_LINES_MAX, SHIPMENTS_PAGE_MAX } from "./errors";
export { createPickList, CreatePickListInput } from "./commands/create-pick-list";
export { packShipment, PackShipmentInput } from "./commands/pack-shipment";
export { shipShipment, ShipShipmentInput } from "./commands/ship-shipment";
export { cancelShipment, CancelShipmentInput } from "./commands/cancel-shipment";
export { getShipmentOrThrow, listShipments, ListShipmentsInput, type ShipmentDetail, type ShipmentLineDetail, type ShipmentListRow } from "./queries/shipments";
export { listPickQueue, PickQueueInput, PICK_QUEUE_LINES_MAX, type PickQueueLine } from "./queries/pick-queue";
export { SHIPPABLE_ORDER_STATUSES } from "./order-lines";
