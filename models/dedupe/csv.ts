// CSV for the dedupe CLI: any header, one record per line, RFC 4180 quoting within a line.
import { DomainError, SharedError } from "../../core/shared/errors";

export const CSV_RECORDS_MAX = 2_000_000;

export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quoted && char === '"' && line[index + 1] === '"') { cell += '"'; index += 1; }
    else if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) { cells.push(cell); cell = ""; }
    else cell += char;
  }
  cells.push(cell);
  return cells;
}

export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function invalid(message: string): DomainError {
  return new DomainError(SharedError.VALIDATION_FAILED, "invalid", message);
}

export type CsvTable = { header: string[]; rows: string[][] };

export function parseCsv(text: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length === 0) throw invalid("the input file is empty");
  if (lines.length - 1 > CSV_RECORDS_MAX) throw invalid(`the input file has more than ${CSV_RECORDS_MAX} records`);
  const header = splitCsvLine(lines[0]!).map((cell) => cell.trim());
  return { header, rows: lines.slice(1).map(splitCsvLine) };
}

/** The columns the caller named, by header, with a clear error for a missing one. */
export function columnIndexes(header: readonly string[], names: readonly string[]): number[] {
  return names.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw invalid(`the header has no column "${name}" (found: ${header.join(", ")})`);
    return index;
  });
}
