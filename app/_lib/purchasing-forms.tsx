"use client";
// The forms of the procure-to-pay, transfer and count pages: each posts FormData to one server
// action and shows the command's refusal beside its field, or the confirmation. Forms that create
// a document carry an idempotency key made when the form appears, so a double click makes one.
import { useState } from "react";
import { Field, FieldError, Outcome, useActionForm, useIdempotencyKey } from "./action-form";
import { countStepAction, createCountAction, createTransferAction, transferStepAction } from "./purchasing-inventory-actions";
import {
  cancelPurchaseOrderAction, confirmPurchaseOrderLineAction, createPurchaseOrderAction, receivePurchaseOrderAction, submitPurchaseOrderAction,
} from "./purchasing-order-actions";
import { addLandedCostAction, enterSupplierInvoiceAction, paymentRunStepAction, proposePaymentRunAction, resolveMatchExceptionAction } from "./purchasing-payables-actions";

type Choice = { id: number; code: string; name: string };

export const PO_FORM_ROWS = 8;

export function NewPurchaseOrderForm({ entityId, supplierId, currency, warehouses, today }: { entityId: number; supplierId: number; currency: string; warehouses: Choice[]; today: string }) {
  const { state, onSubmit, pending } = useActionForm(createPurchaseOrderAction);
  const key = useIdempotencyKey(state);
  const [rows, setRows] = useState(3);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="New purchase order" noValidate>
      <input type="hidden" name="entityId" value={entityId} />
      <input type="hidden" name="supplierId" value={supplierId} />
      <input type="hidden" name="currency" value={currency} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="form-grid">
        <Field state={state} name="warehouseId" label="Receiving warehouse">
          <select id="f-warehouseId" name="warehouseId" defaultValue="">
            <option value="">Choose…</option>
            {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} {w.name}</option>)}
          </select>
        </Field>
        <Field state={state} name="orderDate" label="Order date"><input id="f-orderDate" name="orderDate" type="date" defaultValue={today} /></Field>
        <Field state={state} name="note" label="Note"><input id="f-note" name="note" /></Field>
      </div>
      <table className="data compact" data-testid="po-entry-lines">
        <thead><tr><th>Line</th><th>Item SKU</th><th>Quantity</th><th>Unit (blank = purchase unit)</th><th>Unit price {currency} (blank = supplier price)</th><th>Expected (blank = lead time)</th></tr></thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => i + 1).map((n) => (
            <tr key={n}>
              <td>{n}</td>
              <td><input name={`sku-${n}`} aria-label={`Item, line ${n}`} /></td>
              <td><input name={`qty-${n}`} inputMode="decimal" aria-label={`Quantity, line ${n}`} /></td>
              <td><input name={`uom-${n}`} size={5} aria-label={`Unit, line ${n}`} /></td>
              <td><input name={`price-${n}`} inputMode="decimal" aria-label={`Unit price, line ${n}`} /></td>
              <td><input name={`expected-${n}`} type="date" aria-label={`Expected date, line ${n}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-actions">
        {rows < PO_FORM_ROWS ? <button type="button" onClick={() => setRows(rows + 1)}>Add line</button> : null}
        <button type="submit" className="primary" disabled={pending || key === ""}>Create purchase order</button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function SubmitPurchaseOrderForm({ purchaseOrderId }: { purchaseOrderId: number }) {
  const { state, onSubmit, pending } = useActionForm(submitPurchaseOrderAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label="Submit for approval">
      <input type="hidden" name="purchaseOrderId" value={purchaseOrderId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <button type="submit" className="primary" disabled={pending || key === ""}>Submit for approval</button>
      <Outcome state={state} />
    </form>
  );
}

export function ConfirmLineForm({ lineId, lineNumber }: { lineId: number; lineNumber: number }) {
  const { state, onSubmit, pending } = useActionForm(confirmPurchaseOrderLineAction);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label={`Confirm line ${lineNumber}`} noValidate>
      <input type="hidden" name="purchaseOrderLineId" value={lineId} />
      <input name="confirmedDate" type="date" aria-label={`Confirmed date, line ${lineNumber}`} />
      <input name="confirmedQty" inputMode="decimal" size={6} placeholder="Qty" aria-label={`Confirmed quantity, line ${lineNumber}`} />
      <button type="submit" disabled={pending}>Confirm</button>
      <FieldError state={state} name="confirmedDate" />
      <FieldError state={state} name="confirmedQty" />
      <Outcome state={state} />
    </form>
  );
}

export function CancelPurchaseOrderForm({ purchaseOrderId }: { purchaseOrderId: number }) {
  const { state, onSubmit, pending } = useActionForm(cancelPurchaseOrderAction);
  return (
    <form onSubmit={onSubmit} className="toolbar" aria-label="Cancel purchase order" noValidate>
      <input type="hidden" name="purchaseOrderId" value={purchaseOrderId} />
      <label htmlFor="cancel-po-reason">Cancel what is still open</label>
      <input id="cancel-po-reason" name="reason" placeholder="Reason" />
      <button type="submit" className="danger" disabled={pending}>Cancel order</button>
      <FieldError state={state} name="reason" />
      <Outcome state={state} />
    </form>
  );
}

export type ReceivableLine = { lineId: number; itemId: number; lineNumber: number; sku: string; description: string; uom: string; openQty: string; dueDate: string };

export function ReceiveForm({ purchaseOrderId, poNumber, warehouseId, today, lines }: { purchaseOrderId: number; poNumber: string; warehouseId: number; today: string; lines: ReceivableLine[] }) {
  const { state, onSubmit, pending } = useActionForm(receivePurchaseOrderAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label={`Receive ${poNumber}`} noValidate>
      <input type="hidden" name="purchaseOrderId" value={purchaseOrderId} />
      <input type="hidden" name="warehouseId" value={warehouseId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <table className="data compact" data-testid={`receive-lines-${poNumber}`}>
        <thead><tr><th>Line</th><th>Item</th><th>Due</th><th className="num">Open</th><th>Unit</th><th>Received now</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.lineId}>
              <td>{l.lineNumber}<input type="hidden" name="lineId" value={l.lineId} /><input type="hidden" name={`item-${l.lineId}`} value={l.itemId} /></td>
              <td>{l.sku} <span className="muted">{l.description}</span></td>
              <td>{l.dueDate}</td>
              <td className="num">{l.openQty}</td>
              <td>{l.uom}</td>
              <td><input name={`qty-${l.lineId}`} inputMode="decimal" size={8} aria-label={`Received quantity, ${poNumber} line ${l.lineNumber}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-grid">
        <Field state={state} name="receiptDate" label="Receipt date"><input id={`f-receiptDate-${purchaseOrderId}`} name="receiptDate" type="date" defaultValue={today} aria-label={`Receipt date, ${poNumber}`} /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Receive</button></div>
      <Outcome state={state} />
    </form>
  );
}

export type InvoiceableRow = { lineId: number; lineNumber: number; sku: string; receivedNotInvoiced: string; price: string };

export function EnterInvoiceForm({ entityId, supplierId, currency, today, lines }: { entityId: number; supplierId: number; currency: string; today: string; lines: InvoiceableRow[] }) {
  const { state, onSubmit, pending } = useActionForm(enterSupplierInvoiceAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Enter supplier invoice" noValidate>
      <input type="hidden" name="entityId" value={entityId} />
      <input type="hidden" name="supplierId" value={supplierId} />
      <input type="hidden" name="currency" value={currency} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="form-grid">
        <Field state={state} name="supplierInvoiceRef" label="Supplier's invoice number"><input id="f-supplierInvoiceRef" name="supplierInvoiceRef" /></Field>
        <Field state={state} name="invoiceDate" label="Invoice date"><input id="f-invoiceDate" name="invoiceDate" type="date" defaultValue={today} /></Field>
        <Field state={state} name="tax" label={`Tax (${currency})`}><input id="f-tax" name="tax" inputMode="decimal" /></Field>
      </div>
      <table className="data compact" data-testid="invoice-entry-lines">
        <thead><tr><th>PO line</th><th>Item</th><th className="num">Received, not invoiced (base)</th><th>Invoiced quantity (base)</th><th>Price per base unit ({currency})</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.lineId}>
              <td>{l.lineNumber}<input type="hidden" name="lineId" value={l.lineId} /></td>
              <td>{l.sku}</td>
              <td className="num">{l.receivedNotInvoiced}</td>
              <td><input name={`qty-${l.lineId}`} inputMode="decimal" size={8} defaultValue={l.receivedNotInvoiced === "0" ? "" : l.receivedNotInvoiced} aria-label={`Invoiced quantity, line ${l.lineNumber}`} /></td>
              <td><input name={`price-${l.lineId}`} inputMode="decimal" size={10} defaultValue={l.price} aria-label={`Invoiced price, line ${l.lineNumber}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Enter invoice</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function ResolveMatchForm({ invoiceId }: { invoiceId: number }) {
  const { state, onSubmit, pending } = useActionForm(resolveMatchExceptionAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Resolve match exception" noValidate>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <Field state={state} name="reason" label="Reason"><textarea id="f-reason" name="reason" rows={2} /></Field>
      <div className="form-actions">
        <button type="submit" name="decision" value="accept" className="primary" disabled={pending}>Accept and post</button>
        <button type="submit" name="decision" value="reject" className="danger" disabled={pending}>Reject (void)</button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function LandedCostForm({ receiptId, currency, method, amount }: { receiptId: number; currency: string; method: string; amount: string }) {
  const { state, onSubmit, pending } = useActionForm(addLandedCostAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Post landed cost" noValidate>
      <input type="hidden" name="receiptId" value={receiptId} />
      <input type="hidden" name="currency" value={currency} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="form-grid">
        <Field state={state} name="kind" label="Charge">
          <select id="f-kind" name="kind" defaultValue="freight"><option value="freight">Freight</option><option value="duty">Duty</option><option value="handling">Handling</option><option value="insurance">Insurance</option></select>
        </Field>
        <Field state={state} name="method" label="Allocate by">
          <select id="f-method" name="method" defaultValue={method}><option value="value">Value</option><option value="weight">Weight</option><option value="quantity">Quantity</option></select>
        </Field>
        <Field state={state} name="amount" label={`Amount (${currency})`}><input id="f-amount" name="amount" inputMode="decimal" defaultValue={amount} /></Field>
        <Field state={state} name="source" label="Source">
          <select id="f-source" name="source" defaultValue="estimate"><option value="estimate">Estimate (landed cost clearing)</option><option value="invoiced">Invoiced (supplier invoice, AP)</option></select>
        </Field>
        <Field state={state} name="supplierInvoiceRef" label="Invoice number (invoiced only)"><input id="f-supplierInvoiceRef" name="supplierInvoiceRef" /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Post landed cost</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function ProposePaymentRunForm({ entityId, today, currency }: { entityId: number; today: string; currency: string }) {
  const { state, onSubmit, pending } = useActionForm(proposePaymentRunAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Propose payment run" noValidate>
      <input type="hidden" name="entityId" value={entityId} />
      <div className="form-grid">
        <Field state={state} name="paymentDate" label="Payment date"><input id="f-paymentDate" name="paymentDate" type="date" defaultValue={today} /></Field>
        <Field state={state} name="dueThrough" label="Invoices due through"><input id="f-dueThrough" name="dueThrough" type="date" defaultValue={today} /></Field>
        <Field state={state} name="currency" label="Currency"><input id="f-currency" name="currency" defaultValue={currency} size={4} /></Field>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending}>Propose run</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function PaymentRunStepForm({ runId, status }: { runId: number; status: string }) {
  const { state, onSubmit, pending } = useActionForm(paymentRunStepAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Payment run" noValidate>
      <input type="hidden" name="runId" value={runId} />
      <div className="form-actions">
        {status === "proposed" ? <button type="submit" name="step" value="submit" className="primary" disabled={pending}>Submit for approval</button> : null}
        {status === "approved" ? <button type="submit" name="step" value="execute" className="primary" disabled={pending}>Execute payments</button> : null}
        {status === "proposed" || status === "approved" ? <><input name="reason" placeholder="Reason to cancel" aria-label="Reason to cancel" /><button type="submit" name="step" value="cancel" className="danger" disabled={pending}>Cancel run</button></> : null}
      </div>
      <FieldError state={state} name="reason" />
      <Outcome state={state} />
    </form>
  );
}

export function NewTransferForm({ entityId, warehouses, today }: { entityId: number; warehouses: Choice[]; today: string }) {
  const { state, onSubmit, pending } = useActionForm(createTransferAction);
  const key = useIdempotencyKey(state);
  const options = warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} {w.name}</option>);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="New transfer" noValidate>
      <input type="hidden" name="entityId" value={entityId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="form-grid">
        <Field state={state} name="fromWarehouseId" label="From warehouse"><select id="f-fromWarehouseId" name="fromWarehouseId" defaultValue=""><option value="">Choose…</option>{options}</select></Field>
        <Field state={state} name="toWarehouseId" label="To warehouse"><select id="f-toWarehouseId" name="toWarehouseId" defaultValue=""><option value="">Choose…</option>{options}</select></Field>
        <Field state={state} name="expectedDate" label="Expected date"><input id="f-expectedDate" name="expectedDate" type="date" defaultValue={today} /></Field>
      </div>
      <table className="data compact">
        <thead><tr><th>Line</th><th>Item SKU</th><th>Quantity (base units)</th></tr></thead>
        <tbody>
          {[1, 2, 3].map((n) => (
            <tr key={n}><td>{n}</td><td><input name={`sku-${n}`} aria-label={`Transfer item, line ${n}`} /></td><td><input name={`qty-${n}`} inputMode="decimal" aria-label={`Transfer quantity, line ${n}`} /></td></tr>
          ))}
        </tbody>
      </table>
      <FieldError state={state} name="lines" />
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Create transfer</button></div>
      <Outcome state={state} />
    </form>
  );
}

export type TransferLineInput = { itemId: number; sku: string; open: string };

export function TransferStepForm({ transferOrderId, status, today, lines }: { transferOrderId: number; status: string; today: string; lines: TransferLineInput[] }) {
  const { state, onSubmit, pending } = useActionForm(transferStepAction);
  const key = useIdempotencyKey(state);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Transfer" noValidate>
      <input type="hidden" name="transferOrderId" value={transferOrderId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      {status === "draft" ? (
        <div className="form-grid">
          <Field state={state} name="shipDate" label="Ship date"><input id="f-shipDate" name="shipDate" type="date" defaultValue={today} /></Field>
        </div>
      ) : null}
      {status === "shipped" || status === "partially_received" ? (
        <>
          <table className="data compact" data-testid="transfer-receive-lines">
            <thead><tr><th>Item</th><th className="num">In transit</th><th>Received now</th></tr></thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.itemId}><td>{l.sku}<input type="hidden" name="itemId" value={l.itemId} /></td><td className="num">{l.open}</td>
                  <td><input name={`qty-${l.itemId}`} inputMode="decimal" defaultValue={l.open} aria-label={`Received quantity, ${l.sku}`} /></td></tr>
              ))}
            </tbody>
          </table>
          <FieldError state={state} name="lines" />
          <div className="form-grid"><Field state={state} name="receiptDate" label="Receipt date"><input id="f-receiptDate" name="receiptDate" type="date" defaultValue={today} /></Field></div>
        </>
      ) : null}
      <div className="form-actions">
        {status === "draft" ? <button type="submit" name="step" value="ship" className="primary" disabled={pending || key === ""}>Ship</button> : null}
        {status === "shipped" || status === "partially_received" ? <button type="submit" name="step" value="receive" className="primary" disabled={pending || key === ""}>Receive</button> : null}
        {status === "draft" ? <><input name="reason" placeholder="Reason to cancel" aria-label="Reason to cancel" /><button type="submit" name="step" value="cancel" className="danger" disabled={pending}>Cancel</button></> : null}
      </div>
      <FieldError state={state} name="reason" />
      <Outcome state={state} />
    </form>
  );
}

export function NewCountForm({ entityId, currency, warehouses, today }: { entityId: number; currency: string; warehouses: Choice[]; today: string }) {
  const { state, onSubmit, pending } = useActionForm(createCountAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="New count" noValidate>
      <input type="hidden" name="entityId" value={entityId} />
      <input type="hidden" name="currency" value={currency} />
      <div className="form-grid">
        <Field state={state} name="warehouseId" label="Count warehouse">
          <select id="f-warehouseId" name="warehouseId" defaultValue=""><option value="">Choose…</option>{warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} {w.name}</option>)}</select>
        </Field>
        <Field state={state} name="abcClass" label="ABC class">
          <select id="f-abcClass" name="abcClass" defaultValue=""><option value="">Any (or the SKUs named)</option><option value="A">A</option><option value="B">B</option><option value="C">C</option></select>
        </Field>
        <Field state={state} name="skus" label="SKUs (optional, comma separated)"><input id="f-skus" name="skus" /></Field>
        <Field state={state} name="countDate" label="Count date"><input id="f-countDate" name="countDate" type="date" defaultValue={today} /></Field>
        <Field state={state} name="tolerance" label={`Tolerance per line (${currency})`}><input id="f-tolerance" name="tolerance" inputMode="decimal" defaultValue="50" /></Field>
        <div className="form-field"><label><input type="checkbox" name="blind" defaultChecked /> Blind count</label></div>
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending}>Create count list</button></div>
      <Outcome state={state} />
    </form>
  );
}

export type CountLineInput = { itemId: number; sku: string; description: string; counted: string | null };

export function CountEntryForm({ countId, status, canPost, lines }: { countId: number; status: string; canPost: boolean; lines: CountLineInput[] }) {
  const { state, onSubmit, pending } = useActionForm(countStepAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Count entry" noValidate>
      <input type="hidden" name="countId" value={countId} />
      {status === "open" ? (
        <table className="data compact" data-testid="count-entry">
          <thead><tr><th>Item</th><th>Counted (base units)</th></tr></thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.itemId}><td>{l.sku} <span className="muted">{l.description}</span><input type="hidden" name="itemId" value={l.itemId} /></td>
                <td><input name={`counted-${l.itemId}`} inputMode="decimal" defaultValue={l.counted ?? ""} aria-label={`Counted, ${l.sku}`} /></td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <FieldError state={state} name="lines" />
      {status === "variance_review" && canPost ? <div className="form-grid"><Field state={state} name="note" label="Review note"><input id="f-note" name="note" /></Field></div> : null}
      <div className="form-actions">
        {status === "open" ? <button type="submit" name="step" value="save" disabled={pending}>Save counts</button> : null}
        {status === "open" ? <button type="submit" name="step" value="submit" className="primary" disabled={pending}>Submit count</button> : null}
        {status === "variance_review" && canPost ? <button type="submit" name="step" value="post" className="primary" disabled={pending}>Post count</button> : null}
      </div>
      <Outcome state={state} />
    </form>
  );
}
