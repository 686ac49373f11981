// Keel's admin CLI: `npm run keel -- <command>`. Every command runs against DATABASE_URL, or
// the embedded PostgreSQL in ./data/pg (reused when the app already runs it), as the system actor.
// Exit codes: 0 done, 1 the command failed (a domain error or a database problem), 2 bad usage.
import { prepareDatabase } from "./prepare";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { closeDb, createDb, type Db, type Tx } from "../core/db/client";
import { availableMigrations } from "../core/db/migrate";
import { resolveDatabase, type DatabaseRuntime } from "../core/db/runtime";
import { SYSTEM_ACTOR } from "../core/governance/permissions";
import {
  entityIdByCodeOrThrow, formatHledger, formatJournalCsv, formatTrialBalance, loadJournalForExport, loadTrialBalanceForExport,
  type JournalFormat, type TrialBalanceFormat,
} from "../core/ledger/export";
import { legalEntity } from "../core/masters/schema";
import { isDomainError } from "../core/shared/errors";

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
const CLI_POOL_CONNECTIONS_MAX = 4;

/** A refusal caused by how the command was called or where (not a failure of the command): exit 2. */
class UsageError extends Error {}

/** Opens the database for one command and always closes it, and stops an embedded server started here. */
async function withDatabase<T>(fn: (db: Db, runtime: DatabaseRuntime) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const runtime = await resolveDatabase({ quiet: true });
  let db: Db | null = null;
  try {
    if (options.migrate) await prepareDatabase(runtime.url);
    db = createDb(runtime.url, { max: CLI_POOL_CONNECTIONS_MAX });
    return await fn(db, runtime);
  } finally {
    if (db) await closeDb(db);
    await runtime.stop();
  }
}

/** Exports read one snapshot, so entities and totals agree even while the app keeps posting. */
function readSnapshot<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn, { isolationLevel: "repeatable read", accessMode: "read only" });
}

async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (file) {
    writeFileSync(file, text);
    return;
  }
  // Wait for the write so process.exit cannot cut a long export short on a pipe. A reader that
  // closed early (`| head`) is not an error of the export.
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => {
      if (error && (error as NodeJS.ErrnoException).code !== "EPIPE") reject(error);
      else resolve();
    };
    process.stdout.once("error", done);
    process.stdout.write(text, done);
  });
}

function parseSeed(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError("the seed must be a whole number between 0 and 999999999");
  return Number(value);
}

function parseDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError("expected a calendar date as YYYY-MM-DD");
  }
  return value;
}

async function migrateCommand(): Promise<void> {
  await withDatabase(async () => {
    console.log(`database migrated (${availableMigrations().length} migrations known)`);
  }, { migrate: true });
}

async function demoLoadCommand(options: { seed?: number }): Promise<void> {
  await withDatabase(async (db) => {
    const existing = await db.select({ code: legalEntity.code }).from(legalEntity).limit(5);
    if (existing.length > 0) {
      throw new UsageError(`the database already has legal entities (${existing.map((e) => e.code).join(", ")}); ` +
        "demo load only fills an empty database");
    }
    // Loaded on demand: the generators are only needed by this command.
    const { DemoError, loadDemo } = await import("../core/demo");
    const summary = await loadDemo(db, { seed: options.seed, log: (message: string) => console.log(`[demo] ${message}`) })
      .catch((error: unknown) => {
        // Another process filled the database between the check above and the load's own locked check.
        if (isDomainError(error) && error.code === DemoError.DATABASE_NOT_EMPTY) throw new UsageError(error.userMessage);
        throw error;
      });
    console.log("demo distributor loaded; demo users (shown once):");
    for (const user of summary.users) console.log(`  ${user.username.padEnd(12)} ${user.password}  (${user.roles.join(", ")})`);
  }, { migrate: true });
}

async function journalExportCommand(options: { entity?: string; format: JournalFormat; output?: string }): Promise<void> {
  const text = await withDatabase((db) => readSnapshot(db, async (tx) => {
    const entityId = options.entity ? await entityIdByCodeOrThrow(tx, SYSTEM_ACTOR, options.entity) : null;
    const entries = await loadJournalForExport(tx, SYSTEM_ACTOR, { entityId });
    return options.format === "hledger" ? formatHledger(entries) : formatJournalCsv(entries);
  }));
  await writeOutput(text, options.output);
}

async function trialBalanceCommand(options: { entity?: string; asOf?: string; format: TrialBalanceFormat; output?: string }): Promise<void> {
  const text = await withDatabase((db) => readSnapshot(db, async (tx) => {
    const entityId = options.entity ? await entityIdByCodeOrThrow(tx, SYSTEM_ACTOR, options.entity) : null;
    const rows = await loadTrialBalanceForExport(tx, SYSTEM_ACTOR, { entityId, asOf: options.asOf ?? null });
    return formatTrialBalance(rows, options.format);
  }));
  await writeOutput(text, options.output);
}

async function auditVerifyCommand(): Promise<void> {
  const { runAuditVerify } = await import("../core/governance/audit-chain");
  const result = await withDatabase((db) => runAuditVerify(db));
  for (const line of result.lines) console.log(line);
  process.exitCode = result.exitCode;
}

function parsePositiveInt(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return Number(value);
}

async function forecastCommand(options: { input: string; horizon: number; season: number; output: string; folds?: number }): Promise<void> {
  // Loaded on demand: onnxruntime is only needed by this command. No database is used.
  const { forecastFile } = await import("../models/forecast/cli");
  for (const line of await forecastFile(options)) console.log(line);
}

async function dedupeCommand(options: { input: string; id: string; fields: string; output: string; threshold?: number }): Promise<void> {
  // Loaded on demand: onnxruntime is only needed by this command. No database is used.
  const { dedupeFile } = await import("../models/dedupe/cli");
  for (const line of await dedupeFile(options)) console.log(line);
}

function parseProbability(value: string): number {
  const parsed = Number(value);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(value) || !Number.isFinite(parsed)) throw new InvalidArgumentError("expected a number between 0 and 1");
  return parsed;
}

export function buildProgram(): Command {
  const program = new Command("keel").description("Keel admin commands").exitOverride().showHelpAfterError(false);
  program.command("migrate").description("apply the committed migrations under drizzle/").action(migrateCommand);
  program.command("demo").description("demo data").command("load")
    .description("load the demo distributor into an empty database")
    .option("--seed <n>", "seed for the generated data", parseSeed)
    .action(demoLoadCommand);
  program.command("journal").description("journal entries").command("export")
    .description("export every posted journal entry (all entities unless one is named)")
    .option("--entity <code>", "legal entity code")
    .addOption(new Option("--format <format>", "output format").choices(["hledger", "csv"]).makeOptionMandatory())
    .option("--output <file>", "write to a file instead of stdout")
    .action(journalExportCommand);
  program.command("trial-balance").description("balances per account")
    .option("--entity <code>", "legal entity code")
    .option("--as-of <date>", "include postings up to this date (YYYY-MM-DD)", parseDate)
    .addOption(new Option("--format <format>", "output format").choices(["csv", "table"]).makeOptionMandatory())
    .option("--output <file>", "write to a file instead of stdout")
    .action(trialBalanceCommand);
  program.command("audit").description("audit trail").command("verify")
    .description("seal new audit rows into the hash chain and verify the whole chain; names the first broken row")
    .action(auditVerifyCommand);
  program.command("forecast")
    .description("forecast every series of a CSV file (series_id,t,value) with the demand forecaster; prints backtest MASE vs baselines")
    .requiredOption("--input <file>", "series file with columns series_id,t,value (t an integer period index)")
    .requiredOption("--horizon <n>", "periods to forecast after each series' last period", parsePositiveInt)
    .requiredOption("--season <n>", "periods per season (52 for weekly data with yearly seasonality)", parsePositiveInt)
    .requiredOption("--output <file>", "where to write series_id,t,forecast,lo,hi")
    .option("--folds <n>", "rolling origins of the backtest (default 3)", parsePositiveInt)
    .action(forecastCommand);
  program.command("dedupe")
    .description("find likely duplicate records in a CSV file (blocking + pairwise classifier); writes id_a,id_b,score,is_duplicate")
    .requiredOption("--input <file>", "records file with a header row")
    .requiredOption("--id <column>", "the column holding each record's unique id")
    .requiredOption("--fields <columns>", "comma-separated columns to compare, the name first (e.g. name,address,city,phone)")
    .requiredOption("--output <file>", "where to write one row per candidate pair")
    .option("--threshold <p>", "score from which a pair is a duplicate (default 0.5)", parseProbability)
    .action(dedupeCommand);
  return program;
}

function isUndefinedTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "42P01";
}

/** Maps what a command threw to an exit code, printing one line on stderr. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander printed its own message; help and version are not failures.
    return ["commander.helpDisplayed", "commander.version"].includes(error.code) ? 0 : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    return EXIT_USAGE;
  }
  if (isDomainError(error)) {
    console.error(`error: ${error.code}: ${error.userMessage}`);
    return EXIT_FAILED;
  }
  if (isUndefinedTable(error)) {
    console.error("error: the database has no Keel tables yet: run `npm run keel -- migrate` first");
    return EXIT_FAILED;
  }
  console.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT_FAILED;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: "user" });
    // A command that ran but found a problem (audit verify) sets the exit code itself.
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runCli(process.argv.slice(2)));
}
