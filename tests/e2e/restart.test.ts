// Proves the quick start's promise end to end: `npm start` with no DATABASE_URL creates the
// embedded PostgreSQL in its data directory, loads the demo distributor once and prints the
// demo users once; a second start on the same data loads nothing and keeps every row.
// It runs the real launcher (scripts/start.ts) twice on a fresh data directory of its own.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { closeDb, createDb } from "../../core/db/client";
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from "../../core/db/embedded";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PG_PORT = Number(process.env.KEEL_RESTART_PG_PORT ?? 54398);
const APP_PORT = Number(process.env.KEEL_RESTART_APP_PORT ?? 3296);

type Run = { output: string; stop(): Promise<number | null> };

async function startKeel(dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, KEEL_DATA_DIR: dataDir, KEEL_PG_PORT: String(PG_PORT), PORT: String(APP_PORT), KEEL_SKIP_BUILD: "1", KEEL_WORKER: "off" };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => { output += String(chunk); });
  child.stderr.on("data", (chunk) => { output += String(chunk); });
  const deadline = Date.now() + 300_000;
  for (;;) {
    assert.equal(child.exitCode, null, `npm start exited early:\n${output}`);
    assert.ok(Date.now() < deadline, `npm start did not serve within 300 s:\n${output}`);
    const healthy = await fetch(`http://127.0.0.1:${APP_PORT}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return {
    get output() { return output; },
    stop: () => new Promise((resolve) => { child.once("exit", (code) => resolve(code)); child.kill("SIGTERM"); }),
  };
}

async function rowCounts(): Promise<Record<string, string>> {
  const db = createDb(`postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${PG_PORT}/keel`, { max: 1 });
  try {
    const [row] = await db.$client`select
      (select count(*) from legal_entity)::text as entities, (select count(*) from item)::text as items,
      (select count(*) from customer)::text as customers, (select count(*) from journal_line)::text as journal_lines,
      (select coalesce(sum(value_minor), 0) from stock_balance)::text as stock_value, (select count(*) from app_user)::text as users`;
    return { ...row } as Record<string, string>;
  } finally {
    await closeDb(db);
  }
}

test("a second npm start on the same data keeps every row and loads no second demo", { timeout: 900_000 }, async () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), "keel-restart-"));
  // PostgreSQL runs as its own OS user, which must be able to reach the data directory.
  chmodSync(parent, 0o755);
  const dataDir = path.join(parent, "pg");
  try {
    const first = await startKeel(dataDir);
    const afterFirst = await rowCounts();
    assert.equal(await first.stop(), 0, `first start did not shut down cleanly:\n${first.output}`);
    assert.match(first.output, /demo users \(shown once/);
    assert.ok(Number(afterFirst.items) >= 1000 && Number(afterFirst.customers) >= 300, JSON.stringify(afterFirst));

    const second = await startKeel(dataDir);
    const afterSecond = await rowCounts();
    assert.equal(await second.stop(), 0, `second start did not shut down cleanly:\n${second.output}`);
    assert.doesNotMatch(second.output, /demo users/);
    assert.deepEqual(afterSecond, afterFirst);
  } finally {
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
});
