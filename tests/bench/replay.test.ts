// The pgbench replay of bench:orders (bench/replay.ts): a captured statement inlined with its
// parameters as typed literals returns what the parameterized statement returns on the real
// database, and the script gives each client its own transaction between BEGIN and ROLLBACK,
// without the driver's own statements.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inline, literal, replayScript, type CapturedStatement } from "../../bench/replay";
import { useTestDatabase } from "../support/database";

const { db } = await useTestDatabase();

test("an inlined statement returns what the parameterized one returns", async () => {
  const text = "select $1::bigint + 1 as next, $2 || '!' as shout, $3::date + 1 as tomorrow, $4::jsonb ->> 'k' as k, $5::boolean as flag, $6::text is null as missing, $7 as quoted, $8 || $9 as pair, $10 as tenth";
  const parameters: unknown[] = ["41", "it's", "2026-02-28", JSON.stringify({ k: "v'1" }), true, null, "a $1 b", "x", "y", "ten"];
  const types = [20, 25, 1082, 3802, 16, 25, 25, 25, 25, 25];
  const statement: CapturedStatement = { text, parameters, types };
  const [parameterized] = await db.$client.unsafe(text, parameters as never[]);
  const [inlined] = await db.$client.unsafe(inline(statement));
  assert.deepEqual(inlined, parameterized);
  assert.equal(inlined!.shout, "it's!");
  assert.equal(inlined!.tenth, "ten", "$10 is not read as $1 followed by 0");
  assert.equal(literal(null, 25), "NULL");
  assert.equal(literal(12n, 20), "'12'::bigint");
});

test("the script runs client k's own transaction between BEGIN and ROLLBACK, without the driver's statements", () => {
  const captured = (n: number): CapturedStatement[] => [
    { text: "select typarray from pg_type", parameters: [], types: [] },
    { text: "begin", parameters: [], types: [] },
    { text: "insert into t values ($1)", parameters: [n], types: [23] },
    { text: "savepoint s1", parameters: [], types: [] },
    { text: "commit", parameters: [], types: [] },
  ];
  const script = replayScript([captured(1), captured(2)]);
  assert.equal(script, [
    "\\if :client_id % 2 = 0", "BEGIN;", "insert into t values ('1'::integer);", "savepoint s1;", "ROLLBACK;",
    "\\elif :client_id % 2 = 1", "BEGIN;", "insert into t values ('2'::integer);", "savepoint s1;", "ROLLBACK;",
    "\\endif", "",
  ].join("\n"));
});
