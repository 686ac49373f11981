// Matrix rows for the predictive risk store. Late-fulfilment risks and the latest late-fulfilment run
// need sales:read; collections risks and their run need ledger:read (finance). recordRiskScores is the
// scoring job's entry point: no signed-in user may record scores, whatever their role (the system
// actor does; its success is proven in risk-scores.test.ts), so every role is refused.
import assert from "node:assert/strict";
import { getLatestRiskRun, listCollectionsRisks, listLateFulfilmentRisks, recordRiskScores } from "../../../../core/sales/risk";
import type { PermissionCase } from "../../permissions/matrix";

type WithEntity = { entityId: number };
type Row = PermissionCase<WithEntity, any>;

export const RISK_MATRIX: readonly Row[] = [
  { name: "recordRiskScores(users refused)", allowed: [],
    run: (tx, actor) => recordRiskScores(tx, actor, { kind: "late_fulfilment", modelName: "late_fulfilment_risk", modelVersion: 1, asOf: "2026-03-01",
      evaluation: { auc: 0.8, brier: 0.1, baseRateBrier: 0.2, expectedCalibrationError: 0.02, testRows: 10, calibration: [] }, scores: [] }) },
  { name: "listLateFulfilmentRisks", permission: "sales:read",
    check: (result: unknown[]) => assert.ok(Array.isArray(result)),
    run: (tx, actor, f) => listLateFulfilmentRisks(tx, actor, { entityId: f.entityId, limit: 10 }) },
  { name: "listCollectionsRisks", permission: "ledger:read",
    check: (result: unknown[]) => assert.ok(Array.isArray(result)),
    run: (tx, actor, f) => listCollectionsRisks(tx, actor, { entityId: f.entityId, minProbability: 0.5 }) },
  { name: "getLatestRiskRun(late_fulfilment)", permission: "sales:read",
    run: (tx, actor) => getLatestRiskRun(tx, actor, "late_fulfilment") },
  { name: "getLatestRiskRun(collections)", permission: "ledger:read",
    run: (tx, actor) => getLatestRiskRun(tx, actor, "collections") },
];
