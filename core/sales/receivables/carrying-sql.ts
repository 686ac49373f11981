// The carrying-value arithmetic of carrying-value.ts in SQL, for reports that aggregate in the
// database: exact numeric division rounded half to even, like divideRounded(…, "halfEven").
import { sql, type SQL } from "drizzle-orm";

/** round_half_even(numerator / denominator) for non-negative numerator and positive denominator. */
export function halfEvenDivSql(numerator: SQL, denominator: SQL): SQL {
  const n = sql`(${numerator})::numeric`;
  const d = sql`(${denominator})::numeric`;
  return sql`(div(${n}, ${d}) + case
    when 2 * mod(${n}, ${d}) > ${d} then 1
    when 2 * mod(${n}, ${d}) = ${d} and mod(div(${n}, ${d}), 2) = 1 then 1
    else 0 end)`;
}

/** openBaseMinor(doc, open): the whole base when nothing is applied, else the proportional share. */
export function openBaseSql(totalMinor: SQL, totalBaseMinor: SQL, openMinor: SQL): SQL {
  return sql`(case when (${openMinor}) = (${totalMinor}) then (${totalBaseMinor})::numeric
    else ${halfEvenDivSql(sql`(${totalBaseMinor})::numeric * (${openMinor})`, totalMinor)} end)`;
}

/** depositBaseMinor(unapplied, rate): unapplied cash at the payment's rate. */
export function depositBaseSql(unappliedMinor: SQL, exchangeRatePpm: SQL): SQL {
  return halfEvenDivSql(sql`(${unappliedMinor})::numeric * (${exchangeRatePpm})`, sql`1000000`);
}
