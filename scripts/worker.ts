// `npm run worker`: runs the pg-boss job worker alone (without the web app) on DATABASE_URL or
// the embedded PostgreSQL in ./data/pg, after applying migrations; stops on SIGINT or SIGTERM.
import { prepareDatabase } from "./prepare";
import { resolveDatabase, type DatabaseRuntime } from "../core/db/runtime";
import { startWorker, type RunningWorker } from "../jobs/worker";
import { takeOverStopSignals } from "./shutdown";

async function startAll(): Promise<{ runtime: DatabaseRuntime; worker: RunningWorker }> {
  const runtime = await resolveDatabase();
  try {
    await prepareDatabase(runtime.url);
    return { runtime, worker: await startWorker(runtime.url) };
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}

async function stopAll(runtime: DatabaseRuntime, worker: RunningWorker, signal: string): Promise<void> {
  console.error(`[worker] ${signal}: stopping`);
  try {
    await worker.stop();
  } finally {
    await runtime.stop();
  }
}

async function main(): Promise<void> {
  const signals = takeOverStopSignals();
  const { runtime, worker } = await startAll();
  signals.ready((signal) => stopAll(runtime, worker, signal));
}

await main();
