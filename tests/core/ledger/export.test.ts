// Proves the journal export and trial-balance formats agree with Keel's own ledger: a three-entity
// ledger (USD, CAD and zero-decimal JPY, with odd minor units, a foreign document currency and a
// reversal) is posted through the real posting engine, exported, checked by the real hledger
// binary (`check --strict`, then balances compared to trialBalance to the minor unit), read back
// from CSV, and printed by the CLI as a child process against the same database.
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { promisify } from "node:util";
import type { Tx } from "../../../core/db/client";
import { SYSTEM_ACTOR, type Actor } from "../../../core/governance/permissions";
import { createFiscalYear, postJournal, reverseEntry, trialBalance, type JournalLineDraft } from "../../../core/ledger";
import {
  entityIdByCodeOrThrow, formatHledger, formatJournalCsv, formatTrialBalance, hledgerAccountName, loadJournalForExport,
  loadTrialBalanceForExport, JOURNAL_CSV_COLUMNS, TRIAL_BALANCE_CSV_COLUMNS,
} from "../../../core/ledger/export";
import { account, currency, legalEntity } from "../../../core/masters/schema";
import { formatMinor } from "../../../core/shared/money";
import { useTestDatabase } from "../../support/database";

const { db, url } = await useTestDatabase();
const ROOT = path.resolve(import.meta.dirname, "../../..");
const HLEDGER = process.env.KEEL_HLEDGER ?? "hledger";
const workDir = mkdtempSync(path.join(tmpdir(), "keel-export-"));
after(() => rmSync(workDir, { recursive: true, force: true }));
const run = promisify(execFile);

type AccountSpec = [code: string, name: string, type: "asset" | "liability" | "equity" | "revenue" | "expense"];

// Names with the characters hledger treats specially: ':' (sub-account), two spaces, ';' and '#'.
const CHART: AccountSpec[] = [
  ["1000", "Cash:  operating", "asset"],
  ["1100", "Accounts receivable", "asset"],
  ["1200", "Inventory; finished goods #1", "asset"],
  ["2000", "Accounts payable", "liability"],
  ["2200", "Sales tax payable", "liability"],
  ["3000", "Opening balance equity", "equity"],
  ["4000", "Revenue", "revenue"],
  ["5000", "Cost of goods sold", "expense"],
  ["6100", "Freight (inbound)", "expense"],
];

const debit = (accountId: number, amountMinor: bigint, extra: Partial<JournalLineDraft> = {}): JournalLineDraft =>
  ({ accountId, debitMinor: amountMinor, creditMinor: 0n, ...extra });
const credit = (accountId: number, amountMinor: bigint, extra: Partial<JournalLineDraft> = {}): JournalLineDraft =>
  ({ accountId, debitMinor: 0n, creditMinor: amountMinor, ...extra });

async function createEntity(tx: Tx, code: string, currencyCode: string): Promise<{ entityId: number; accounts: Map<string, number> }> {
  const [entity] = await tx.insert(legalEntity).values({ code, name: `${code} Distribution`, baseCurrency: currencyCode, timeZone: "UTC" }).returning();
  assert.ok(entity);
  const rows = await tx.insert(account).values(CHART.map(([accountCode, name, type]) => ({ entityId: entity.id, code: accountCode, name, type }))).returning();
  await createFiscalYear(tx, SYSTEM_ACTOR, { entityId: entity.id, year: 2026 });
  return { entityId: entity.id, accounts: new Map(rows.map((r) => [r.code, r.id])) };
}

function accountIdOf(accounts: Map<string, number>, code: string): number {
  const id = accounts.get(code);
  assert.ok(id, `account ${code}`);
  return id;
}

async function post(tx: Tx, entityId: number, postingDate: string, description: string, lines: JournalLineDraft[]): Promise<number> {
  const posted = await postJournal(tx, SYSTEM_ACTOR, { entityId, postingDate, eventType: "manual", sourceType: "test", sourceId: null, description, lines });
  return posted.id;
}

async function postUsLedger(tx: Tx): Promise<void> {
  const { entityId, accounts } = await createEntity(tx, "US01", "USD");
  const a = (code: string) => accountIdOf(accounts, code);
  await post(tx, entityId, "2026-01-05", "Opening stock", [debit(a("1200"), 1234567n), credit(a("3000"), 1234567n)]);
  await post(tx, entityId, "2026-01-10", "Invoice INV-1; customer #7", [
    debit(a("1100"), 100001n, { memo: 'Invoice "A-1", net 30' }), credit(a("4000"), 92593n), credit(a("2200"), 7408n, { memo: "tax\r\nline two" }),
  ]);
  const cogs = await post(tx, entityId, "2026-01-10", "Shipment SH-1", [debit(a("5000"), 60003n), credit(a("1200"), 60003n)]);
  await reverseEntry(tx, SYSTEM_ACTOR, { entryId: cogs, postingDate: "2026-01-15", reason: "shipped twice by mistake" });
  // A supplier invoice in euros: base amounts in USD, the document amounts kept beside them.
  await post(tx, entityId, "2026-02-01", "Receipt from EU supplier", [
    debit(a("1200"), 11011n, { documentCurrency: "EUR", documentDebitMinor: 10001n, documentCreditMinor: 0n }),
    credit(a("2000"), 11011n, { documentCurrency: "EUR", documentDebitMinor: 0n, documentCreditMinor: 10001n }),
  ]);
  await post(tx, entityId, "2026-03-01", "Freight\nsurcharge", [debit(a("6100"), 1n), credit(a("1000"), 1n)]);
}

async function postCaLedger(tx: Tx): Promise<void> {
  const { entityId, accounts } = await createEntity(tx, "CA01", "CAD");
  const a = (code: string) => accountIdOf(accounts, code);
  await post(tx, entityId, "2026-01-06", "Opening stock", [debit(a("1200"), 500005n), credit(a("3000"), 500005n)]);
  await post(tx, entityId, "2026-01-20", "Invoice INV-9", [debit(a("1100"), 11300n), credit(a("4000"), 10000n), credit(a("2200"), 1300n)]);
  await post(tx, entityId, "2026-01-21", "Shipment SH-9", [debit(a("5000"), 7777n), credit(a("1200"), 7777n)]);
}

async function postJpLedger(tx: Tx): Promise<void> {
  const { entityId, accounts } = await createEntity(tx, "JP01", "JPY");
  const a = (code: string) => accountIdOf(accounts, code);
  await post(tx, entityId, "2026-01-07", "Opening stock", [debit(a("1200"), 123457n), credit(a("3000"), 123457n)]);
  await post(tx, entityId, "2026-01-08", "Cash sale", [debit(a("1000"), 999n), credit(a("4000"), 999n)]);
}

before(async () => {
  await db.transaction(async (tx) => {
    await tx.insert(currency).values([
      { code: "USD", name: "US dollar", minorUnitDigits: 2 },
      { code: "CAD", name: "Canadian dollar", minorUnitDigits: 2 },
      { code: "EUR", name: "Euro", minorUnitDigits: 2 },
      { code: "JPY", name: "Japanese yen", minorUnitDigits: 0 },
    ]);
    await postUsLedger(tx);
    await postCaLedger(tx);
    await postJpLedger(tx);
  });
});

const read = <T>(fn: (tx: Tx) => Promise<T>) => db.transaction(fn, { isolationLevel: "repeatable read", accessMode: "read only" });

function hledgerAvailable(t: TestContext): boolean {
  const probe = spawnSync(HLEDGER, ["--version"], { encoding: "utf8" });
  if (probe.status === 0) return true;
  if (process.env.KEEL_REQUIRE_HLEDGER === "1") assert.fail(`hledger is required (KEEL_REQUIRE_HLEDGER=1) but did not run: ${probe.error?.message ?? probe.stderr}`);
  t.skip("hledger not installed");
  return false;
}

function hledger(args: string[]): string {
  const result = spawnSync(HLEDGER, args, { encoding: "utf8" });
  assert.equal(result.status, 0, `hledger ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

/** A small RFC 4180 reader, so the tests check the quoting rather than trust it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      const close = text.indexOf('"', index + 1);
      assert.ok(close > index, "unterminated quoted field");
      field += text.slice(index + 1, close);
      index = close + 1;
      if (text[index] === '"') field += '"';
      continue;
    }
    if (char === ",") { row.push(field); field = ""; index += 1; continue; }
    if (char === "\r" && text[index + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; index += 2; continue; }
    assert.notEqual(char, "\n", "a bare LF outside quotes is not an RFC 4180 record end");
    field += char;
    index += 1;
  }
  assert.equal(field, "", "the last record must end in CRLF");
  assert.equal(row.length, 0, "the last record must end in CRLF");
  return rows;
}

/** hledger's `bal -O csv` as a map from account name to "amount COMMODITY". */
function hledgerBalances(file: string, extraArgs: string[] = []): Map<string, string> {
  const rows = parseCsv(hledger(["-f", file, "bal", "-O", "csv", "--no-total", ...extraArgs]).replace(/\r?\n/g, "\r\n"));
  assert.deepEqual(rows[0], ["account", "balance"]);
  return new Map(rows.slice(1).map(([name, amount]) => [name ?? "", amount ?? ""]));
}

async function keelBalances(asOf: string | null): Promise<Map<string, string>> {
  const rows = await read((tx) => loadTrialBalanceForExport(tx, SYSTEM_ACTOR, { asOf }));
  return new Map(rows.filter((r) => r.balanceMinor !== 0n)
    .map((r) => [hledgerAccountName(r.entityCode, { accountCode: r.accountCode, accountName: r.accountName, accountType: r.accountType as "asset" }),
      `${formatMinor(r.balanceMinor, r.minorUnitDigits)} ${r.currency}`]));
}

function writeJournal(name: string, text: string): string {
  const file = path.join(workDir, name);
  writeFileSync(file, text);
  return file;
}

test("the hledger export of every entity passes hledger check --strict", async (t) => {
  if (!hledgerAvailable(t)) return;
  const text = formatHledger(await read((tx) => loadJournalForExport(tx, SYSTEM_ACTOR)));
  hledger(["-f", writeJournal("all.journal", text), "check", "--strict"]);
  assert.match(text, /^commodity 1000\. JPY$/m, "zero-decimal currencies still declare a decimal mark");
  assert.match(text, /^account US01:assets {2}; type: A$/m);
  assert.match(text, /^ {4}US01:assets:1200 Inventory- finished goods -1 +12345\.67 USD$/m);
  assert.doesNotMatch(text, /Cash: {2}operating/, "account names lose ':' and double spaces");
  assert.match(text, /^2026-01-15 \(JE-US01-\d{8}\) Reversal of JE-US01-\d{8}: shipped twice by mistake$/m);
  assert.match(text, /document: 100\.01 EUR/, "the document currency amount rides along as a comment");
});

test("hledger balances per account equal Keel's trial balance to the minor unit", async (t) => {
  if (!hledgerAvailable(t)) return;
  const file = writeJournal("balances.journal", formatHledger(await read((tx) => loadJournalForExport(tx, SYSTEM_ACTOR))));
  const keel = await keelBalances(null);
  assert.deepEqual(hledgerBalances(file), keel);
  assert.equal(keel.get("US01:assets:1200 Inventory- finished goods -1"), "12455.78 USD");
  assert.equal(keel.get("JP01:assets:1200 Inventory- finished goods -1"), "123457 JPY");
  assert.equal(keel.get("US01:expenses:5000 Cost of goods sold"), undefined, "the reversed COGS nets to zero");
  // As of a date: hledger's end date is exclusive, Keel's asOf inclusive.
  assert.deepEqual(hledgerBalances(file, ["-e", "2026-01-11"]), await keelBalances("2026-01-10"));
});

test("hledger accepts a single-entity export and sees only that entity", async (t) => {
  if (!hledgerAvailable(t)) return;
  const entries = await read(async (tx) => loadJournalForExport(tx, SYSTEM_ACTOR, { entityId: await entityIdByCodeOrThrow(tx, SYSTEM_ACTOR, "CA01") }));
  assert.deepEqual([...new Set(entries.map((e) => e.entityCode))], ["CA01"]);
  const file = writeJournal("ca01.journal", formatHledger(entries));
  hledger(["-f", file, "check", "--strict"]);
  assert.deepEqual([...hledgerBalances(file).keys()].filter((name) => !name.startsWith("CA01:")), []);
});

test("the journal CSV has one record per line and round-trips totals and awkward text", async () => {
  const entries = await read((tx) => loadJournalForExport(tx, SYSTEM_ACTOR));
  const rows = parseCsv(formatJournalCsv(entries));
  assert.deepEqual(rows[0], [...JOURNAL_CSV_COLUMNS]);
  const [lineCount] = await db.$client<{ n: number }[]>`select count(*)::int as n from journal_line`;
  assert.equal(rows.length - 1, lineCount?.n);
  const sums = await db.$client<{ code: string; debit: string; credit: string }[]>`
    select le.code, sum(l.debit_minor)::text as debit, sum(l.credit_minor)::text as credit
      from journal_line l join legal_entity le on le.id = l.entity_id group by le.code`;
  for (const sum of sums) {
    const mine = rows.slice(1).filter((r) => r[0] === sum.code);
    const digits = sum.code === "JP01" ? 0 : 2;
    const total = (column: number) => mine.reduce((acc, r) => acc + BigInt((r[column] ?? "").replace(".", "")), 0n);
    assert.equal(formatMinor(total(8), digits), formatMinor(BigInt(sum.debit), digits), `${sum.code} debits`);
    assert.equal(total(8), total(9), `${sum.code} balances`);
  }
  const invoice = rows.find((r) => r[11] === 'Invoice "A-1", net 30');
  assert.ok(invoice, "a memo with quotes and a comma comes back intact");
  assert.deepEqual([invoice[0], invoice[2], invoice[6], invoice[8], invoice[9], invoice[10]], ["US01", "2026-01-10", "1100", "1000.01", "0.00", "USD"]);
  assert.ok(rows.some((r) => r[11] === "tax\r\nline two"), "a memo with a line break comes back intact");
  assert.ok(rows.some((r) => r[0] === "JP01" && r[8] === "123457"), "zero-decimal amounts have no decimal point");
});

test("the trial balance CSV carries Keel's trial balance row for row", async () => {
  const rows = await read((tx) => loadTrialBalanceForExport(tx, SYSTEM_ACTOR));
  const keel = await read((tx) => trialBalance(tx, SYSTEM_ACTOR));
  const parsed = parseCsv(formatTrialBalance(rows, "csv"));
  assert.deepEqual(parsed[0], [...TRIAL_BALANCE_CSV_COLUMNS]);
  assert.equal(parsed.length - 1, keel.length);
  keel.forEach((row, index) => {
    const digits = row.currency === "JPY" ? 0 : 2;
    assert.deepEqual(parsed[index + 1], [row.entityCode, row.accountCode, row.accountName, row.accountType,
      formatMinor(row.debitMinor, digits), formatMinor(row.creditMinor, digits), formatMinor(row.balanceMinor, digits), row.currency]);
  });
});

test("the trial balance table shows each balance on its side with equal totals per entity", async () => {
  const rows = await read(async (tx) => loadTrialBalanceForExport(tx, SYSTEM_ACTOR, { entityId: await entityIdByCodeOrThrow(tx, SYSTEM_ACTOR, "CA01") }));
  const table = formatTrialBalance(rows, "table");
  const lines = table.split("\n");
  assert.equal(lines[0], "CA01 (CAD)");
  assert.match(table, /^1100 +Accounts receivable +asset +113\.00$/m);
  assert.match(table, /^2200 +Sales tax payable +liability +13\.00$/m, "a credit balance sits in the credit column");
  assert.match(table, /^Total +5113\.05 +5113\.05$/m);
  assert.equal(formatTrialBalance([], "table"), "No postings.\n");
  const all = formatTrialBalance(await read((tx) => loadTrialBalanceForExport(tx, SYSTEM_ACTOR)), "table");
  assert.deepEqual(all.split("\n").filter((l) => /^[A-Z]{2}\d{2} \(/.test(l)), ["CA01 (CAD)", "JP01 (JPY)", "US01 (USD)"]);
  assert.match(all, /^Total +124456 +124456$/m);
});

test("exports refuse an actor without ledger:read and an unknown entity code", async () => {
  const planner: Actor = { userId: null, username: "pat", roles: ["planner"] };
  await assert.rejects(read((tx) => loadJournalForExport(tx, planner)), { code: "AUTH_FORBIDDEN" });
  await assert.rejects(read((tx) => entityIdByCodeOrThrow(tx, SYSTEM_ACTOR, "NOPE")), { code: "LEDGER_ENTITY_NOT_FOUND" });
});

async function keelCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/keel.ts", ...args], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    assert.equal(typeof failed.code, "number", `the CLI did not run: ${String(error)}`);
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

test("the CLI prints the trial balance CSV that matches trialBalance", async () => {
  const result = await keelCli(["trial-balance", "--format", "csv"]);
  assert.equal(result.code, 0, result.stderr);
  const keel = await read((tx) => trialBalance(tx, SYSTEM_ACTOR));
  const parsed = parseCsv(result.stdout);
  assert.equal(parsed.length - 1, keel.length);
  keel.forEach((row, index) => {
    const digits = row.currency === "JPY" ? 0 : 2;
    const cli = parsed[index + 1] ?? [];
    assert.deepEqual([cli[0], cli[1], cli[6], cli[7]], [row.entityCode, row.accountCode, formatMinor(row.balanceMinor, digits), row.currency]);
  });
  const asOf = await keelCli(["trial-balance", "--format", "csv", "--entity", "US01", "--as-of", "2026-01-10"]);
  assert.equal(asOf.code, 0, asOf.stderr);
  assert.equal(asOf.stdout, formatTrialBalance(await read((tx) => loadTrialBalanceForExport(tx, SYSTEM_ACTOR, {
    entityId: rowsEntityId(keel, "US01"), asOf: "2026-01-10" })), "csv"));
});

function rowsEntityId(rows: readonly { entityCode: string; entityId: number }[], code: string): number {
  const row = rows.find((r) => r.entityCode === code);
  assert.ok(row);
  return row.entityId;
}

test("the CLI writes an hledger journal to a file that hledger accepts", async (t) => {
  if (!hledgerAvailable(t)) return;
  const file = path.join(workDir, "cli.journal");
  const result = await keelCli(["journal", "export", "--format", "hledger", "--output", file]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "");
  hledger(["-f", file, "check", "--strict"]);
  assert.deepEqual(hledgerBalances(file), await keelBalances(null));
  assert.equal(readFileSync(file, "utf8"), formatHledger(await read((tx) => loadJournalForExport(tx, SYSTEM_ACTOR))));
});

test("the CLI exits 2 on bad options and 1 with the error code on a domain error", async () => {
  const badFormat = await keelCli(["trial-balance", "--format", "xml"]);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /xml/);
  const missingFormat = await keelCli(["journal", "export"]);
  assert.equal(missingFormat.code, 2);
  const badDate = await keelCli(["trial-balance", "--format", "csv", "--as-of", "2026-02-30"]);
  assert.equal(badDate.code, 2);
  assert.match(badDate.stderr, /YYYY-MM-DD/);
  const unknownEntity = await keelCli(["journal", "export", "--format", "csv", "--entity", "NOPE"]);
  assert.equal(unknownEntity.code, 1);
  assert.match(unknownEntity.stderr, /^error: LEDGER_ENTITY_NOT_FOUND: No legal entity has the code NOPE$/m);
  const demo = await keelCli(["demo", "load", "--seed", "7"]);
  assert.equal(demo.code, 2, "demo load refuses a database that already has legal entities");
  assert.match(demo.stderr, /already has legal entities \(.*US01.*\)/);
});
