// Proves `npm run keel -- forecast` works on any series file as the issue specifies: it reads
// series_id,t,value, writes series_id,t,forecast,lo,hi with t continuing each series' own numbering
// (series of different starts and lengths), prints the backtest MASE of the model and both baselines,
// beats seasonal naive on seasonal data, and refuses a malformed file naming the line.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { seededRandom } from "../../models/train/random";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "keel-forecast-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function keel(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/keel.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
}

function poisson(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= random();
  } while (p > limit);
  return k - 1;
}

function seriesFile(): { text: string; ends: Map<string, number> } {
  const random = seededRandom(11);
  const lines = ["series_id,t,value"];
  const ends = new Map<string, number>();
  for (let s = 0; s < 80; s += 1) {
    const id = s === 0 ? '"a,quoted"' : `item-${s}`;
    const start = s % 3 === 0 ? 10 : 0;
    const length = 110 + (s % 5) * 4;
    const level = 2 + random() * 20;
    for (let t = start; t < start + length; t += 1) {
      lines.push(`${id},${t},${poisson(random, level * (1 + 0.6 * Math.sin((2 * Math.PI * t) / 52)))}`);
    }
    ends.set(s === 0 ? "a,quoted" : id, start + length);
  }
  return { text: `${lines.join("\n")}\n`, ends };
}

test("the forecast command writes forecasts continuing each series and prints MASE against both baselines", () => {
  const { text, ends } = seriesFile();
  const input = path.join(dir, "series.csv");
  const output = path.join(dir, "out.csv");
  writeFileSync(input, text);
  const result = keel(["forecast", "--input", input, "--horizon", "6", "--season", "52", "--output", output]);
  assert.equal(result.status, 0, result.stderr);
  const mase = /MASE\s+model ([\d.]+)\s+seasonal_naive ([\d.]+)\s+exponential_smoothing ([\d.]+)/.exec(result.stdout);
  assert.ok(mase, result.stdout);
  const [model, seasonalNaive, smoothing] = mase.slice(1).map(Number) as [number, number, number];
  assert.ok(model < seasonalNaive, `model MASE ${model} should beat seasonal naive ${seasonalNaive} on seasonal Poisson data`);
  assert.ok(Number.isFinite(smoothing));
  const rows = readFileSync(output, "utf8").trim().split("\n");
  assert.equal(rows[0], "series_id,t,forecast,lo,hi");
  assert.equal(rows.length - 1, 80 * 6);
  const seen = new Map<string, number[]>();
  for (const line of rows.slice(1)) {
    const quoted = line.startsWith('"');
    const id = quoted ? "a,quoted" : line.split(",")[0]!;
    const [t, forecast, lo, hi] = (quoted ? line.slice(line.indexOf('",') + 2) : line.slice(id.length + 1)).split(",").map(Number) as [number, number, number, number];
    assert.ok(lo <= forecast && forecast <= hi && lo >= 0, `interval must hold the forecast: ${line}`);
    seen.set(id, [...(seen.get(id) ?? []), t]);
  }
  for (const [id, end] of ends) assert.deepEqual(seen.get(id), [end, end + 1, end + 2, end + 3, end + 4, end + 5], `periods of ${id}`);
});

test("a malformed series file is refused with the line that is wrong", () => {
  const input = path.join(dir, "bad.csv");
  writeFileSync(input, "series_id,t,value\nA,1,5\nA,2,x\n");
  const result = keel(["forecast", "--input", input, "--horizon", "2", "--season", "4", "--output", path.join(dir, "never.csv")]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /line 3/);
});
