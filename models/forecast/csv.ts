// The CLI's file formats: input `series_id,t,value` (t an integer period index), output
// `series_id,t,forecast,lo,hi` with t continuing each series' numbering. Periods missing inside a
// series count as zero demand (a period with no row had no sales).
import { z } from "zod";
import { DomainError, SharedError } from "../../core/shared/errors";
import { splitCsvLine } from "../csv";
import type { DemandSeries } from "./features";
import type { ForecastRow } from "./pipeline";

export const CSV_ROWS_MAX = 20_000_000;
const SERIES_PERIODS_MAX = 10_000;

const Row = z.object({
  series_id: z.string().min(1),
  t: z.coerce.number().int(),
  value: z.coerce.number().finite(),
});

function invalid(message: string): DomainError {
  return new DomainError(SharedError.VALIDATION_FAILED, "invalid", message);
}

/** Parses the series file; throws VALIDATION_FAILED naming the line of the first bad row. */
export function parseSeriesCsv(text: string): DemandSeries[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length === 0) throw invalid("the input file is empty");
  if (lines.length > CSV_ROWS_MAX) throw invalid(`the input file has more than ${CSV_ROWS_MAX} rows`);
  const header = splitCsvLine(lines[0]!).map((cell) => cell.trim().toLowerCase());
  const columns = ["series_id", "t", "value"].map((name) => header.indexOf(name));
  if (columns.some((index) => index < 0)) throw invalid(`the header must name series_id, t and value (found: ${header.join(", ")})`);
  const points = new Map<string, Map<number, number>>();
  for (let lineNumber = 1; lineNumber < lines.length; lineNumber += 1) {
    const cells = splitCsvLine(lines[lineNumber]!);
    const parsed = Row.safeParse({ series_id: cells[columns[0]!]?.trim(), t: cells[columns[1]!]?.trim(), value: cells[columns[2]!]?.trim() });
    if (!parsed.success) throw invalid(`line ${lineNumber + 1}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const series = points.get(parsed.data.series_id) ?? new Map<number, number>();
    if (series.has(parsed.data.t)) throw invalid(`line ${lineNumber + 1}: series ${parsed.data.series_id} has period ${parsed.data.t} twice`);
    series.set(parsed.data.t, parsed.data.value);
    points.set(parsed.data.series_id, series);
  }
  return [...points].map(([id, byPeriod]) => {
    const periods = [...byPeriod.keys()];
    const start = Math.min(...periods);
    const end = Math.max(...periods);
    if (end - start + 1 > SERIES_PERIODS_MAX) throw invalid(`series ${id} spans more than ${SERIES_PERIODS_MAX} periods`);
    const values = Array.from({ length: end - start + 1 }, (_, offset) => byPeriod.get(start + offset) ?? 0);
    return { id, start, values };
  });
}

function quoted(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function rounded(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

export function formatForecastCsv(rows: readonly ForecastRow[]): string {
  const lines = ["series_id,t,forecast,lo,hi"];
  for (const row of rows) lines.push(`${quoted(row.seriesId)},${row.t},${rounded(row.forecast)},${rounded(row.lo)},${rounded(row.hi)}`);
  return `${lines.join("\n")}\n`;
}
