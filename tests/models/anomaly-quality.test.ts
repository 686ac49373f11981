// Proves the anomaly detector's quality on the demo distributor's injected ground truth
// (demo_ground_truth, kind 'anomaly': duplicated payments, round weekend journals, far-off price
// changes, outsized adjustments and orders, supplier terms switched with new bank details): after
// one scan of each entity, at least 80% of the injected anomalies are among the flags, and at
// least half of the flags are injected anomalies. The figures are printed for the registry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inTransaction } from "../../core/db/transaction";
import { listGroundTruth } from "../../core/demo/ground-truth";
import { listAnomalyFlags } from "../../core/governance/anomalies";
import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { legalEntity } from "../../core/masters/schema";
import { runAnomalyScan } from "../../models/anomaly/scan";
import { useDemoDatabase } from "../support/database";

const { db } = await useDemoDatabase();

test("the scan finds at least 80% of the injected anomalies at a precision of at least 50%", async () => {
  const entities = await db.select({ id: legalEntity.id, code: legalEntity.code }).from(legalEntity);
  for (const entity of entities) {
    const started = performance.now();
    const scans = await runAnomalyScan(db, { entityId: entity.id, fromDate: "2000-01-01", toDate: "2100-12-31" });
    console.log(`[anomaly] ${entity.code}: ${JSON.stringify(scans)} in ${Math.round(performance.now() - started)} ms`);
  }
  const truth = await inTransaction(db, (tx) => listGroundTruth(tx, "anomaly"));
  assert.ok(truth.length >= 10, `the demo injected anomalies (${truth.length})`);
  const flags = (await Promise.all(entities.map((e) => inTransaction(db, (tx) => listAnomalyFlags(tx, SYSTEM_ACTOR, { entityId: e.id, limit: 500 }))))).flat();
  const flagged = new Map(flags.map((f) => [`${f.subjectType}:${f.subjectId}`, f]));
  const keys = truth.map((t) => `${t.subjectType}:${t.subjectId}`);
  const found = keys.filter((key) => flagged.has(key));
  const missed = truth.filter((t) => !flagged.has(`${t.subjectType}:${t.subjectId}`)).map((t) => `${t.subjectType}:${t.subjectId} ${t.description}`);
  const truthKeys = new Set(keys);
  const falseFlags = flags.filter((f) => !truthKeys.has(`${f.subjectType}:${f.subjectId}`)).map((f) => `${f.subjectType}:${f.subjectId} ${f.score} ${f.reasons.summary}`);
  const recall = found.length / truth.length;
  const precision = flags.length === 0 ? 0 : found.length / flags.length;
  console.log(`[anomaly] recall ${recall.toFixed(3)} (${found.length}/${truth.length}), precision ${precision.toFixed(3)} (${found.length}/${flags.length})`);
  console.log(`[anomaly] missed:\n  ${missed.join("\n  ")}`);
  console.log(`[anomaly] false flags:\n  ${falseFlags.slice(0, 40).join("\n  ")}`);
  assert.ok(recall >= 0.8, `recall ${recall.toFixed(3)} below 0.8`);
  assert.ok(precision >= 0.5, `precision ${precision.toFixed(3)} below 0.5`);
});
