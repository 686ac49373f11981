// Publishes the predictive alerts: scores every open order line (late-fulfilment risk) and every
// customer with open invoices (collections risk) with the ACTIVE registry version, turns each reason
// into words, and records the run through core/sales/risk, which replaces the previous run of its kind.
// Training first when no version is active or the active one is more than a week old.
import type { Db } from "../../core/db/client";
import { inTransaction } from "../../core/db/transaction";
import type { Actor } from "../../core/governance/permissions";
import { recordRiskScores, SCORES_PER_RUN_MAX, type RecordedRiskRun, type RiskEvaluation, type RiskKind } from "../../core/sales/risk";
import { getActiveVersion, type ModelVersionWithBytes } from "../registry";
import { COLLECTIONS_MODEL, scoreCustomers, trainCollectionsRisk } from "./collections";
import { LATE_FULFILMENT_MODEL, scoreOpenLines, trainLateFulfilmentRisk } from "./late-fulfilment";
import { describeCollectionsReason, describeLateFulfilmentReason } from "./reasons";

export const RETRAIN_AFTER_DAYS = 7;
const DAY_MS = 86_400_000;

function figure(metrics: Record<string, unknown>, key: string): number | null {
  const value = metrics[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The registry's held-out figures of a version, in the shape the risk pages show. */
export function evaluationOf(version: Pick<ModelVersionWithBytes, "metrics">): RiskEvaluation {
  const metrics = (version.metrics ?? {}) as Record<string, unknown>;
  const bins = Array.isArray(metrics.calibration) ? metrics.calibration as RiskEvaluation["calibration"] : [];
  const testRows = figure(metrics, "testRows");
  return {
    auc: figure(metrics, "auc"), brier: figure(metrics, "brier"), baseRateBrier: figure(metrics, "baseRateBrier"),
    expectedCalibrationError: figure(metrics, "expectedCalibrationError"), testRows: testRows === null ? null : Math.round(testRows),
    calibration: bins.map((bin) => ({ from: bin.from, to: bin.to, meanPredicted: bin.meanPredicted, observedRate: bin.observedRate, count: bin.count })),
  };
}

export function needsTraining(active: Pick<ModelVersionWithBytes, "createdAt"> | null, now: Date): boolean {
  return active === null || now.getTime() - active.createdAt.getTime() > RETRAIN_AFTER_DAYS * DAY_MS;
}

export type PublishedRisk = { kind: RiskKind; trainedVersion: number | null; activated: boolean; run: RecordedRiskRun | null; modelVersion: number | null };

async function trainIfDue(db: Db, actor: Actor, kind: RiskKind, asOf: string, due: (active: ModelVersionWithBytes | null) => boolean): Promise<{ version: number | null; activated: boolean }> {
  const name = kind === "late_fulfilment" ? LATE_FULFILMENT_MODEL.name : COLLECTIONS_MODEL.name;
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, name));
  if (!due(active)) return { version: null, activated: false };
  const trained = kind === "late_fulfilment" ? await trainLateFulfilmentRisk(db, actor, { asOf }) : await trainCollectionsRisk(db, actor, { asOf });
  return { version: trained.version.version, activated: trained.activated };
}

/** Scores with the active version and records the run; null when no version is active (nothing is replaced then). */
async function scoreAndRecord(db: Db, actor: Actor, kind: RiskKind, asOf: string): Promise<{ run: RecordedRiskRun; modelVersion: number } | null> {
  const definition = kind === "late_fulfilment" ? LATE_FULFILMENT_MODEL : COLLECTIONS_MODEL;
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, definition.name));
  if (!active) return null;
  const common = { modelName: definition.name, modelVersion: active.version, evaluation: evaluationOf(active), asOf };
  const run = kind === "late_fulfilment"
    ? await scoreOpenLines(db, asOf, SCORES_PER_RUN_MAX).then((lines) => inTransaction(db, (tx) => recordRiskScores(tx, actor, { kind, ...common,
      scores: lines.map((line) => ({ orderLineId: line.lineId, probability: line.probability,
        reasons: line.reasons.map((reason) => ({ ...reason, text: describeLateFulfilmentReason(reason.feature, reason.value) })) })) })))
    : await scoreCustomers(db, asOf, SCORES_PER_RUN_MAX).then((customers) => inTransaction(db, (tx) => recordRiskScores(tx, actor, { kind, ...common,
      scores: customers.map((c) => ({ customerId: c.customerId, invoiceId: c.invoiceId, probability: c.probability,
        reasons: c.reasons.map((reason) => ({ ...reason, text: describeCollectionsReason(reason.feature, reason.value) })) })) })));
  return { run, modelVersion: active.version };
}

/** One kind: train when due, then score every open subject and replace the previous run. */
export async function publishRisk(db: Db, actor: Actor, kind: RiskKind, options: { asOf: string; now?: Date; forceTraining?: boolean }): Promise<PublishedRisk> {
  const now = options.now ?? new Date();
  const trained = await trainIfDue(db, actor, kind, options.asOf, (active) => options.forceTraining === true || needsTraining(active, now));
  const scored = await scoreAndRecord(db, actor, kind, options.asOf);
  return { kind, trainedVersion: trained.version, activated: trained.activated, run: scored?.run ?? null, modelVersion: scored?.modelVersion ?? null };
}
