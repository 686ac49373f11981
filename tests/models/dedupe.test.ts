// Proves the duplicate detector's parts without a database: string similarity values, phonetic
// keys, blocking that pairs typo'd and swapped records without producing all pairs, and the CLI
// `keel dedupe` end to end on a file with any column names (one output row per candidate pair).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { jaroWinkler, normalizeText, phoneKey, soundex, softTokenJaccard, sortedTokenJaccard, tokensOf } from "../../core/masters/merge";
import { compareRecords, ruleScore } from "../../core/masters/merge";
import { runCli } from "../../scripts/keel";
import { blockPairs } from "../../models/dedupe/blocking";
import { guessRole, prepareRecords } from "../../models/dedupe/fields";
import { syntheticParties } from "../../models/dedupe/synthetic";

test("Jaro-Winkler, token overlap, normalization and Soundex give the textbook values", () => {
  assert.ok(Math.abs(jaroWinkler("martha", "marhta") - 0.9611) < 1e-3);
  assert.ok(Math.abs(jaroWinkler("dwayne", "duane") - 0.84) < 1e-3);
  assert.equal(jaroWinkler("", "abc"), 0);
  assert.equal(normalizeText("Acme Hardware Co., Inc.", { dropLegal: true }), "acme hardware");
  assert.equal(normalizeText("12 N. Main St."), "12 north main street");
  assert.equal(soundex("robert"), "r163");
  assert.equal(soundex("rupert"), "r163");
  assert.equal(phoneKey("+1 (312) 555-0142"), phoneKey("312.555.0142"));
  assert.equal(sortedTokenJaccard(["a", "b", "c"], ["b", "c", "d"]), 0.5);
  assert.ok(softTokenJaccard(tokensOf("hardwre supply"), tokensOf("supply hardware")) === 1);
});

test("the rule score of the entry-form warning is high for a typo'd twin and low for a different party", () => {
  const twin = ruleScore(compareRecords({ name: "Keystone Plumbing Supply", city: "Dayton", phone: "937-555-0101" },
    { name: "Keystone Plumbng Supply Inc", city: "Dayton", phone: "(937) 555 0101" }));
  const other = ruleScore(compareRecords({ name: "Keystone Plumbing Supply", city: "Dayton" }, { name: "Harbor Electric", city: "Salem" }));
  assert.ok(twin >= 0.9, `twin ${twin}`);
  assert.ok(other < 0.5, `other ${other}`);
});

test("blocking pairs every planted duplicate and compares far fewer than all pairs", () => {
  const data = syntheticParties(4_000, 0.05, 21);
  const pairs = blockPairs(prepareRecords(data));
  const found = new Set<string>();
  for (let p = 0; p < pairs.count; p += 1) found.add(`${data.ids[pairs.left[p]!]}|${data.ids[pairs.right[p]!]}`);
  const covered = data.duplicatePairs.filter(([a, b]) => found.has(`${a}|${b}`) || found.has(`${b}|${a}`)).length;
  assert.ok(covered / data.duplicatePairs.length >= 0.97, `blocking kept ${covered} of ${data.duplicatePairs.length} duplicates`);
  assert.ok(pairs.count < (4_000 * 3_999) / 2 / 50, `${pairs.count} candidate pairs`);
});

test("field roles are guessed from names and values", () => {
  assert.equal(guessRole("Telephone", []), "phone");
  assert.equal(guessRole("contact", ["312-555-0100", "(773) 555 0199"]), "phone");
  assert.equal(guessRole("mail", ["a@b.com", "c@d.org"]), "email");
  assert.equal(guessRole("company", ["Acme", "Harbor"]), "text");
});

test("keel dedupe reads any columns and writes id_a,id_b,score,is_duplicate for every candidate pair", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "keel-dedupe-"));
  const data = syntheticParties(600, 0.05, 5);
  const lines = ["ref,company,street,town,tel,ignored", ...data.ids.map((id, i) => {
    const [name, address, city, phone] = data.values[i]!;
    return [id, name, address, city, phone, "x"].map((v) => (/[",]/.test(v!) ? `"${v!.replaceAll('"', '""')}"` : v)).join(",");
  })];
  const input = path.join(dir, "records.csv");
  const output = path.join(dir, "pairs.csv");
  writeFileSync(input, `${lines.join("\n")}\n`);
  const code = await runCli(["dedupe", "--input", input, "--id", "ref", "--fields", "company,street,town,tel", "--output", output]);
  assert.equal(code, 0);
  const rows = readFileSync(output, "utf8").trim().split("\n");
  assert.equal(rows[0], "id_a,id_b,score,is_duplicate");
  assert.ok(rows.length > 1);
  const duplicates = new Set(rows.slice(1).filter((r) => r.endsWith(",true")).map((r) => r.split(",").slice(0, 2).sort().join("|")));
  const planted = data.duplicatePairs.map((p) => [...p].sort().join("|"));
  const found = planted.filter((p) => duplicates.has(p)).length;
  assert.ok(found / planted.length >= 0.9, `found ${found} of ${planted.length}`);
  assert.ok(duplicates.size <= planted.length * 1.2, `${duplicates.size} pairs called duplicates`);
  for (const row of rows.slice(1)) assert.match(row, /^[^,]+,[^,]+,[01]\.\d{4},(true|false)$/);
});
