/** Programmer-error check: a broken invariant, never a user mistake. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`Assertion failed: ${message}`);
    this.name = "AssertionError";
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertNever(value: never, message = "unexpected value"): never {
  throw new AssertionError(`${message}: ${JSON.stringify(value)}`);
}

const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;
const PG_BIGINT_MIN = -9_223_372_036_854_775_808n;

/** Checks a bigint fits a Postgres bigint column before it is written. */
export function assertPgBigint(value: bigint, label: string): void {
  assert(value <= PG_BIGINT_MAX, `${label} exceeds the Postgres bigint range`);
  assert(value >= PG_BIGINT_MIN, `${label} is below the Postgres bigint range`);
}
