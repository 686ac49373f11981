// The test runner behind `npm test`: starts a real PostgreSQL (embedded, or the server in
// KEEL_TEST_DATABASE_URL), migrates a template database once, loads the demo distributor once
// into a second template when a test file asks for it (useDemoDatabase) or browser tests run, and
// for browser tests builds the app and starts it on a clone of that demo database.
// Then it runs every test file in one `node --test` so CI reads one summary line.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createDb, closeDb } from "../core/db/client";
import { loadDemo } from "../core/demo";
import { startEmbeddedPostgres } from "../core/db/embedded";
import { migrateDatabase } from "../core/db/migrate";
import { buildIfNeeded } from "../scripts/build";

const ROOT = path.resolve(import.meta.dirname, "..");
const TEMPLATE = "keel_template";
const DEMO_TEMPLATE = "keel_demo_template";
const E2E_PASSWORD = "keel-e2e-password";

function listTestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...listTestFiles(full));
    else if (/\.test\.tsx?$/.test(name)) files.push(path.relative(ROOT, full));
  }
  return files;
}

function urlWithDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function sql(serverUrl: string, statement: string): Promise<void> {
  const admin = createDb(urlWithDatabase(serverUrl, "postgres"), { max: 1 });
  try {
    await admin.$client.unsafe(statement);
  } finally {
    await closeDb(admin);
  }
}

async function prepareTemplate(serverUrl: string): Promise<void> {
  await sql(serverUrl, `update pg_database set datistemplate = false where datname = '${TEMPLATE}'`);
  await sql(serverUrl, `drop database if exists ${TEMPLATE} with (force)`);
  await sql(serverUrl, `create database ${TEMPLATE}`);
  await migrateDatabase(urlWithDatabase(serverUrl, TEMPLATE));
  await sql(serverUrl, `update pg_database set datistemplate = true where datname = '${TEMPLATE}'`);
}

/** Loads the demo distributor once per run; test files and the browser-test app clone it. */
async function prepareDemoTemplate(serverUrl: string): Promise<void> {
  await sql(serverUrl, `update pg_database set datistemplate = false where datname = '${DEMO_TEMPLATE}'`);
  await sql(serverUrl, `drop database if exists ${DEMO_TEMPLATE} with (force)`);
  await sql(serverUrl, `create database ${DEMO_TEMPLATE} template ${TEMPLATE}`);
  const db = createDb(urlWithDatabase(serverUrl, DEMO_TEMPLATE), { max: 4 });
  try {
    const summary = await loadDemo(db, { passwordFor: () => E2E_PASSWORD });
    console.log(`[tests] demo distributor loaded once for this run (as of ${summary.asOf}) in ${summary.elapsedMs} ms`);
  } finally {
    await closeDb(db);
  }
  await sql(serverUrl, `update pg_database set datistemplate = true where datname = '${DEMO_TEMPLATE}'`);
}

const isBrowserTest = (file: string): boolean => file.includes(`e2e${path.sep}`) || file.includes("e2e/");
const usesDemoDatabase = (file: string): boolean => readFileSync(path.join(ROOT, file), "utf8").includes("useDemoDatabase(");

async function waitForHealth(baseUrl: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`app server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`app server did not become healthy within ${timeoutMs} ms`);
}

async function startAppServer(serverUrl: string): Promise<{ baseUrl: string; databaseUrl: string; stop(): Promise<void> }> {
  await buildIfNeeded();
  const database = `keel_e2e_${process.pid}`;
  await sql(serverUrl, `drop database if exists ${database} with (force)`);
  // A clone of the demo template: start.ts finds the database populated and loads nothing.
  await sql(serverUrl, `create database ${database} template ${DEMO_TEMPLATE}`);
  const port = Number(process.env.KEEL_E2E_PORT ?? 3197);
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: urlWithDatabase(serverUrl, database), PORT: String(port), KEEL_DEMO_PASSWORD: E2E_PASSWORD, KEEL_SKIP_BUILD: "1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, server, 600_000);
  return {
    baseUrl,
    databaseUrl: urlWithDatabase(serverUrl, database),
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGTERM");
        await exited;
      }
      await sql(serverUrl, `drop database if exists ${database} with (force)`);
    },
  };
}

function runNodeTest(files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], {
      cwd: ROOT, env, stdio: "inherit",
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const files = requested.length > 0 ? requested : listTestFiles(path.join(ROOT, "tests"));
  const external = process.env.KEEL_TEST_DATABASE_URL;
  const embedded = external ? null : await startEmbeddedPostgres({
    dataDir: process.env.KEEL_TEST_PG_DIR ?? path.join(ROOT, "data", "test-pg"), port: Number(process.env.KEEL_TEST_PG_PORT ?? 54339), quiet: true,
  });
  const serverUrl = external ?? embedded!.urlFor("postgres");
  let app: Awaited<ReturnType<typeof startAppServer>> | null = null;
  let exitCode = 1;
  try {
    await prepareTemplate(serverUrl);
    const env: NodeJS.ProcessEnv = { ...process.env, KEEL_TEST_SERVER_URL: serverUrl, KEEL_TEST_TEMPLATE: TEMPLATE };
    const browser = files.some(isBrowserTest);
    if (browser || files.some(usesDemoDatabase)) {
      await prepareDemoTemplate(serverUrl);
      env.KEEL_TEST_DEMO_TEMPLATE = DEMO_TEMPLATE;
    }
    if (browser) {
      app = await startAppServer(serverUrl);
      env.KEEL_E2E_BASE_URL = app.baseUrl;
      env.KEEL_E2E_DATABASE_URL = app.databaseUrl;
      env.KEEL_E2E_PASSWORD = E2E_PASSWORD;
    }
    exitCode = await runNodeTest(files, env);
  } finally {
    await app?.stop().catch((error) => console.error("stopping the app server failed:", error));
    await embedded?.stop();
  }
  process.exit(exitCode);
}

await main();
