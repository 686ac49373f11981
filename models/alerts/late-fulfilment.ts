// Late-fulfilment risk for sales order lines: a logistic regression over what is known when the line is
// entered (promise lead time, channel, customer tier, order size, holds, substitutes, item velocity,
// season), trained on lines entered before a cutoff and evaluated on the lines entered after it (AUC,
// calibration). Open lines are then scored with the features that push their risk up as reasons.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance/permissions";
import type { FeatureContract } from "../contract";
import type { ModelDefinition } from "../registry";
import type { LogisticModel } from "../train/logistic";
import {
  evaluateRiskModel, scoreOpenExamples, topRiskReasons, trainRiskModel,
  type RiskModelEvaluation, type RiskModelSpec, type RiskModelTraining, type RiskReason,
} from "./train-risk";

export const LATE_FULFILMENT_FEATURES = [
  ["promise_lead_days", "float", "days from order to promised date"],
  ["requested_before_promise", "bool", "the customer asked for an earlier date than promised"],
  ["log_qty", "float", "log(1 + base quantity ordered)"],
  ["order_lines", "int", "lines on the order"],
  ["credit_hold", "bool", "the order went to a credit approval"],
  ["pricing_hold", "bool", "the line went to a pricing approval"],
  ["substitute", "bool", "the line ships a substitute item"],
  ["item_lines_90d", "int", "lines of the item in the 90 days before the order"],
  ["channel_edi", "bool", "EDI order"],
  ["channel_web", "bool", "web or API order"],
  ["tier_key", "bool", "platinum or gold customer"],
  ["peak_season", "bool", "ordered in a spring or autumn peak month"],
] as const;

export const LATE_FULFILMENT_CONTRACT: FeatureContract = {
  name: "late_fulfilment_risk", version: 1, inputName: "features",
  features: LATE_FULFILMENT_FEATURES.map(([name, type, description]) => ({ name, type, description })),
  outputName: "probability",
  outputs: [{ name: "probability", description: "probability the line ships (in full) after its promised date" }],
};

const FEATURE_NAMES = LATE_FULFILMENT_FEATURES.map(([name]) => name);
export const EXAMPLES_MAX = 500_000;

export type FulfilmentExample = { lineId: number; orderDate: string; features: number[]; late: 0 | 1 | null };

type Row = {
  line_id: string; order_date: string; promise_days: number; requested_early: boolean; qty: string; order_lines: number; credit_hold: boolean;
  pricing_hold: boolean; substitute: boolean; item_lines: number; channel: string; tier: string; month: number; late: boolean | null;
};

/**
 * One example per order line with a promised date: features known at entry and the label (shipped in
 * full after the promise, or still open past it as of asOf; null while the promise is still ahead).
 */
export async function loadFulfilmentExamples(tx: Tx, asOf: string): Promise<FulfilmentExample[]> {
  const rows = await tx.execute<Row>(sql`
    with shipped as (
      select sl.order_line_id, max(sh.ship_date) as last_ship, sum(sl.base_qty) as qty
        from shipment_line sl join shipment sh on sh.id = sl.shipment_id
       where sh.status = 'shipped' group by 1
    )
    select l.id as line_id, o.order_date::text, (l.promised_date - o.order_date)::int as promise_days,
           coalesce(l.requested_date < l.promised_date, false) as requested_early, l.base_qty_ordered::text as qty,
           (select count(*) from sales_order_line x where x.order_id = o.id)::int as order_lines,
           o.credit_request_id is not null as credit_hold, l.pricing_request_id is not null as pricing_hold,
           l.substitute_for_item_id is not null as substitute,
           (select count(*) from sales_order_line y join sales_order yo on yo.id = y.order_id
             where y.item_id = l.item_id and yo.order_date between o.order_date - 90 and o.order_date - 1)::int as item_lines,
           o.channel, c.tier, extract(month from o.order_date)::int as month,
           case when s.qty >= l.base_qty_ordered - l.base_qty_cancelled then s.last_ship > l.promised_date
                when l.promised_date < ${asOf}::date then true else null end as late
      from sales_order_line l join sales_order o on o.id = l.order_id join customer c on c.id = o.customer_id
      left join shipped s on s.order_line_id = l.id
     where l.promised_date is not null and o.status <> 'cancelled' and l.status <> 'cancelled' and o.order_date <= ${asOf}::date
     order by o.order_date, l.id
     limit ${EXAMPLES_MAX}`);
  return rows.map((r) => ({
    lineId: Number(r.line_id), orderDate: r.order_date, late: r.late === null ? null : r.late ? 1 : 0,
    features: [
      r.promise_days, r.requested_early ? 1 : 0, Math.log1p(Number(r.qty)), r.order_lines, r.credit_hold ? 1 : 0, r.pricing_hold ? 1 : 0,
      r.substitute ? 1 : 0, r.item_lines, r.channel === "edi" ? 1 : 0, r.channel === "web" || r.channel === "api" ? 1 : 0,
      r.tier === "platinum" || r.tier === "gold" ? 1 : 0, [3, 4, 5, 9, 10].includes(r.month) ? 1 : 0,
    ],
  }));
}

export type RiskEvaluation = RiskModelEvaluation;

export const LATE_FULFILMENT_MODEL: ModelDefinition = {
  name: "late_fulfilment_risk", task: "classification",
  description: "Logistic regression: probability an order line ships after its promised date, from what is known at entry",
  contract: LATE_FULFILMENT_CONTRACT, permission: "sales:write",
};

const LATE_FULFILMENT_SPEC: RiskModelSpec<FulfilmentExample> = {
  definition: LATE_FULFILMENT_MODEL, load: loadFulfilmentExamples, dateOf: (example) => example.orderDate,
  trainRowsMin: 50, testRowsMin: 20, subjects: "labelled lines", holdoutDays: 180,
};

/** Trains on labelled lines ordered before `cutoff`, evaluates on those ordered from it on. */
export function trainLateFulfilment(examples: FulfilmentExample[], cutoff: string): RiskEvaluation {
  return evaluateRiskModel(LATE_FULFILMENT_SPEC, examples, cutoff);
}

/** The features that raise one line's risk most: weight x value (the part of the logit each adds), largest first. */
export function riskReasons(model: LogisticModel, features: number[], top = 3): RiskReason[] {
  return topRiskReasons(FEATURE_NAMES, model.weights, features, top);
}

export { beatsBaseRate } from "./train-risk";

export type LateFulfilmentTraining = RiskModelTraining;

/**
 * Trains on the lines entered before `holdoutFrom` (default: 180 days before asOf), evaluates on the
 * rest, registers the version with AUC, calibration and the base-rate baseline, and activates it when
 * it beats that baseline.
 */
export async function trainLateFulfilmentRisk(db: Db, actor: Actor, options: { asOf: string; holdoutFrom?: string }): Promise<LateFulfilmentTraining> {
  return trainRiskModel(db, actor, LATE_FULFILMENT_SPEC, options);
}

export type LineRisk = { lineId: number; probability: number; reasons: ReturnType<typeof riskReasons> };

/** Open lines whose promise is still ahead, scored by the ACTIVE version through onnxruntime, riskiest first. */
export async function scoreOpenLines(db: Db, asOf: string, limit = 100): Promise<LineRisk[]> {
  const scored = await scoreOpenExamples(db, LATE_FULFILMENT_SPEC, asOf);
  if (!scored) return [];
  return scored.open.map((example, index) => ({ lineId: example.lineId, probability: scored.probabilities[index]!, reasons: riskReasons(scored.model, example.features) }))
    .sort((a, b) => b.probability - a.probability).slice(0, Math.max(1, limit));
}
