"use client";
// Receiving a customer payment: pick the customer, type the amount, currency, method and
// reference, and how much of it goes to each open invoice; what is not applied stays on the
// payment as unapplied cash (an over-payment).
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { INITIAL_ACTION_STATE } from "./governance-action-types";
import { openInvoicesAction, receivePaymentAction, type OpenInvoiceOption } from "./sales-cash-actions";
import { Outcome } from "./action-form";
import { customerContextAction, searchCustomersAction } from "./sales-order-actions";
import type { CustomerOption } from "./sales-types";

const METHODS = [["ach", "ACH"], ["wire", "Wire"], ["check", "Check"], ["card", "Card"], ["cash", "Cash"]] as const;

function CustomerField({ customer, error, onPick }: { customer: CustomerOption | null; error: string | null; onPick: (c: CustomerOption | null) => void }) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<CustomerOption[]>([]);
  const search = (text: string) => {
    setQuery(text);
    if (text.trim() === "") return setResults([]);
    searchCustomersAction(text).then(setResults, () => setResults([]));
  };
  return (
    <div className={error ? "form-field has-error" : "form-field"}>
      <label htmlFor="payment-customer">Customer</label>
      {customer ? (
        <div className="inline-form"><strong data-testid="payment-customer">{customer.code} {customer.name}</strong><button type="button" onClick={() => onPick(null)}>Change</button></div>
      ) : (
        <>
          <input id="payment-customer" type="search" autoComplete="off" value={query} onChange={(e) => search(e.target.value)} placeholder="Code or name" />
          {results.length > 0 ? (
            <ul className="pick-list" data-testid="customer-results">
              {results.map((c) => <li key={c.id}><button type="button" onClick={() => { onPick(c); setResults([]); setQuery(""); }}>{c.code} {c.name} <span className="muted">({c.entityCode}, {c.currency})</span></button></li>)}
            </ul>
          ) : null}
        </>
      )}
      {error ? <p className="field-error" role="alert" data-testid="error-customerId">{error}</p> : null}
    </div>
  );
}

/** The customer's open invoices with an amount to apply to each. */
function OpenInvoices({ invoices }: { invoices: OpenInvoiceOption[] }) {
  if (invoices.length === 0) return <p className="muted" data-testid="no-open-invoices">The customer has no open invoices: the whole payment stays unapplied.</p>;
  return (
    <table className="data compact" data-testid="open-invoices">
      <thead><tr><th>Invoice</th><th>Date</th><th>Due</th><th className="num">Total</th><th className="num">Open</th><th>Currency</th><th>Apply</th></tr></thead>
      <tbody>
        {invoices.map((i) => (
          <tr key={i.id}>
            <td>{i.invoiceNumber}</td><td>{i.invoiceDate}</td><td>{i.dueDate}</td><td className="num">{i.total}</td><td className="num">{i.open}</td><td>{i.currency}</td>
            <td><input name={`apply-${i.id}`} inputMode="decimal" aria-label={`Apply to ${i.invoiceNumber}`} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReceivePaymentForm({ currencies, defaultCurrency, initialCustomer, today }: { currencies: string[]; defaultCurrency: string; initialCustomer: CustomerOption | null; today: string }) {
  const [state, dispatch, pending] = useActionState(receivePaymentAction, INITIAL_ACTION_STATE);
  const [customer, setCustomer] = useState<CustomerOption | null>(initialCustomer);
  const [invoices, setInvoices] = useState<OpenInvoiceOption[]>([]);
  const [currency, setCurrency] = useState(initialCustomer?.currency ?? defaultCurrency);
  const [date, setDate] = useState(today);
  const [key, setKey] = useState("");
  useEffect(() => setKey(crypto.randomUUID()), []);
  useEffect(() => {
    if (!customer) return setInvoices([]);
    let live = true;
    openInvoicesAction(customer.id).then((rows) => { if (live) setInvoices(rows); }, () => { if (live) setInvoices([]); });
    customerContextAction(customer.id).then((ctx) => { if (live) { setCurrency(ctx.customer.currency); setDate(ctx.today); } }, () => {});
    return () => { live = false; };
  }, [customer]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  const error = (name: string) => state.fieldErrors[name] ? <p className="field-error" role="alert" data-testid={`error-${name}`}>{state.fieldErrors[name]}</p> : null;
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Receive a payment" noValidate>
      <input type="hidden" name="customerId" value={customer?.id ?? ""} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="form-grid">
        <CustomerField customer={customer} error={state.fieldErrors.customerId ?? null} onPick={setCustomer} />
        <div className={state.fieldErrors.amount ? "form-field has-error" : "form-field"}>
          <label htmlFor="payment-amount">Amount</label>
          <input id="payment-amount" name="amount" inputMode="decimal" />
          {error("amount")}
        </div>
        <div className={state.fieldErrors.currency ? "form-field has-error" : "form-field"}>
          <label htmlFor="payment-currency">Currency</label>
          <select id="payment-currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          {error("currency")}
        </div>
        <div className="form-field">
          <label htmlFor="payment-method">Method</label>
          <select id="payment-method" name="method" defaultValue="ach">{METHODS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}</select>
          {error("method")}
        </div>
        <div className="form-field">
          <label htmlFor="payment-reference">Reference</label>
          <input id="payment-reference" name="reference" />
          {error("reference")}
        </div>
        <div className={state.fieldErrors.receivedDate ? "form-field has-error" : "form-field"}>
          <label htmlFor="payment-date">Received on</label>
          <input id="payment-date" name="receivedDate" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          {error("receivedDate")}
        </div>
      </div>
      {customer ? <OpenInvoices invoices={invoices} /> : null}
      {error("applications")}
      <p className="muted">What is not applied stays on the payment as unapplied cash, to apply later.</p>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending || key === ""}>Receive payment</button></div>
      <Outcome state={state} />
    </form>
  );
}
