"use client";
// Order entry (and the new-quote form, which shares its customer and line editor): customer
// search, ship-to, channel, PO; lines by SKU search with warehouse, unit and quantity; "Check"
// shows price, margin, ATP and credit before anything is written; "Enter order" enters it and
// shows the result with its holds and proposals. One idempotency key per form, so a double
// submit enters one order.
import { useEffect, useRef, useState, useTransition } from "react";
import { checkOrderAction, createQuoteAction, customerContextAction, enterOrderAction, searchCustomersAction, searchItemsAction } from "./sales-order-actions";
import { OrderResult } from "./sales-order-result";
import type { CheckLine, CheckResult, CreditView, CustomerContext, CustomerOption, EntryPayload, EntryState, ItemOption, OrderView } from "./sales-types";

const CHANNELS = [["phone", "Phone"], ["web", "Web"], ["edi", "EDI"], ["api", "API"]] as const;
const SEARCH_DELAY_MS = 250;

type LineState = { key: number; query: string; results: ItemOption[]; item: ItemOption | null; warehouseId: string; uom: string; qty: string; price: string };

function blankLine(key: number): LineState {
  return { key, query: "", results: [], item: null, warehouseId: "", uom: "", qty: "", price: "" };
}

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/** Runs a search a moment after the user stops typing; the latest answer wins. */
function useDebouncedSearch<T>(search: (q: string) => Promise<T[]>, onResults: (rows: T[]) => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);
  return (query: string) => {
    if (timer.current) clearTimeout(timer.current);
    const ticket = ++latest.current;
    timer.current = setTimeout(() => {
      if (query.trim() === "") return onResults([]);
      search(query).then((rows) => { if (ticket === latest.current) onResults(rows); }, () => onResults([]));
    }, SEARCH_DELAY_MS);
  };
}

function FieldError({ errors, name }: { errors: Record<string, string>; name: string }) {
  const message = errors[name];
  return message ? <p className="field-error" role="alert" data-testid={`error-${name}`}>{message}</p> : null;
}

function CustomerPicker({ context, onPick, onClear, errors }: { context: CustomerContext | null; onPick: (c: CustomerOption) => void; onClear: () => void; errors: Record<string, string> }) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<CustomerOption[]>([]);
  const search = useDebouncedSearch(searchCustomersAction, setResults);
  if (context) {
    const c = context.customer;
    return (
      <div className="form-field">
        <label>Customer</label>
        <div className="inline-form">
          <strong data-testid="chosen-customer">{c.code} {c.name}</strong>
          <span className="muted">{c.entityCode} · {c.tier} · {c.currency} · terms {c.paymentTermCode} · limit {c.creditLimit}</span>
          <button type="button" onClick={onClear}>Change</button>
        </div>
      </div>
    );
  }
  return (
    <div className={errors.customerId ? "form-field has-error" : "form-field"}>
      <label htmlFor="customer-search">Customer</label>
      <input id="customer-search" type="search" autoComplete="off" placeholder="Code, name, e-mail or city" value={query}
        onChange={(e) => { setQuery(e.target.value); search(e.target.value); }} />
      {results.length > 0 ? (
        <ul className="pick-list" data-testid="customer-results">
          {results.map((c) => (
            <li key={c.id}><button type="button" onClick={() => { onPick(c); setResults([]); setQuery(""); }}>{c.code} {c.name} <span className="muted">({c.entityCode}, {c.tier}, {c.currency})</span></button></li>
          ))}
        </ul>
      ) : null}
      <FieldError errors={errors} name="customerId" />
    </div>
  );
}

function ItemCell({ line, index, onChange }: { line: LineState; index: number; onChange: (patch: Partial<LineState>) => void }) {
  const search = useDebouncedSearch(searchItemsAction, (results) => onChange({ results }));
  if (line.item) {
    return (
      <div className="inline-form">
        <span data-testid={`line-${index + 1}-item`}>{line.item.sku} <span className="muted">{line.item.description}</span></span>
        <button type="button" onClick={() => onChange({ item: null, uom: "", query: "", results: [] })} aria-label={`Change item, line ${index + 1}`}>Change</button>
      </div>
    );
  }
  return (
    <div>
      <input type="search" autoComplete="off" placeholder="SKU or description" aria-label={`Item, line ${index + 1}`} value={line.query}
        onChange={(e) => { onChange({ query: e.target.value }); search(e.target.value); }} />
      {line.results.length > 0 ? (
        <ul className="pick-list" data-testid={`item-results-${index + 1}`}>
          {line.results.map((item) => (
            <li key={item.id}>
              <button type="button" onClick={() => {
                const uom = item.salesUom && item.units.some((u) => u.uom === item.salesUom) ? item.salesUom : item.baseUom;
                onChange({ item, uom, results: [], query: "" });
              }}>{item.sku} <span className="muted">{item.description}</span></button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function LineRow({ line, index, position, context, errors, check, onChange, onRemove }: {
  line: LineState; index: number; position: number; context: CustomerContext | null; errors: Record<string, string>; check: CheckLine | undefined;
  onChange: (patch: Partial<LineState>) => void; onRemove: () => void;
}) {
  const n = index + 1;
  const lineError = position < 0 ? "" : Object.entries(errors).filter(([field]) => field.startsWith(`lines.${position}.`)).map(([, message]) => message).join("; ");
  return (
    <>
      <tr data-testid={`entry-line-${n}`}>
        <td>{n}</td>
        <td><ItemCell line={line} index={index} onChange={onChange} /></td>
        <td>
          <select aria-label={`Warehouse, line ${n}`} value={line.warehouseId} onChange={(e) => onChange({ warehouseId: e.target.value })}>
            <option value="">Most free stock</option>
            {(context?.warehouses ?? []).map((w) => <option key={w.id} value={w.id}>{w.code} {w.name}</option>)}
          </select>
        </td>
        <td>
          <select aria-label={`Unit, line ${n}`} value={line.uom} onChange={(e) => onChange({ uom: e.target.value })}>
            {line.item ? line.item.units.map((u) => <option key={u.uom} value={u.uom}>{u.uom}{u.baseQtyPerUnit === "1" ? "" : ` (${u.baseQtyPerUnit.replace(/\.?0+$/, "")} ${line.item!.baseUom})`}</option>) : <option value="">—</option>}
          </select>
        </td>
        <td><input className="qty-input" inputMode="decimal" aria-label={`Quantity, line ${n}`} value={line.qty} onChange={(e) => onChange({ qty: e.target.value })} /></td>
        <td><input className="qty-input" inputMode="decimal" placeholder="resolved" aria-label={`Unit price override, line ${n}`} value={line.price} onChange={(e) => onChange({ price: e.target.value })} /></td>
        <td><button type="button" onClick={onRemove} aria-label={`Remove line ${n}`}>Remove</button></td>
      </tr>
      {lineError ? <tr><td /><td colSpan={6}><p className="field-error" role="alert" data-testid={`error-line-${n}`}>{lineError}</p></td></tr> : null}
      {check ? <tr className="check-row"><td /><td colSpan={6}><LineCheckView check={check} n={n} /></td></tr> : null}
    </>
  );
}

function LineCheckView({ check, n }: { check: CheckLine; n: number }) {
  return (
    <div className="check-line" data-testid={`check-line-${n}`}>
      {check.error ? <p className="form-error">{check.error}</p> : null}
      {check.price ? (
        <p data-testid={`check-price-${n}`}>
          Price <strong>{check.price.unitPrice}</strong> from <strong data-testid={`check-source-${n}`}>{check.price.source.replaceAll("_", " ")}</strong> ({check.price.sourceRef}),
          list {check.price.listPrice}, line {check.price.lineValue}. Margin <strong data-testid={`check-margin-${n}`}>{check.price.margin}</strong> vs floor {check.price.marginFloor}
          {check.price.belowFloor ? <span className="badge status-rejected"> below floor: needs approval</span> : <span className="badge status-approved"> above floor</span>}
          <span className="muted"> (cost {check.price.unitCost} per base unit, {check.price.costBasis.replaceAll("_", " ")})</span>
        </p>
      ) : null}
      {check.atp ? (
        <table className="data compact" data-testid={`check-atp-${n}`}>
          <thead><tr><th>Warehouse</th><th className="num">On hand</th><th className="num">Allocated</th><th className="num">Backordered ahead</th><th className="num">Available now</th><th className="num">Can ship today</th><th>Promise date</th><th>Scheduled receipts</th></tr></thead>
          <tbody>
            {check.atp.warehouses.map((w) => (
              <tr key={w.warehouseCode}>
                <td>{w.warehouseCode}</td><td className="num">{w.onHand}</td><td className="num">{w.allocated}</td><td className="num">{w.backorderedAhead}</td>
                <td className="num">{w.availableNow}</td><td className="num">{w.canShipToday}</td><td>{w.promiseDate ?? "no date"}</td>
                <td>{w.receipts.map((r) => `${r.date}: ${r.qty} (${r.documentNumber})`).join("; ") || "—"}</td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><th colSpan={8}>For {check.atp.baseQty} {check.atp.baseUom}: best {check.atp.best ?? "no warehouse can promise it"}</th></tr></tfoot>
        </table>
      ) : null}
    </div>
  );
}

function CreditPanel({ credit }: { credit: CreditView }) {
  return (
    <section className={credit.onHold ? "card credit-panel on-hold" : "card credit-panel"} data-testid="credit-status">
      <h2>Credit {credit.onHold ? <span className="badge status-rejected">would go on credit hold</span> : <span className="badge status-approved">within limit</span>}</h2>
      <dl className="kv-grid">
        <div className="kv"><dt>Credit limit</dt><dd data-testid="credit-limit">{credit.limit}</dd></div>
        <div className="kv"><dt>Open AR</dt><dd>{credit.openAr}</dd></div>
        <div className="kv"><dt>Open orders</dt><dd>{credit.openOrders}</dd></div>
        <div className="kv"><dt>Exposure</dt><dd data-testid="credit-exposure">{credit.exposure}</dd></div>
        <div className="kv"><dt>This order</dt><dd>{credit.thisOrder}</dd></div>
        <div className="kv"><dt>Exposure with this order</dt><dd>{credit.exposureWithOrder}</dd></div>
        <div className="kv"><dt>Overdue</dt><dd data-testid="credit-overdue">{credit.overdueInvoices} invoice(s), {credit.overdue}</dd></div>
      </dl>
      {credit.reasons.map((r) => <p key={r} className="form-notice">{r}</p>)}
    </section>
  );
}

function CheckSummary({ check }: { check: CheckResult }) {
  return (
    <div data-testid="check-result">
      <p>Order value <strong data-testid="check-order-value">{check.orderValue}</strong></p>
      {check.duplicatePoOrders.length > 0 ? (
        <p className="form-notice" data-testid="duplicate-po">Warning: this customer PO number is already on {check.duplicatePoOrders.join(", ")}.</p>
      ) : null}
      {check.credit ? <CreditPanel credit={check.credit} /> : null}
    </div>
  );
}

type Header = { shipToId: string; channel: string; customerPoNumber: string; orderDate: string; requestedDate: string; validUntil: string; note: string };

const EMPTY_HEADER: Header = { shipToId: "", channel: "phone", customerPoNumber: "", orderDate: "", requestedDate: "", validUntil: "", note: "" };

function TextField({ id, label, name, value, errors, type, onChange }: {
  id: string; label: string; name: string; value: string; errors: Record<string, string>; type?: string; onChange: (value: string) => void;
}) {
  return (
    <div className={errors[name] ? "form-field has-error" : "form-field"}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type ?? "text"} value={value} onChange={(e) => onChange(e.target.value)} />
      <FieldError errors={errors} name={name} />
    </div>
  );
}

function HeaderFields({ mode, context, header, errors, onHeader, onPick, onClear }: {
  mode: "order" | "quote"; context: CustomerContext | null; header: Header; errors: Record<string, string>;
  onHeader: (patch: Partial<Header>) => void; onPick: (c: CustomerOption) => void; onClear: () => void;
}) {
  return (
    <section className="card">
      <div className="form-grid">
        <CustomerPicker context={context} onPick={onPick} onClear={onClear} errors={errors} />
        <div className="form-field">
          <label htmlFor="ship-to">Ship-to</label>
          <select id="ship-to" value={header.shipToId} onChange={(e) => onHeader({ shipToId: e.target.value })}>
            <option value="">Customer address</option>
            {(context?.shipTos ?? []).map((s) => <option key={s.id} value={s.id}>{s.code} {s.name}, {s.city}</option>)}
          </select>
          <FieldError errors={errors} name="shipToId" />
        </div>
        {mode === "order" ? (
          <>
            <div className="form-field">
              <label htmlFor="channel">Channel</label>
              <select id="channel" value={header.channel} onChange={(e) => onHeader({ channel: e.target.value })}>
                {CHANNELS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
            </div>
            <TextField id="customer-po" label="Customer PO" name="customerPoNumber" value={header.customerPoNumber} errors={errors} onChange={(v) => onHeader({ customerPoNumber: v })} />
            <TextField id="order-date" label="Order date" name="orderDate" type="date" value={header.orderDate} errors={errors} onChange={(v) => onHeader({ orderDate: v })} />
            <TextField id="requested-date" label="Requested date" name="requestedDate" type="date" value={header.requestedDate} errors={errors} onChange={(v) => onHeader({ requestedDate: v })} />
          </>
        ) : (
          <>
            <TextField id="order-date" label="Quote date" name="quoteDate" type="date" value={header.orderDate} errors={errors} onChange={(v) => onHeader({ orderDate: v })} />
            <TextField id="valid-until" label="Valid until" name="validUntil" type="date" value={header.validUntil} errors={errors} onChange={(v) => onHeader({ validUntil: v })} />
            <TextField id="quote-note" label="Note" name="note" value={header.note} errors={errors} onChange={(v) => onHeader({ note: v })} />
          </>
        )}
      </div>
    </section>
  );
}

const isFilled = (line: LineState) => line.item !== null || line.qty.trim() !== "" || line.price.trim() !== "";

/** Blank rows are not sent, so core's "lines.N" and the check's index count filled rows only. */
function positionsOf(lines: LineState[]): Map<number, number> {
  const positions = new Map<number, number>();
  for (const line of lines) if (isFilled(line)) positions.set(line.key, positions.size);
  return positions;
}

function LinesSection({ lines, context, errors, check, onChange, onAdd, onRemove }: {
  lines: LineState[]; context: CustomerContext | null; errors: Record<string, string>; check: CheckResult | null;
  onChange: (key: number, patch: Partial<LineState>) => void; onAdd: () => void; onRemove: (key: number) => void;
}) {
  const positions = positionsOf(lines);
  return (
    <section className="card">
      <h2>Lines</h2>
      <div className="table-wrap">
        <table className="data compact entry-lines">
          <thead><tr><th>#</th><th>Item</th><th>Warehouse</th><th>Unit</th><th>Quantity</th><th>Unit price</th><th /></tr></thead>
          <tbody>
            {lines.map((line, index) => {
              const position = positions.get(line.key) ?? -1;
              return (
                <LineRow key={line.key} line={line} index={index} position={position} context={context} errors={errors}
                  check={check?.lines.find((c) => c.index === position)} onChange={(patch) => onChange(line.key, patch)} onRemove={() => onRemove(line.key)} />
              );
            })}
          </tbody>
        </table>
      </div>
      <FieldError errors={errors} name="lines" />
      <div className="form-actions"><button type="button" onClick={onAdd}>Add line</button></div>
    </section>
  );
}

/** A date a number of days after another, both YYYY-MM-DD. */
function daysAfter(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

const INITIAL_STATE: EntryState<OrderView | { quoteId: number }> = { version: 0, ok: null, error: null, code: null, fieldErrors: {} };

export function OrderEntryForm({ mode, validUntilDefaultDays = 30 }: { mode: "order" | "quote"; validUntilDefaultDays?: number }) {
  const [context, setContext] = useState<CustomerContext | null>(null);
  const [header, setHeader] = useState<Header>(EMPTY_HEADER);
  const [lines, setLines] = useState<LineState[]>([blankLine(1)]);
  const [nextKey, setNextKey] = useState(2);
  const [idempotencyKey, setIdempotencyKey] = useState("");
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [state, setState] = useState(INITIAL_STATE);
  const [pending, startTransition] = useTransition();
  useEffect(() => setIdempotencyKey(newKey()), []);

  const pickCustomer = (c: CustomerOption) => startTransition(async () => {
    const loaded = await customerContextAction(c.id);
    setContext(loaded);
    const shipTo = loaded.shipTos.find((s) => s.isDefault) ?? loaded.shipTos[0];
    setHeader((h) => ({ ...h, shipToId: shipTo ? String(shipTo.id) : "", orderDate: h.orderDate || loaded.today, validUntil: h.validUntil || daysAfter(loaded.today, validUntilDefaultDays) }));
    // Warehouses belong to the customer's entity: a choice made for another customer no longer holds.
    setLines((ls) => ls.map((l) => ({ ...l, warehouseId: "" })));
    setCheck(null);
  });
  const payload = (): EntryPayload => ({
    customerId: context?.customer.id ?? null, ...header, idempotencyKey,
    lines: lines.filter(isFilled).map((l) => ({ itemId: l.item?.id ?? null, warehouseId: l.warehouseId, uom: l.uom, qty: l.qty, price: l.price })),
  });
  const runCheck = () => startTransition(async () => {
    const answer = await checkOrderAction(payload());
    setCheck(answer.ok);
    setState({ ...answer, ok: null });
  });
  const submit = () => startTransition(async () => setState(mode === "order" ? await enterOrderAction(state, payload()) : await createQuoteAction(state, payload())));
  const addLine = () => { setLines([...lines, blankLine(nextKey)]); setNextKey(nextKey + 1); setCheck(null); };
  const removeLine = (key: number) => { setLines(lines.length > 1 ? lines.filter((l) => l.key !== key) : [blankLine(nextKey)]); setNextKey(nextKey + 1); setCheck(null); };
  const startOver = () => {
    setContext(null); setLines([blankLine(nextKey)]); setNextKey(nextKey + 1); setCheck(null);
    setState({ ...INITIAL_STATE, version: state.version + 1 }); setIdempotencyKey(newKey());
    setHeader((h) => ({ ...h, customerPoNumber: "", requestedDate: "", note: "" }));
  };
  const entered = state.ok !== null && "orderId" in state.ok ? state.ok : null;
  if (entered) {
    return (
      <>
        <OrderResult initial={entered} entered />
        <div className="form-actions"><button type="button" onClick={startOver}>Enter another order</button></div>
      </>
    );
  }
  return (
    <form className="form-stack order-entry" aria-label={mode === "order" ? "New order" : "New quote"} noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <HeaderFields mode={mode} context={context} header={header} errors={state.fieldErrors} onHeader={(patch) => setHeader((h) => ({ ...h, ...patch }))}
        onPick={pickCustomer} onClear={() => { setContext(null); setCheck(null); }} />
      <LinesSection lines={lines} context={context} errors={state.fieldErrors} check={check} onAdd={addLine} onRemove={removeLine}
        onChange={(key, patch) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)))} />
      {check ? <CheckSummary check={check} /> : null}
      <div className="form-actions">
        <button type="button" onClick={runCheck} disabled={pending}>Check</button>
        <button type="submit" className="primary" disabled={pending || idempotencyKey === ""}>{mode === "order" ? "Enter order" : "Create quote"}</button>
        {pending ? <span className="muted" data-testid="pending">Working…</span> : null}
      </div>
      {state.error ? (
        <p className="form-error" role="alert" data-testid="action-error">{state.error}{state.code ? <> <code className="error-code">{state.code}</code></> : null}</p>
      ) : null}
    </form>
  );
}
