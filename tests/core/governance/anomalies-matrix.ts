// Matrix rows for the anomaly review queue. Confirming, dismissing and listing flags needs
// anomalies:review (admin, controller). recordAnomalyFlags is the scoring job's entry point:
// no signed-in user may record flags, whatever their role (the system actor does; its success
// is proven in anomalies.test.ts), so every role is refused. countOpenBlockingAnomalies takes no
// actor: the close checklist calls it after its own permission check.
import assert from "node:assert/strict";
import type { Tx } from "../../../core/db/client";
import {
  confirmAnomaly, dismissAnomaly, getAnomalyFlagOrThrow, listAnomalyFlags, recordAnomalyFlags,
} from "../../../core/governance/anomalies";
import { SYSTEM_ACTOR } from "../../../core/governance/permissions";
import type { PermissionCase } from "../permissions/matrix";

type WithEntity = { entityId: number };
type Row = PermissionCase<WithEntity, any>;

const FLAG_REASONS = {
  summary: "Round amount posted at 03:00",
  features: [{ name: "amount_log", value: 11.5, normalLow: 4, normalHigh: 8, contribution: 0.7 }],
};

/** One open high-severity flag, written as the scoring job writes it. */
export async function seedFlag(tx: Tx, entityId: number, subjectId = "matrix-1"): Promise<number> {
  await recordAnomalyFlags(tx, SYSTEM_ACTOR, {
    entityId, modelVersion: "matrix-v1",
    flags: [{ subjectType: "journal_entry", subjectId, occurredOn: "2026-03-15", score: 0.91, severity: "high", reasons: FLAG_REASONS }],
  });
  const [flag] = await listAnomalyFlags(tx, SYSTEM_ACTOR, { entityId, statuses: ["open"], limit: 1 });
  assert.ok(flag, "the seeded flag is listed");
  return flag.id;
}

export const ANOMALIES_MATRIX: readonly Row[] = [
  { name: "recordAnomalyFlags(users refused)", allowed: [],
    run: (tx, actor, f) => recordAnomalyFlags(tx, actor, { entityId: f.entityId, modelVersion: "matrix-v1", flags: [] }) },
  { name: "confirmAnomaly", permission: "anomalies:review",
    prepare: (tx, f) => seedFlag(tx, f.entityId),
    check: (result: { status: string }) => assert.equal(result.status, "confirmed"),
    run: (tx, actor, _f, flagId: number) => confirmAnomaly(tx, actor, { flagId }) },
  { name: "dismissAnomaly", permission: "anomalies:review",
    prepare: (tx, f) => seedFlag(tx, f.entityId),
    check: (result: { status: string }) => assert.equal(result.status, "dismissed"),
    run: (tx, actor, _f, flagId: number) => dismissAnomaly(tx, actor, { flagId, reason: "Year-end bonus accrual, expected" }) },
  { name: "listAnomalyFlags", permission: "anomalies:review",
    prepare: (tx, f) => seedFlag(tx, f.entityId),
    check: (result: unknown[]) => assert.equal(result.length, 1),
    run: (tx, actor, f) => listAnomalyFlags(tx, actor, { entityId: f.entityId }) },
  { name: "getAnomalyFlagOrThrow", permission: "anomalies:review",
    prepare: (tx, f) => seedFlag(tx, f.entityId),
    run: (tx, actor, _f, flagId: number) => getAnomalyFlagOrThrow(tx, actor, flagId) },
];
