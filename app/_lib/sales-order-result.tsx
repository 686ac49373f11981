"use client";
// The order as entered (or as it stands): lines with allocation and backorders, holds with links
// to their approval requests, and for each unfilled line the proposals, with a button to accept
// a substitute. Shown after order entry and on the order page.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { acceptSubstituteAction } from "./sales-order-actions";
import type { OrderView, ProposalView } from "./sales-types";

function statusText(status: string): string {
  return status.replaceAll("_", " ");
}

function Holds({ order }: { order: OrderView }) {
  const pricingHeld = order.lines.some((l) => l.status === "pricing_hold");
  if (order.status !== "credit_hold" && !pricingHeld) return null;
  return (
    <div className="form-notice" data-testid="order-holds">
      {order.status === "credit_hold" ? (
        <p data-testid="credit-hold">
          Credit hold: {order.creditHoldReason ?? "over the credit limit"}.{" "}
          {order.creditRequestId ? <Link href={`/approvals/${order.creditRequestId}`}>Credit-release request #{order.creditRequestId}</Link> : null}
        </p>
      ) : null}
      {pricingHeld ? (
        <p data-testid="pricing-hold">
          Pricing hold: a price below the margin floor or a manual price waits for approval.{" "}
          {order.pricingRequestId ? <Link href={`/approvals/${order.pricingRequestId}`}>Pricing-override request #{order.pricingRequestId}</Link> : null}
        </p>
      ) : null}
    </div>
  );
}

function LinesTable({ order }: { order: OrderView }) {
  return (
    <div className="table-wrap">
      <table className="data compact order-lines" data-testid="order-lines">
        <thead>
          <tr>
            <th>Line</th><th>Item</th><th>Warehouse</th><th className="num">Qty</th><th className="num">Ordered</th><th className="num">Allocated</th>
            <th className="num">Shipped</th><th className="num">Backordered</th><th className="num">Cancelled</th><th className="num">Unit price</th><th>Source</th>
            <th className="num">Margin</th><th>Promised</th><th>Status</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id} data-line={line.lineNumber}>
              <td>{line.lineNumber}</td>
              <td className="item-cell">{line.sku}{line.substituteForItemId ? <> <span className="badge">substitute</span></> : null}<span className="item-desc" title={line.description}>{line.description}</span></td>
              <td>{line.warehouseCode}</td>
              <td className="num">{line.qty} {line.uom}</td>
              <td className="num">{line.ordered}</td>
              <td className="num">{line.allocated}</td>
              <td className="num">{line.shipped}</td>
              <td className="num">{line.backordered}</td>
              <td className="num">{line.cancelled}</td>
              <td className="num">{line.unitPrice}</td>
              <td>{statusText(line.priceSource)}</td>
              <td className="num">{line.margin}</td>
              <td>{line.promisedDate ?? "—"}</td>
              <td><span className={`badge status-${line.status}`}>{statusText(line.status)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Proposal({ proposal, busy, onAccept }: { proposal: ProposalView; busy: boolean; onAccept: (substituteItemId: number, warehouseId: number | null) => void }) {
  return (
    <section className="card" data-testid={`proposals-line-${proposal.lineNumber}`}>
      <h2>Line {proposal.lineNumber} ({proposal.sku}): {proposal.backordered} backordered</h2>
      {proposal.substitutes.length > 0 ? (
        <table className="data compact" data-testid="substitutes">
          <thead><tr><th>Substitute</th><th className="num">Available</th><th>Warehouses</th><th className="num">Qty</th><th className="num">Unit price</th><th className="num">Margin</th><th className="num">Margin impact</th><th /></tr></thead>
          <tbody>
            {proposal.substitutes.map((s) => (
              <tr key={s.itemId}>
                <td>{s.sku} <span className="muted">{s.description}</span></td>
                <td className="num">{s.available}</td>
                <td>{s.warehouses.map((w) => `${w.code}: ${w.qty}`).join(", ") || "none today"}</td>
                <td className="num">{s.qty} {s.uom}</td>
                <td className="num">{s.unitPrice ?? "no price"}</td>
                <td className="num">{s.margin ?? "—"}</td>
                <td className="num">{s.marginImpact ?? "—"}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => onAccept(s.itemId, s.warehouses[0]?.id ?? null)} aria-label={`Accept substitute ${s.sku} for line ${proposal.lineNumber}`}>
                    Accept substitute
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="muted">No substitutes are configured for this item.</p>}
      {proposal.otherWarehouses.length > 0 ? (
        <p data-testid="other-warehouses">Other warehouses: {proposal.otherWarehouses.map((w) => `${w.code} can ship ${w.canShipToday} today (margin ${w.margin}, impact ${w.marginImpact})`).join("; ")}</p>
      ) : <p className="muted">No other warehouse has it today.</p>}
      <p data-testid="supplier-lead-time">
        {proposal.supplierLeadTime
          ? `Supplier ${proposal.supplierLeadTime.supplierCode} ${proposal.supplierLeadTime.supplierName}: ${proposal.supplierLeadTime.leadTimeDays} days lead time${proposal.supplierLeadTime.preferred ? " (preferred)" : ""}`
          : "No supplier lead time on file."}
      </p>
    </section>
  );
}

/** The order panel; `entered` marks the answer to an entry (with its warnings and replay flag). */
export function OrderResult({ initial, entered }: { initial: OrderView; entered: boolean }) {
  const [order, setOrder] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  // A refreshed page (after a cancellation, say) hands in the order as it now stands.
  useEffect(() => setOrder(initial), [initial]);
  const accept = (proposal: ProposalView, substituteItemId: number, warehouseId: number | null) => {
    startTransition(async () => {
      const state = await acceptSubstituteAction({ version: 0 }, { orderLineId: proposal.orderLineId, substituteItemId, warehouseId });
      if (state.ok) {
        setOrder(state.ok);
        setError(null);
        setAccepted(`Substitute accepted for line ${proposal.lineNumber}.`);
        router.refresh();
      } else {
        setError(`${state.error ?? "Refused"}${state.code ? ` (${state.code})` : ""}`);
      }
    });
  };
  return (
    <div data-testid="order-result">
      <div className="page-header">
        <h2>
          {entered ? "Order entered: " : ""}<Link href={`/sales/orders/${order.orderId}`} data-testid="order-number">{order.orderNumber}</Link>{" "}
          <span className={`badge status-${order.status}`} data-testid="order-status">{statusText(order.status)}</span>
        </h2>
        <span className="muted">{order.customerCode} {order.customerName} · total {order.total}</span>
      </div>
      {order.replayed ? <p className="form-notice">This order had already been entered: shown as first entered.</p> : null}
      {order.warnings.map((w) => <p key={w} className="form-notice" data-testid="order-warning">Warning: {w}</p>)}
      <Holds order={order} />
      <LinesTable order={order} />
      {accepted ? <p className="form-ok" role="status" data-testid="substitute-accepted">{accepted}</p> : null}
      {error ? <p className="form-error" role="alert" data-testid="action-error">{error}</p> : null}
      {order.proposals.map((p) => <Proposal key={p.orderLineId} proposal={p} busy={pending} onAccept={(item, warehouse) => accept(p, item, warehouse)} />)}
    </div>
  );
}
