// Checklist checks over balances and queues: FX revaluation, subledgers against their control
// accounts (AR and AP net of the unreversed revaluation they carry), exceptions and anomalies.
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { countOpenBlockingAnomalies } from "../../governance/anomalies";
import { inventoryReconciliation } from "../../inventory/queries/reconciliation";
import { apReconciliation, grniReconciliation } from "../../purchasing/invoices/reconciliation";
import { arReconciliation } from "../../sales/receivables/queries/ar-reconciliation";
import { customerRebateReconciliation } from "../../sales/rebates/settle";
import type { FiscalPeriod } from "../commands/fiscal-periods";
import { computeRevaluation } from "../revaluation/compute";
import { revaluationRunOf } from "../revaluation/revalue";
import { CHECK_DETAILS_MAX, failed, passed, warning, type CheckDetail, type CloseCheck } from "./types";

export async function revaluationCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Foreign-currency revaluation posted";
  const run = await revaluationRunOf(tx, period.entityId, period.id);
  if (run) return passed("fx_revaluation", label, `Revalued on ${run.revaluationDate}: net ${run.netGainMinor} (minor units, positive = gain)`);
  const preview = await computeRevaluation(tx, period.entityId, period.endDate);
  const moving = preview.lines.filter((l) => l.gainMinor !== 0n);
  if (moving.length === 0) return passed("fx_revaluation", label, "No open foreign-currency balance moved against the period-end rate");
  return failed("fx_revaluation", label, `${moving.length} foreign-currency balance(s) need revaluation: net ${preview.netGainMinor} (minor units)`,
    moving.map((l) => ({ label: `${l.target.toUpperCase()} ${l.subjectType} ${l.subjectId} (${l.currency})`, amountMinor: l.gainMinor.toString(), href: `/close/${period.id}` })));
}

/** Revaluation entries not yet reversed sit on the AR and AP control accounts but not in the documents. */
async function unreversedRevaluation(tx: Tx, entityId: number, role: "ar" | "ap"): Promise<bigint> {
  const [row] = await tx.execute<{ amount: string }>(sql`
    select coalesce(sum(l.debit_minor - l.credit_minor), 0)::text as amount from journal_line l join journal_entry e on e.id = l.entry_id
     where l.entity_id = ${entityId} and e.event_type in ('ledger.fx_revaluation', 'ledger.fx_revaluation.reversal')
       and l.account_id in (select account_id from account_rule where entity_id = ${entityId} and role = ${role})`);
  return BigInt(row?.amount ?? "0");
}

export async function subledgersCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Subledgers reconciled to control accounts";
  const entityId = period.entityId;
  const ar = await arReconciliation(tx, entityId);
  const ap = await apReconciliation(tx, entityId);
  const stock = await inventoryReconciliation(tx, entityId);
  const grni = await grniReconciliation(tx, entityId);
  const rebates = await customerRebateReconciliation(tx, entityId);
  // Both differences are subledger minus GL balance. AR is a debit balance: a revaluation's net debit
  // raises the GL, so it is added back. AP is a credit balance: a net debit lowers the GL, so the
  // subledger exceeds it by exactly that debit, which is taken off.
  const arDifference = ar.differenceMinor + await unreversedRevaluation(tx, entityId, "ar");
  const apDifference = ap.differenceMinor - await unreversedRevaluation(tx, entityId, "ap");
  const rows: [string, bigint, bigint, bigint, string][] = [
    ["AR", ar.openArBaseMinor, ar.glArMinor, arDifference, "/sales/ar-aging"],
    ["Customer deposits", ar.unappliedCashBaseMinor, ar.glDepositsMinor, ar.depositsDifferenceMinor, "/sales/payments"],
    ["AP", ap.subledgerMinor, ap.glMinor, apDifference, "/purchasing/ap-aging"],
    ["Inventory", stock.stockValueMinor, stock.glInventoryMinor, stock.differenceMinor, "/stock"],
    ["GRNI", grni.subledgerMinor, grni.glMinor, grni.differenceMinor, "/purchasing/receipts"],
    ["Customer rebate accrual", rebates.subledgerMinor, rebates.glMinor, rebates.differenceMinor, "/close"],
  ];
  const details: CheckDetail[] = rows.map(([name, sub, gl, difference, href]) =>
    ({ label: `${name}: subledger ${sub}, GL ${gl}, difference ${difference}`, amountMinor: difference.toString(), href }));
  const off = rows.filter((r) => r[3] !== 0n);
  if (off.length === 0) return passed("subledgers", label, "AR, deposits, AP, inventory, GRNI and rebate accruals agree with their control accounts", details);
  const customers = arDifference === 0n ? [] : ar.customersOutOfBalance.slice(0, CHECK_DETAILS_MAX).map((c) =>
    ({ label: `AR customer ${c.customerId ?? "(none)"}: subledger ${c.subledgerMinor}, GL ${c.glMinor}`, href: c.customerId ? `/sales/customers/${c.customerId}` : null,
      amountMinor: (c.subledgerMinor - c.glMinor).toString() }));
  return failed("subledgers", label, `${off.map((r) => r[0]).join(", ")} differ from the control accounts`, [...details, ...customers]);
}

/**
 * Open exceptions about the period or earlier (their business date, else the day they were
 * raised): one raised today about today does not hold up the close of a month long past.
 */
export async function exceptionsCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Exception queue cleared of blocking items";
  const rows = await tx.execute<Row>(sql`
    select id::text, kind, severity, title from exception_item
     where entity_id = ${period.entityId} and state in ('open', 'assigned')
       and coalesce(occurred_on, created_at::date) <= ${period.endDate}
     order by case severity when 'critical' then 0 when 'high' then 1 else 2 end, id limit ${CHECK_DETAILS_MAX}`);
  const details = rows.map((r) => ({ label: `${r.severity} ${r.kind}: ${r.title}`, href: `/exceptions/${r.id}` }));
  const blocking = rows.filter((r) => r.severity === "critical" || r.severity === "high");
  if (blocking.length > 0) return failed("exceptions", label, `${blocking.length} high or critical exception(s) are open`, details);
  if (rows.length > 0) return warning("exceptions", label, `${rows.length} lower-severity exception(s) are open`, details);
  return passed("exceptions", label, "No open exception up to the period end");
}
type Row = Record<string, string | null>;

export async function anomaliesCheck(tx: Tx, period: FiscalPeriod): Promise<CloseCheck> {
  const label = "Anomaly flags reviewed";
  const count = await countOpenBlockingAnomalies(tx, period.entityId, period.startDate, period.endDate);
  if (count === 0) return passed("anomalies", label, "No open high-severity anomaly flag in the period");
  return failed("anomalies", label, `${count} open high-severity anomaly flag(s) in the period`, [{ label: `${count} flag(s) to review`, href: "/anomalies" }]);
}
