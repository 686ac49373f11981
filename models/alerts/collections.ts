// Collections risk: the probability that an invoice is settled more than 30 days after its due date,
// from what is known on the invoice date (the customer's earlier payment behaviour, open AR against the
// credit limit, amount, terms, tier), by logistic regression evaluated on later invoices (AUC,
// calibration). Per customer, the risk is that of their riskiest open invoice, with its reasons.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import type { Actor } from "../../core/governance/permissions";
import { assert } from "../../core/shared/assert";
import type { FeatureContract } from "../contract";
import { calibrationOf, rocAuc, type Calibration } from "../metrics";
import { buildLinearGraph, encodeModel, modelFromGraph } from "../onnx";
import { activateModelVersion, getActiveVersion, registerTrainedVersion, type ModelDefinition, type ModelVersionRow } from "../registry";
import { createSession, releaseSession, runSingleOutput } from "../runtime";
import { predictLogistic, trainLogistic, type LogisticModel } from "../train/logistic";

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

const FEATURE_COUNT = COLLECTIONS_FEATURES.length;

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

export type CollectionsEvaluation = {
  model: LogisticModel; trainRows: number; testRows: number; baseRate: number; auc: number; calibration: Calibration; baselineBrier: number; onnx: Uint8Array;
};

function matrixOf(examples: InvoiceExample[]) {
  const features = new Float64Array(examples.length * FEATURE_COUNT);
  const labels = new Float64Array(examples.length);
  examples.forEach((example, index) => {
    features.set(example.features, index * FEATURE_COUNT);
    labels[index] = example.late ?? 0;
  });
  return { features, labels };
}

export function trainCollections(examples: InvoiceExample[], cutoff: string): CollectionsEvaluation {
  const labelled = examples.filter((example) => example.late !== null);
  const train = labelled.filter((example) => example.invoiceDate < cutoff);
  const test = labelled.filter((example) => example.invoiceDate >= cutoff);
  assert(train.length > 50 && test.length > 20, `too few settled invoices (train ${train.length}, test ${test.length})`);
  const trainMatrix = matrixOf(train);
  const model = trainLogistic(trainMatrix.features, trainMatrix.labels, train.length, FEATURE_COUNT, { l2: 1 });
  const testMatrix = matrixOf(test);
  const probabilities = predictLogistic(model, testMatrix.features, test.length);
  const baseRate = trainMatrix.labels.reduce((sum, v) => sum + v, 0) / train.length;
  const baselineBrier = testMatrix.labels.reduce((sum, v) => sum + (baseRate - v) ** 2, 0) / test.length;
  const onnx = encodeModel(modelFromGraph(buildLinearGraph({ weights: model.weights, bias: model.bias, sigmoid: true,
    inputName: COLLECTIONS_CONTRACT.inputName, outputName: COLLECTIONS_CONTRACT.outputName })));
  return { model, trainRows: train.length, testRows: test.length, baseRate, auc: rocAuc(probabilities, testMatrix.labels),
    calibration: calibrationOf(probabilities, testMatrix.labels, 5), baselineBrier, onnx };
}

export type CollectionsTraining = { version: ModelVersionRow; activated: boolean; evaluation: CollectionsEvaluation };

/** Trains on invoices dated before holdoutFrom (default asOf - 240 days), evaluates on later ones, registers; activates when it beats the base rate. */
export async function trainCollectionsRisk(db: Db, actor: Actor, options: { asOf: string; holdoutFrom?: string }): Promise<CollectionsTraining> {
  const examples = await inTransaction(db, (tx) => loadInvoiceExamples(tx, options.asOf));
  const holdoutFrom = options.holdoutFrom ?? new Date(Date.parse(`${options.asOf}T00:00:00Z`) - 240 * 86_400_000).toISOString().slice(0, 10);
  const evaluation = trainCollections(examples, holdoutFrom);
  const activate = evaluation.auc > 0.6 && evaluation.calibration.brierScore < evaluation.baselineBrier;
  const version = await inTransaction(db, async (tx) => {
    const created = await registerTrainedVersion(tx, actor, COLLECTIONS_MODEL, {
      trainer: "logistic-irls", trainingFrom: examples[0]?.invoiceDate ?? null, trainingTo: holdoutFrom, trainingRows: evaluation.trainRows,
      params: { weights: evaluation.model.weights, bias: evaluation.model.bias, holdoutFrom, lateDays: LATE_DAYS },
      metrics: { evaluation: "time split: trained before holdoutFrom, scored after", testRows: evaluation.testRows, auc: evaluation.auc,
        brier: evaluation.calibration.brierScore, baseRateBrier: evaluation.baselineBrier, expectedCalibrationError: evaluation.calibration.expectedCalibrationError,
        calibration: evaluation.calibration.bins, baseRate: evaluation.baseRate },
      onnx: evaluation.onnx,
    });
    return activate ? activateModelVersion(tx, actor, COLLECTIONS_MODEL, created.version) : created;
  });
  return { version, activated: activate, evaluation };
}

export type CustomerRisk = { customerId: number; invoiceId: number; probability: number; reasons: { feature: string; contribution: number; value: number }[] };

/** Per customer with open invoices not yet judged, the riskiest one scored by the ACTIVE version, riskiest customers first. */
export async function scoreCustomers(db: Db, asOf: string, limit = 100): Promise<CustomerRisk[]> {
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, COLLECTIONS_MODEL.name));
  if (!active) return [];
  const open = (await inTransaction(db, (tx) => loadInvoiceExamples(tx, asOf))).filter((example) => example.late === null);
  if (open.length === 0) return [];
  const session = await createSession(active.onnx);
  try {
    const probabilities = await runSingleOutput(session, { data: Float32Array.from(open.flatMap((e) => e.features)), rows: open.length, columns: FEATURE_COUNT });
    const weights = (active.params as { weights: number[] }).weights;
    const best = new Map<number, CustomerRisk>();
    open.forEach((example, index) => {
      const probability = probabilities[index]!;
      if ((best.get(example.customerId)?.probability ?? -1) >= probability) return;
      const reasons = example.features.map((value, f) => ({ feature: COLLECTIONS_FEATURES[f]![0], contribution: weights[f]! * value, value }))
        .filter((reason) => reason.contribution > 0).sort((a, b) => b.contribution - a.contribution).slice(0, 3);
      best.set(example.customerId, { customerId: example.customerId, invoiceId: example.invoiceId, probability, reasons });
    });
    return [...best.values()].sort((a, b) => b.probability - a.probability).slice(0, Math.max(1, limit));
  } finally {
    await releaseSession(session);
  }
}
