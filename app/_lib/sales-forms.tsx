"use client";
// The small forms of the sales pages: each posts FormData to one server action and shows the
// command's refusal beside its field, or the confirmation. Forms that create something carry an
// idempotency key made when the form appears, so a double click creates one document.
import { Field, FieldError, Outcome, useActionForm, useIdempotencyKey } from "./action-form";
import { applyUnappliedAction, invoiceBatchAction, invoiceShipmentAction } from "./sales-cash-actions";
import { cancelShipmentAction, createPickListAction, packShipmentAction, shipShipmentAction } from "./sales-fulfilment-actions";
import { cancelOrderAction, cancelOrderLineAction, convertQuoteAction, reallocateAction } from "./sales-order-actions";
import { issueCreditMemoAction, receiveReturnAction, requestReturnAction } from "./sales-return-actions";

export function CancelLineForm({ orderLineId, lineNumber }: { orderLineId: number; lineNumber: number }) {
  const { state, onSubmit, pending } = useActionForm(cancelOrderLineAction);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label={`Cancel line ${lineNumber}`} noValidate>
      <input type="hidden" name="orderLineId" value={orderLineId} />
      <input name="reason" placeholder="Reason" aria-label={`Reason to cancel line ${lineNumber}`} />
      <button type="submit" className="danger" disabled={pending}>Cancel line</button>
      <FieldError state={state} name="reason" />
      <Outcome state={state} />
    </form>
  );
}

export function CancelOrderForm({ orderId }: { orderId: number }) {
  const { state, onSubmit, pending } = useActionForm(cancelOrderAction);
  return (
    <form onSubmit={onSubmit} className="toolbar" aria-label="Cancel order" noValidate>
      <input type="hidden" name="orderId" value={orderId} />
      <label htmlFor="cancel-order-reason">Cancel the whole order</label>
      <input id="cancel-order-reason" name="reason" placeholder="Reason" />
      <button type="submit" className="danger" disabled={pending}>Cancel order</button>
      <FieldError state={state} name="reason" />
      <Outcome state={state} />
    </form>
  );
}

export function ReallocateForm({ itemId, warehouseId, label }: { itemId: number; warehouseId: number; label: string }) {
  const { state, onSubmit, pending } = useActionForm(reallocateAction);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label={`Reallocate ${label}`}>
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="warehouseId" value={warehouseId} />
      <button type="submit" disabled={pending}>Reallocate</button>
      <Outcome state={state} />
    </form>
  );
}

export type ConvertibleLine = { id: number; lineNumber: number; sku: string; uom: string; qty: string; remaining: string; unitPrice: string };

export function ConvertQuoteForm({ quoteId, lines, today }: { quoteId: number; lines: ConvertibleLine[]; today: string }) {
  const { state, onSubmit, pending } = useActionForm(convertQuoteAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Convert to order" noValidate>
      <input type="hidden" name="quoteId" value={quoteId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <table className="data compact" data-testid="convert-lines">
        <thead><tr><th>Convert</th><th>Line</th><th>Item</th><th className="num">Quoted</th><th className="num">Remaining (base)</th><th className="num">Unit price</th><th>Quantity (in quote unit; blank = all remaining)</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id}>
              <td><input type="checkbox" name="line" value={l.id} defaultChecked aria-label={`Convert line ${l.lineNumber}`} /></td>
              <td>{l.lineNumber}</td><td>{l.sku}</td><td className="num">{l.qty} {l.uom}</td><td className="num">{l.remaining}</td><td className="num">{l.unitPrice}</td>
              <td><input name={`qty-${l.id}`} inputMode="decimal" aria-label={`Quantity to convert, line ${l.lineNumber}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-grid">
        <Field state={state} name="orderDate" label="Order date"><input id="f-orderDate" name="orderDate" type="date" defaultValue={today} /></Field>
        <Field state={state} name="channel" label="Channel">
          <select id="f-channel" name="channel" defaultValue="phone"><option value="phone">Phone</option><option value="web">Web</option><option value="edi">EDI</option><option value="api">API</option></select>
        </Field>
        <Field state={state} name="customerPoNumber" label="Customer PO"><input id="f-customerPoNumber" name="customerPoNumber" /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Convert to order</button></div>
      <Outcome state={state} />
    </form>
  );
}

export type PickableLine = { orderLineId: number; lineNumber: number; sku: string; pickable: string };

export function PickListForm({ orderId, orderNumber, warehouseId, lines }: { orderId: number; orderNumber: string; warehouseId: number; lines: PickableLine[] }) {
  const { state, onSubmit, pending } = useActionForm(createPickListAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label={`Pick ${orderNumber}`} noValidate>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="warehouseId" value={warehouseId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <table className="data compact">
        <thead><tr><th>Line</th><th>Item</th><th className="num">Pickable</th><th>Pick (base units)</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.orderLineId}>
              <td>{l.lineNumber}</td><td>{l.sku}</td><td className="num">{l.pickable}</td>
              <td><input name={`pick-${l.orderLineId}`} defaultValue={l.pickable} inputMode="decimal" aria-label={`Pick quantity, ${orderNumber} line ${l.lineNumber}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Create pick list</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function PackForm({ shipmentId, carrier, packageCount }: { shipmentId: number; carrier: string; packageCount: number | null }) {
  const { state, onSubmit, pending } = useActionForm(packShipmentAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Pack" noValidate>
      <input type="hidden" name="shipmentId" value={shipmentId} />
      <div className="form-grid">
        <Field state={state} name="packageCount" label="Packages"><input id="f-packageCount" name="packageCount" inputMode="numeric" defaultValue={packageCount ?? 1} /></Field>
        <Field state={state} name="carrier" label="Carrier"><input id="f-carrier" name="carrier" defaultValue={carrier} /></Field>
      </div>
      <div className="form-actions"><button type="submit" disabled={pending}>Pack</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function ShipForm({ shipmentId, today }: { shipmentId: number; today: string }) {
  const { state, onSubmit, pending } = useActionForm(shipShipmentAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Ship" noValidate>
      <input type="hidden" name="shipmentId" value={shipmentId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="form-grid">
        <Field state={state} name="shipDate" label="Ship date"><input id="f-shipDate" name="shipDate" type="date" defaultValue={today} /></Field>
        <Field state={state} name="trackingNumber" label="Tracking number"><input id="f-trackingNumber" name="trackingNumber" /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Ship</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function CancelShipmentForm({ shipmentId }: { shipmentId: number }) {
  const { state, onSubmit, pending } = useActionForm(cancelShipmentAction);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label="Cancel pick list">
      <input type="hidden" name="shipmentId" value={shipmentId} />
      <button type="submit" className="danger" disabled={pending}>Cancel pick list</button>
      <Outcome state={state} />
    </form>
  );
}

export function InvoiceShipmentForm({ shipmentId, shipmentNumber, today }: { shipmentId: number; shipmentNumber: string; today: string }) {
  const { state, onSubmit, pending } = useActionForm(invoiceShipmentAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label={`Invoice ${shipmentNumber}`} noValidate>
      <input type="hidden" name="shipmentId" value={shipmentId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <input name="invoiceDate" type="date" defaultValue={today} aria-label={`Invoice date for ${shipmentNumber}`} />
      <button type="submit" className="primary" disabled={pending || key === ""}>Invoice</button>
      <FieldError state={state} name="invoiceDate" />
      <Outcome state={state} />
    </form>
  );
}

export function InvoiceBatchForm({ entityId, today }: { entityId: number; today: string }) {
  const { state, onSubmit, pending } = useActionForm(invoiceBatchAction);
  return (
    <form onSubmit={onSubmit} className="toolbar" aria-label="Invoice uninvoiced shipments" noValidate>
      <input type="hidden" name="entityId" value={entityId} />
      <label htmlFor="batch-invoice-date">Invoice date</label>
      <input id="batch-invoice-date" name="invoiceDate" type="date" defaultValue={today} />
      <button type="submit" disabled={pending}>Invoice all uninvoiced shipments</button>
      <FieldError state={state} name="invoiceDate" />
      <Outcome state={state} />
    </form>
  );
}

export type ApplicableInvoice = { id: number; invoiceNumber: string; dueDate: string; open: string };

export function ApplyUnappliedForm({ paymentId, invoices, today, unapplied }: { paymentId: number; invoices: ApplicableInvoice[]; today: string; unapplied: string }) {
  const { state, onSubmit, pending } = useActionForm(applyUnappliedAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Apply unapplied cash" noValidate>
      <input type="hidden" name="paymentId" value={paymentId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <p>Unapplied cash: <strong>{unapplied}</strong></p>
      <table className="data compact" data-testid="apply-invoices">
        <thead><tr><th>Invoice</th><th>Due</th><th className="num">Open</th><th>Apply</th></tr></thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id}>
              <td>{i.invoiceNumber}</td><td>{i.dueDate}</td><td className="num">{i.open}</td>
              <td><input name={`apply-${i.id}`} inputMode="decimal" aria-label={`Apply to ${i.invoiceNumber}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="applications" />
      <Field state={state} name="appliedDate" label="Applied on"><input id="f-appliedDate" name="appliedDate" type="date" defaultValue={today} /></Field>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Apply</button></div>
      <Outcome state={state} />
    </form>
  );
}

export type ReturnableLine = { invoiceLineId: number; lineNumber: number; description: string; invoiced: string };

const REASON_CODES = [["damaged", "Damaged"], ["wrong_item", "Wrong item"], ["not_needed", "No longer needed"], ["defective", "Defective"], ["other", "Other"]] as const;

export function RequestReturnForm({ invoiceId, invoiceNumber, lines, warehouses }: { invoiceId: number; invoiceNumber: string; lines: ReturnableLine[]; warehouses: { id: number; code: string }[] }) {
  const { state, onSubmit, pending } = useActionForm(requestReturnAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label={`Request a return on ${invoiceNumber}`} noValidate>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <table className="data compact" data-testid="returnable-lines">
        <thead><tr><th>Line</th><th>Item</th><th className="num">Invoiced (base)</th><th>Return (base units)</th><th>Reason</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.invoiceLineId}>
              <td>{l.lineNumber}</td><td>{l.description}</td><td className="num">{l.invoiced}</td>
              <td><input name={`qty-${l.invoiceLineId}`} inputMode="decimal" aria-label={`Return quantity, line ${l.lineNumber}`} /></td>
              <td>
                <select name={`reason-${l.invoiceLineId}`} aria-label={`Reason, line ${l.lineNumber}`} defaultValue="damaged">
                  {REASON_CODES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-grid">
        <Field state={state} name="warehouseId" label="Return to warehouse">
          <select id="f-warehouseId" name="warehouseId" defaultValue={warehouses[0]?.id ?? ""}>{warehouses.map((w) => <option key={w.id} value={w.id}>{w.code}</option>)}</select>
        </Field>
        <Field state={state} name="reason" label="Reason for the return"><input id="f-reason" name="reason" /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Request return</button></div>
      <Outcome state={state} />
    </form>
  );
}

export type ReceivableReturnLine = { returnLineId: number; sku: string; authorized: string; received: string };

export function ReceiveReturnForm({ rmaId, lines, today }: { rmaId: number; lines: ReceivableReturnLine[]; today: string }) {
  const { state, onSubmit, pending } = useActionForm(receiveReturnAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Receive return" noValidate>
      <input type="hidden" name="rmaId" value={rmaId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <table className="data compact" data-testid="receive-lines">
        <thead><tr><th>Item</th><th className="num">Authorized</th><th className="num">Received so far</th><th>Received now (base units)</th><th>Inspection</th><th>Note</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.returnLineId}>
              <td>{l.sku}</td><td className="num">{l.authorized}</td><td className="num">{l.received}</td>
              <td><input name={`received-${l.returnLineId}`} inputMode="decimal" aria-label={`Received quantity, ${l.sku}`} /></td>
              <td>
                <select name={`disposition-${l.returnLineId}`} aria-label={`Disposition, ${l.sku}`} defaultValue="restock">
                  <option value="restock">Restock</option><option value="scrap">Scrap</option><option value="return_to_supplier">Return to supplier</option>
                </select>
              </td>
              <td><input name={`note-${l.returnLineId}`} aria-label={`Inspection note, ${l.sku}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <Field state={state} name="receivedDate" label="Received on"><input id="f-receivedDate" name="receivedDate" type="date" defaultValue={today} /></Field>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Receive</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function CreditMemoForm({ rmaId, today }: { rmaId: number; today: string }) {
  const { state, onSubmit, pending } = useActionForm(issueCreditMemoAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="toolbar" aria-label="Issue credit memo" noValidate>
      <input type="hidden" name="rmaId" value={rmaId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <label htmlFor="credit-date">Credit date</label>
      <input id="credit-date" name="creditDate" type="date" defaultValue={today} />
      <button type="submit" className="primary" disabled={pending || key === ""}>Issue credit memo</button>
      <FieldError state={state} name="creditDate" />
      <Outcome state={state} />
    </form>
  );
}
