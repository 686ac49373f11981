// `keel dedupe --input records.csv --id id --fields name,address,city,phone --output pairs.csv`:
// blocks the records, trains the pairwise classifier on synthetic duplicates of this very file,
// scores every candidate pair through ONNX and writes id_a,id_b,score,is_duplicate.
import { readFile, writeFile } from "node:fs/promises";
import { DomainError, SharedError } from "../../core/shared/errors";
import { columnIndexes, csvCell, parseCsv } from "./csv";
import { guessRole, type DedupeInput } from "./fields";
import { DUPLICATE_THRESHOLD, scanDuplicates } from "./model";

export type DedupeFileOptions = { input: string; id: string; fields: string; output: string; threshold?: number };

export function dedupeInputFromCsv(text: string, idColumn: string, fieldNames: string[]): DedupeInput {
  const table = parseCsv(text);
  const [idIndex] = columnIndexes(table.header, [idColumn]);
  const fieldIndexes = columnIndexes(table.header, fieldNames);
  const ids = table.rows.map((row) => (row[idIndex!] ?? "").trim());
  const seen = new Set<string>();
  ids.forEach((id, line) => {
    if (id.length === 0) throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `line ${line + 2}: the id is empty`);
    if (seen.has(id)) throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", `line ${line + 2}: id ${id} appears twice`);
    seen.add(id);
  });
  const values = table.rows.map((row) => fieldIndexes.map((i) => (row[i] ?? "").trim()));
  const roles = fieldNames.map((name, f) => guessRole(name, values.slice(0, 1_000).map((v) => v[f]!)));
  return { ids, fieldNames, roles, values };
}

export async function dedupeFile(options: DedupeFileOptions): Promise<string[]> {
  const started = performance.now();
  const fieldNames = options.fields.split(",").map((f) => f.trim()).filter(Boolean);
  if (fieldNames.length === 0) throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "--fields names no column");
  const input = dedupeInputFromCsv(await readFile(options.input, "utf8"), options.id, fieldNames);
  const { model, scored } = await scanDuplicates(input);
  const threshold = options.threshold ?? DUPLICATE_THRESHOLD;
  const lines = ["id_a,id_b,score,is_duplicate"];
  let duplicates = 0;
  for (let p = 0; p < scored.count; p += 1) {
    const score = scored.scores[p]!;
    const isDuplicate = score >= threshold;
    if (isDuplicate) duplicates += 1;
    lines.push(`${csvCell(input.ids[scored.left[p]!]!)},${csvCell(input.ids[scored.right[p]!]!)},${score.toFixed(4)},${isDuplicate}`);
  }
  await writeFile(options.output, `${lines.join("\n")}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return [
    `records: ${input.ids.length}; fields: ${fieldNames.map((f, i) => `${f} (${input.roles[i]})`).join(", ")}`,
    `candidate pairs from blocking: ${scored.count} (all pairs would be ${(input.ids.length * (input.ids.length - 1)) / 2})`,
    `likely duplicates (score >= ${threshold}): ${duplicates}; classifier trained on ${model.trainingPairs} pairs; ${seconds} s`,
    `wrote ${options.output}`,
  ];
}
