// Turns the statements Keel transactions sent (captured by postgres.js's debug hook) into a pgbench
// script that sends the same SQL raw: parameters inlined as typed literals, one transaction per
// script run.

export type CapturedStatement = { text: string; parameters: unknown[]; types: number[] };

/** PostgreSQL type oids postgres.js reports, and the cast that keeps an inlined literal the same type. */
const CAST_BY_OID: Record<number, string> = {
  16: "boolean", 20: "bigint", 21: "smallint", 23: "integer", 25: "text", 114: "json", 700: "real", 701: "double precision",
  1043: "varchar", 1082: "date", 1114: "timestamp", 1184: "timestamptz", 1700: "numeric", 3802: "jsonb", 2950: "uuid",
  1009: "text[]", 1016: "bigint[]", 1007: "integer[]",
};

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (Array.isArray(value)) return `{${value.map((v) => (v === null ? "NULL" : `"${textOf(v).replace(/(["\\])/g, "\\$1")}"`)).join(",")}}`;
  if (typeof value === "object" && value !== null) return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return String(value);
}

/** A parameter as a SQL literal of its type. */
export function literal(value: unknown, oid: number): string {
  if (value === null || value === undefined) return "NULL";
  const cast = CAST_BY_OID[oid];
  return cast ? `${quote(textOf(value))}::${cast}` : quote(textOf(value));
}

/** The statement with its placeholders $1..$n replaced by literals, in one pass (a literal holding "$1" stays as it is). */
export function inline(statement: CapturedStatement): string {
  return statement.text.replace(/\$(\d+)/g, (placeholder, digits: string) => {
    const index = Number(digits) - 1;
    if (index < 0 || index >= statement.parameters.length) return placeholder;
    return literal(statement.parameters[index], statement.types[index] ?? 0);
  });
}

/** Transaction control postgres.js sent around the captured work: the script issues its own. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\b/i;

/**
 * The statements of the captured transaction a replay sends: those after its `begin` (before it,
 * the driver's type lookup on a new connection is not the transaction's), without transaction control.
 */
export function replayedStatements(statements: readonly CapturedStatement[]): CapturedStatement[] {
  const begun = statements.findIndex((statement) => /^\s*begin\b/i.test(statement.text));
  return statements.slice(begun + 1).filter((statement) => !TRANSACTION_CONTROL.test(statement.text));
}

/**
 * A pgbench script replaying one captured transaction per client: client k runs transaction
 * k % count, every statement inlined and ended by `;` (pgbench reads SQL up to it),
 * between BEGIN and ROLLBACK. The captured transactions were rolled back too, so the ids and
 * document numbers they hold are free: each client re-inserts its own transaction's rows on every
 * run, and no two clients share a key (they would wait on each other's uncommitted index entries).
 * Rolling back skips the commit's WAL flush, which makes the baseline faster, never slower.
 */
export function replayScript(transactions: readonly (readonly CapturedStatement[])[]): string {
  const lines: string[] = [];
  transactions.forEach((statements, k) => {
    lines.push(k === 0 ? `\\if :client_id % ${transactions.length} = 0` : `\\elif :client_id % ${transactions.length} = ${k}`);
    lines.push("BEGIN;");
    for (const statement of replayedStatements(statements)) lines.push(`${inline(statement).trim().replace(/;$/, "")};`);
    lines.push("ROLLBACK;");
  });
  lines.push("\\endif");
  return `${lines.join("\n")}\n`;
}
