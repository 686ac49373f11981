import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../../../core/governance";
import { creditExposure, listCreditHolds, type CreditPosition } from "../../../../core/sales";
import { read } from "../../../_lib/db";
import { parseQuery, queryFields, type SearchParams } from "../../../_lib/query";
import { loadSalesContext } from "../../../_lib/sales-data";
import { amountOf } from "../../../_lib/sales-format";
import { EntitySelect, SalesStatus } from "../../../_lib/sales-ui";
import { requireUser } from "../../../_lib/session";
import { Empty, Forbidden, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Credit holds" };

const HOLDS_MAX = 200;
const HoldsQuery = z.object({ entity: queryFields.optionalId });

export default async function CreditHoldsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  if (!hasPermission(user, "sales:read")) return <Forbidden what="credit holds" />;
  const query = await parseQuery(HoldsQuery, searchParams);
  const { context, holds, positions } = await read(async (tx) => {
    const context = await loadSalesContext(tx, user, query.entity);
    const holds = await listCreditHolds(tx, user, { entityId: context.entity.id, limit: HOLDS_MAX });
    // One exposure per customer (a customer may have several held orders).
    const positions = new Map<number, CreditPosition>();
    for (const hold of holds) {
      if (!positions.has(hold.customerId)) positions.set(hold.customerId, await creditExposure(tx, user, { entityId: context.entity.id, customerId: hold.customerId, date: context.today }));
    }
    return { context, holds, positions };
  });
  const base = (minor: bigint) => amountOf(minor, context.entity.baseCurrency, context.digits);
  return (
    <>
      <PageHeader title="Credit holds" subtitle={`${context.entity.code}: orders waiting for a credit release, oldest first; amounts in ${context.entity.baseCurrency} except the order value`} />
      <form className="toolbar" action="/sales/credit-holds" method="get">
        <EntitySelect entities={context.entities} current={context.entity.id} />
        <button type="submit">Show</button>
      </form>
      {holds.length === 0 ? <Empty>No order is on credit hold.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="credit-holds">
            <thead>
              <tr><th>Order</th><th>Date</th><th>Customer</th><th className="num">Order value</th><th className="num">Exposure</th><th className="num">Limit</th><th className="num">Over limit</th><th className="num">Overdue</th><th>Reason</th><th>Release request</th></tr>
            </thead>
            <tbody>
              {holds.map((hold) => {
                const position = positions.get(hold.customerId)!;
                return (
                  <tr key={hold.orderId}>
                    <td><Link href={`/sales/orders/${hold.orderId}`}>{hold.orderNumber}</Link></td>
                    <td>{hold.orderDate}</td>
                    <td>{hold.customerCode} <span className="muted">{hold.customerName} ({hold.customerTier})</span></td>
                    <td className="num">{amountOf(hold.orderValueMinor, hold.currency, context.digits)} {hold.currency}</td>
                    <td className="num">{base(position.exposureBaseMinor)}</td>
                    <td className="num">{base(position.limitBaseMinor)}</td>
                    <td className="num">{base(position.overLimitBaseMinor)}</td>
                    <td className="num">{position.overdueInvoiceCount > 0 ? `${position.overdueInvoiceCount}: ${base(position.overdueBaseMinor)}` : "none"}</td>
                    <td>{hold.creditHoldReason ?? ""}</td>
                    <td>
                      {hold.creditRequestId ? <Link href={`/approvals/${hold.creditRequestId}`} data-testid="release-request">Request #{hold.creditRequestId}</Link> : "—"}
                      {hold.requestStatus ? <> <SalesStatus status={hold.requestStatus} testId="release-status" /></> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
