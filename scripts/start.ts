// `npm start`: builds the production app if the sources changed, starts (or connects to)
// PostgreSQL, applies migrations, loads the demo distributor into an empty database,
// starts the job worker and serves the Next.js app on PORT (default 3000).
import { prepareDatabase } from "./prepare";
import http from "node:http";
import path from "node:path";
import next from "next";
import { closeDb, createDb } from "../core/db/client";
import { resolveDatabase } from "../core/db/runtime";
import { isDatabaseEmpty, loadDemo } from "../core/demo";
import { ANOMALY_SCAN_JOB, DEDUPE_SCAN_JOB, DEMAND_FORECAST_JOB, PREDICTIVE_ALERTS_JOB } from "../jobs/definitions";
import { startWorker } from "../jobs/worker";
import { buildIfNeeded } from "./build";
import { takeOverStopSignals } from "./shutdown";

const ROOT = path.resolve(import.meta.dirname, "..");

/** True when this start loaded the demo into an empty database. */
async function loadDemoIfEmpty(url: string): Promise<boolean> {
  const db = createDb(url, { max: 4 });
  try {
    if (!(await isDatabaseEmpty(db))) return false;
    console.log("[keel] empty database: loading the demo distributor...");
    const summary = await loadDemo(db, { log: (line) => console.log(`[demo] ${line}`) });
    console.log("[keel] demo users (shown once; change them under Admin):");
    for (const user of summary.users) console.log(`  ${user.username.padEnd(12)} ${user.password}  (${user.roles.join(", ")})`);
    return true;
  } finally {
    await closeDb(db);
  }
}

/** The nightly model jobs, run once right after the demo loads. */
const FIRST_RUN_JOBS = [DEMAND_FORECAST_JOB, ANOMALY_SCAN_JOB, DEDUPE_SCAN_JOB, PREDICTIVE_ALERTS_JOB] as const;

/** Set once the database runs, so a failed start can stop what it started. */
let stopDatabase: () => Promise<void> = async () => {};

async function main(): Promise<void> {
  const signals = takeOverStopSignals();
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST ?? "0.0.0.0";
  if (!process.env.KEEL_SKIP_BUILD) await buildIfNeeded();
  const runtime = await resolveDatabase();
  stopDatabase = () => runtime.stop();
  await prepareDatabase(runtime.url);
  const loaded = await loadDemoIfEmpty(runtime.url);
  const worker = process.env.KEEL_WORKER === "off" ? null : await startWorker(runtime.url);
  if (loaded && worker) {
    // A fresh demo should not wait for tonight's schedules to show forecasts, flags and risk scores.
    for (const name of FIRST_RUN_JOBS) await worker.boss.send(name, {});
    console.log(`[keel] queued the first run of ${FIRST_RUN_JOBS.join(", ")}`);
  }

  const app = next({ dev: false, dir: ROOT, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => { void handle(req, res); });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => { server.off("error", reject); resolve(); });
  });
  console.log(`[keel] serving on http://localhost:${port}`);

  signals.ready(async (signal) => {
    console.log(`[keel] ${signal}: shutting down`);
    await new Promise((resolve) => server.close(resolve));
    await worker?.stop();
    await app.close?.();
    await runtime.stop();
  });
}

await main().catch(async (error: unknown) => {
  // The database and worker may already run: a failed start must not linger half-alive.
  console.error("[keel] start failed:", error);
  await stopDatabase().catch(() => {});
  process.exit(1);
});
