// CSV for the dedupe CLI: any header, one record per line, RFC 4180 quoting within a line.
import { DomainError, SharedError } from "../../core/shared/errors";
import { csvCell, splitCsvLine } from "../csv";

export { csvCell, splitCsvLine };

export const CSV_RECORDS_MAX = 2_000_000;

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
