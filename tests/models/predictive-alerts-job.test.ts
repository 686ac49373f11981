// Proves the predictive-alerts job on the demo distributor: on a database with no model it trains and
// activates both risk models, scores every open order line and every customer with open invoices by
// the active versions and records them, so sales sees at-risk lines and finance at-risk customers,
// each with reasons in words and the version's held-out AUC and calibration; run again within the
// week, it trains nothing and replaces the scores instead of adding to them.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { inTransaction } from "../../core/db/transaction";
import type { Actor } from "../../core/governance/permissions";
import { getLatestRiskRun, listCollectionsRisks, listLateFulfilmentRisks } from "../../core/sales/risk";
import { createConsoleLogger } from "../../jobs/log";
import { predictiveAlertsJob } from "../../jobs/definitions/predictive-alerts";
import { getActiveVersion } from "../../models/registry";
import { useDemoDatabase } from "../support/database";

const { db } = await useDemoDatabase();
const log = createConsoleLogger({ prefix: "[predictive-alerts]", minLevel: "warn" });
const SALES: Actor = { userId: 1, username: "a sales clerk", roles: ["sales"] };
const CONTROLLER: Actor = { userId: 1, username: "a controller", roles: ["controller"] };
let asOf = "";
type JobResult = { published: { kind: string; trainedVersion: number | null; activated: boolean; modelVersion: number | null; run: { runId: number; scored: number; replaced: number } | null }[]; failed: unknown[] };
let first: JobResult;

async function scoreCounts(): Promise<Record<string, number>> {
  const rows = await db.execute<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from sales_risk_score group by kind`);
  return Object.fromEntries(rows.map((row) => [row.kind, row.n]));
}

before(async () => {
  const [row] = await db.execute<{ last: string }>(sql`select max(order_date)::text as last from sales_order`);
  asOf = row!.last;
  first = await predictiveAlertsJob.run({ db, log }, { asOf }) as JobResult;
});

test("with no active model the job trains, activates and scores both kinds", async () => {
  assert.deepEqual(first.failed, []);
  for (const kind of ["late_fulfilment", "collections"]) {
    const result = first.published.find((p) => p.kind === kind);
    assert.ok(result?.trainedVersion, `${kind} trained`);
    assert.equal(result.activated, true, `${kind} activated`);
    assert.equal(result.modelVersion, result.trainedVersion);
    assert.ok((result.run?.scored ?? 0) > 0, `${kind} scored something`);
  }
  const counts = await scoreCounts();
  assert.equal(counts.late_fulfilment, first.published.find((p) => p.kind === "late_fulfilment")!.run!.scored);
  assert.equal(counts.collections, first.published.find((p) => p.kind === "collections")!.run!.scored);
});

test("sales sees the riskiest open lines with reasons in words and the model's held-out figures", async () => {
  const lines = await inTransaction(db, (tx) => listLateFulfilmentRisks(tx, SALES, { limit: 20 }));
  assert.ok(lines.length > 0);
  for (let index = 1; index < lines.length; index += 1) assert.ok(lines[index - 1]!.probability >= lines[index]!.probability);
  const explained = lines.find((line) => line.reasons.length > 0);
  assert.ok(explained, "some at-risk line comes with reasons");
  for (const reason of explained.reasons) assert.ok(reason.contribution > 0 && (reason.text ?? "").length > 3, JSON.stringify(reason));
  const run = await inTransaction(db, (tx) => getLatestRiskRun(tx, SALES, "late_fulfilment"));
  const active = await inTransaction(db, (tx) => getActiveVersion(tx, "late_fulfilment_risk"));
  assert.equal(run?.modelVersion, active?.version);
  assert.equal(run?.evaluation.auc, (active!.metrics as { auc: number }).auc);
  assert.ok((run?.evaluation.auc ?? 0) > 0.6);
  assert.ok((run?.evaluation.calibration.length ?? 0) > 0, "calibration bins are recorded");
});

test("finance sees customers at risk of paying late with their open balance and reasons", async () => {
  const customers = await inTransaction(db, (tx) => listCollectionsRisks(tx, CONTROLLER, { limit: 20, asOf }));
  assert.ok(customers.length > 0);
  assert.equal(new Set(customers.map((c) => c.customerId)).size, customers.length, "one row per customer");
  assert.ok(customers.some((c) => c.openMinor > 0n), "scored customers have open invoices");
  assert.ok(customers[0]!.reasons.every((reason) => (reason.text ?? "").length > 3));
  const run = await inTransaction(db, (tx) => getLatestRiskRun(tx, CONTROLLER, "collections"));
  assert.ok((run?.evaluation.auc ?? 0) > 0.6);
});

test("run again within the week, the job trains nothing and replaces the scores", async () => {
  const before = await scoreCounts();
  const second = await predictiveAlertsJob.run({ db, log }, { asOf }) as JobResult;
  for (const result of second.published) {
    assert.equal(result.trainedVersion, null, `${result.kind} not retrained`);
    const previous = first.published.find((p) => p.kind === result.kind)!;
    assert.equal(result.modelVersion, previous.modelVersion);
    assert.equal(result.run?.replaced, previous.run?.scored);
    assert.notEqual(result.run?.runId, previous.run?.runId);
  }
  assert.deepEqual(await scoreCounts(), before);
});
