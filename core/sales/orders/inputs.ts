import { z } from "zod";
import { Id, IdempotencyKey, IsoDate, MinorAmount, QtyText, Uom } from "../pricing/inputs";
import { ORDER_CHANNELS } from "./status";

export const ORDER_LINES_MAX = 500;
export const CUSTOMER_PO_NUMBER_LENGTH_MAX = 60;

export const OrderLineInput = z.object({
  itemId: Id,
  /** Without one, the selling warehouse with the most free stock of the item. */
  warehouseId: Id.nullish(),
  uom: Uom,
  qty: QtyText,
  /** A manual price per `uom` in the customer's currency: the line waits for a pricing-override approval. */
  unitPriceMinor: MinorAmount.nullish(),
  substituteForItemId: Id.nullish(),
  requestedDate: IsoDate.nullish(),
});
export type OrderLineRequest = z.output<typeof OrderLineInput>;

export const EnterSalesOrderInput = z.object({
  entityId: Id,
  customerId: Id,
  shipToId: Id.nullish(),
  channel: z.enum(ORDER_CHANNELS),
  customerPoNumber: z.string().trim().min(1).max(CUSTOMER_PO_NUMBER_LENGTH_MAX).nullish(),
  requestedDate: IsoDate.nullish(),
  orderDate: IsoDate,
  lines: z.array(OrderLineInput).min(1).max(ORDER_LINES_MAX),
  idempotencyKey: IdempotencyKey.nullish(),
});
export type EnterSalesOrderRequest = z.output<typeof EnterSalesOrderInput>;
