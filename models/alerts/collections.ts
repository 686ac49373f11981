// Collections risk: the probability that an invoice is settled more than 30 days after its due date,
// from what is known on the invoice date (the customer's earlier payment behaviour, open AR against the
// credit limit, amount, terms, tier), by logistic regression evaluated on later invoices (AUC,
// calibration). Per customer, the risk is that of their riskiest open invoice, with its reasons.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance/permissions";
import type { FeatureContract } from "../contract";
import type { ModelDefinition } from "../registry";
import { evaluateRiskModel, scoreOpenExamples, topRiskReasons, trainRiskModel, type RiskModelEvaluation, type RiskModelSpec, type RiskModelTraining, type RiskReason } from "./train-risk";

export const LATE_DAYS = 30;
export const INVOICES_MAX = 500_000;

export const COLLECTIONS_FEATURES = [
  ["prior_invoices_log", "float", "log(1 + the customer's earlier invoices whose outcome was known)"],
  ["prior_late_share", "float", "share of those settled more than 30 days late or still unpaid (0 when none)"],
  ["prior_days_late_mean", "float", "mean days after due of the customer's earlier settled invoices (0 when none)"],
  ["open_ar_to_limit", "float", "the customer's open AR on the invoice date / credit limit (capped at 5)"],
  ["amount_log", "float", "log(1 + invoice total in base currency units)"],
  ["terms_days", "int", "days from invoice date to due date"],
  ["tier_key", "bool", "platinum or gold customer"],
] as const;

const FEATURE_NAMES = COLLECTIONS_FEATURES.map(([name]) => name);

export const COLLECTIONS_CONTRACT: FeatureContract = {
  name: "collections_risk", version: 1, inputName: "features",
  features: COLLECTIONS_FEATURES.map(([name, type, description]) => ({ name, type, description })),
  outputName: "probability",
  outputs: [{ name: "probability", description: "probability the invoice is settled more than 30 days after its due date" }],
};

export const COLLECTIONS_MODEL: ModelDefinition = {
  name: "collections_risk", task: "classification",
  description: "Logistic regression: probability an invoice is paid more than 30 days late, from the customer's history on the invoice date",
  contract: COLLECTIONS_CONTRACT, permission: "sales.receivables:write",
};

export type InvoiceExample = { invoiceId: number; customerId: number; invoiceDate: string; features: number[]; late: 0 | 1 | null };

type Row = {
  invoice_id: string; customer_id: string; invoice_date: string; prior: number; prior_late: number; prior_days: number | null;
  open_ratio: number | null; amount: string; terms: number; tier: string; late: boolean | null;
};

/** Every invoice up to asOf with its features on its own date and its outcome as of asOf (null: not yet known). */
export async function loadInvoiceExamples(tx: Tx, asOf: string): Promise<InvoiceExample[]> {
  const rows = await tx.execute<Row>(sql`
    with settled as (
      select i.id, i.customer_id, i.invoice_date, i.due_date, i.total_minor, i.total_base_minor,
             (select max(a.applied_date) from payment_application a where a.invoice_id = i.id) as last_applied,
             i.applied_minor >= i.total_minor as paid
        from sales_invoice i where i.kind = 'invoice' and i.invoice_date <= ${asOf}::date
    )
    select s.id as invoice_id, s.customer_id, s.invoice_date::text, c.tier,
           (s.due_date - s.invoice_date)::int as terms, (s.total_base_minor / 100)::text as amount,
           count(p.id)::int as prior,
           count(p.id) filter (where not p.paid or p.last_applied > p.due_date + ${LATE_DAYS}::int)::int as prior_late,
           avg(p.last_applied - p.due_date) filter (where p.paid)::float8 as prior_days,
           ((select coalesce(sum(o.total_minor), 0) from settled o where o.customer_id = s.customer_id and o.invoice_date < s.invoice_date
              and (not o.paid or o.last_applied >= s.invoice_date))::float8 / nullif(c.credit_limit_minor, 0)::float8) as open_ratio,
           case when s.paid then s.last_applied > s.due_date + ${LATE_DAYS}::int
                when s.due_date + ${LATE_DAYS}::int < ${asOf}::date then true else null end as late
      from settled s join customer c on c.id = s.customer_id
      left join settled p on p.customer_id = s.customer_id and p.due_date + ${LATE_DAYS}::int < s.invoice_date
     group by s.id, s.customer_id, s.invoice_date, c.tier, s.due_date, s.total_base_minor, c.credit_limit_minor, s.paid, s.last_applied
     order by s.invoice_date, s.id
     limit ${INVOICES_MAX}`);
  return rows.map((r) => ({
    invoiceId: Number(r.invoice_id), customerId: Number(r.customer_id), invoiceDate: r.invoice_date, late: r.late === null ? null : r.late ? 1 : 0,
    features: [
      Math.log1p(r.prior), r.prior > 0 ? r.prior_late / r.prior : 0, r.prior_days ?? 0, Math.min(5, r.open_ratio ?? 0),
      Math.log1p(Number(r.amount)), r.terms, r.tier === "platinum" || r.tier === "gold" ? 1 : 0,
    ],
  }));
}

export type CollectionsEvaluation = RiskModelEvaluation;

const COLLECTIONS_SPEC: RiskModelSpec<InvoiceExample> = {
  definition: COLLECTIONS_MODEL, load: loadInvoiceExamples, dateOf: (example) => example.invoiceDate,
  trainRowsMin: 50, testRowsMin: 20, subjects: "settled invoices", holdoutDays: 240, extraParams: { lateDays: LATE_DAYS },
};

export function trainCollections(examples: InvoiceExample[], cutoff: string): CollectionsEvaluation {
  return evaluateRiskModel(COLLECTIONS_SPEC, examples, cutoff);
}

export type CollectionsTraining = RiskModelTraining;

/** Trains on invoices dated before holdoutFrom (default asOf - 240 days), evaluates on later ones, registers; activates when it beats the base rate. */
export async function trainCollectionsRisk(db: Db, actor: Actor, options: { asOf: string; holdoutFrom?: string }): Promise<CollectionsTraining> {
  return trainRiskModel(db, actor, COLLECTIONS_SPEC, options);
}

export type CustomerRisk = { customerId: number; invoiceId: number; probability: number; reasons: RiskReason[] };

/** Per customer with open invoices not yet judged, the riskiest one scored by the ACTIVE version, riskiest customers first. */
export async function scoreCustomers(db: Db, asOf: string, limit = 100): Promise<CustomerRisk[]> {
  const scored = await scoreOpenExamples(db, COLLECTIONS_SPEC, asOf);
  if (!scored) return [];
  const best = new Map<number, CustomerRisk>();
  scored.open.forEach((example, index) => {
    const probability = scored.probabilities[index]!;
    if ((best.get(example.customerId)?.probability ?? -1) >= probability) return;
    const reasons = topRiskReasons(FEATURE_NAMES, scored.model.weights, example.features);
    best.set(example.customerId, { customerId: example.customerId, invoiceId: example.invoiceId, probability, reasons });
  });
  return [...best.values()].sort((a, b) => b.probability - a.probability).slice(0, Math.max(1, limit));
}
