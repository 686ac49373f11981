import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { DomainError, parseInput } from "../../../shared/errors";
import { SalesError } from "../../errors";
import { Id, IsoDate } from "../../pricing/inputs";

export const CONVERSION_PERIODS_MAX = 400;

export const QuoteConversionRateInput = z.object({ entityId: Id, fromDate: IsoDate, toDate: IsoDate });

export type QuoteConversionRow = {
  /** The quote month, YYYY-MM. Values are in the quote currency (one row per currency). */
  period: string; currency: string;
  quoteCount: number; convertedQuoteCount: number;
  quotedValueMinor: bigint; convertedValueMinor: bigint;
  /** converted value / quoted value, basis points. */
  conversionRateBps: number;
};

type Row = { period: string; currency: string; quotes: number; converted_quotes: number; quoted: string; converted: string };

/** Quote conversion by month of the quote date: converted value over quoted value. */
export async function quoteConversionRate(tx: Tx, actor: Actor, raw: z.input<typeof QuoteConversionRateInput>): Promise<QuoteConversionRow[]> {
  requirePermission(actor, "sales:read");
  const input = parseInput(QuoteConversionRateInput, raw);
  if (input.toDate < input.fromDate) throw new DomainError(SalesError.QUOTE_DATES_INVALID, "invalid", "toDate: must not be before fromDate", {});
  const rows = await tx.execute<Row>(sql`
    select to_char(q.quote_date, 'YYYY-MM') as period, q.currency, count(distinct q.id)::int as quotes,
           count(distinct q.id) filter (where l.base_qty_converted > 0)::int as converted_quotes,
           coalesce(sum(round(l.unit_price_minor * l.qty)), 0)::text as quoted,
           coalesce(sum(round(l.unit_price_minor * l.qty * l.base_qty_converted / l.base_qty)), 0)::text as converted
      from sales_quote q join sales_quote_line l on l.quote_id = q.id
     where q.entity_id = ${input.entityId} and q.quote_date between ${input.fromDate}::date and ${input.toDate}::date and q.status <> 'cancelled'
     group by 1, 2 order by 1, 2 limit ${CONVERSION_PERIODS_MAX}`);
  return rows.map((r) => {
    const quoted = BigInt(r.quoted);
    const converted = BigInt(r.converted);
    return {
      period: r.period, currency: r.currency, quoteCount: Number(r.quotes), convertedQuoteCount: Number(r.converted_quotes),
      quotedValueMinor: quoted, convertedValueMinor: converted, conversionRateBps: quoted > 0n ? Number((converted * 10_000n) / quoted) : 0,
    };
  });
}
