import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { parseInput } from "../../shared/errors";
import { AGING_ROWS_MAX } from "../limits";
import { loadEntityOrThrow } from "../shared/context";
import { daysBetween } from "../shared/dates";
import { Id, IsoDate } from "../shared/inputs";
import { openCarryingBase } from "../shared/values";

/** Days past due: not yet due, 1-30, 31-60, 61-90, over 90. */
export const AGING_BUCKETS = ["current", "days1To30", "days31To60", "days61To90", "over90"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingAmounts = Record<AgingBucket, bigint>;

export type ApAgingRow = { supplierId: number; supplierCode: string; supplierName: string; buckets: AgingAmounts; totalMinor: bigint };
export type ApAging = { entityId: number; asOf: string; currency: string; rows: ApAgingRow[]; totals: AgingAmounts; totalMinor: bigint };

export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "days1To30";
  if (daysPastDue <= 60) return "days31To60";
  if (daysPastDue <= 90) return "days61To90";
  return "over90";
}

const emptyBuckets = (): AgingAmounts => ({ current: 0n, days1To30: 0n, days31To60: 0n, days61To90: 0n, over90: 0n });

export const ApAgingInput = z.object({ entityId: Id, asOf: IsoDate });

/**
 * What the entity owed its suppliers on a date, by days past due, at carrying value in base
 * currency: invoices dated by then, less payments posted by then.
 */
export async function apAging(tx: Tx, actor: Actor, raw: z.input<typeof ApAgingInput>): Promise<ApAging> {
  requirePermission(actor, "purchasing:read");
  const input = parseInput(ApAgingInput, raw);
  const entity = await loadEntityOrThrow(tx, input.entityId);
  const rows = await tx.execute<{ supplier_id: string; code: string; name: string; due_date: string; total_minor: string; total_base_minor: string; settled: string }>(sql`
    select * from (
      select i.supplier_id, s.code, s.name, i.due_date::text as due_date, i.total_minor::text, i.total_base_minor::text,
             coalesce((select sum(a.amount_minor + a.discount_minor) from supplier_payment_application a join supplier_payment p on p.id = a.payment_id
                        where a.invoice_id = i.id and p.journal_entry_id is not null and p.payment_date <= ${input.asOf}), 0)::text as settled
        from supplier_invoice i join supplier s on s.id = i.supplier_id
       where i.entity_id = ${entity.id} and i.status in ('posted', 'partially_paid', 'paid') and i.invoice_date <= ${input.asOf}
    ) open where open.total_minor::int8 > open.settled::int8
    order by open.code, open.due_date limit ${AGING_ROWS_MAX + 1}`);
  assert(rows.length <= AGING_ROWS_MAX, "too many open supplier invoices for one aging report");
  const bySupplier = new Map<number, ApAgingRow>();
  const totals = emptyBuckets();
  for (const r of rows) {
    const open = openCarryingBase(BigInt(r.total_base_minor), BigInt(r.total_minor), BigInt(r.settled));
    const bucket = bucketOf(daysBetween(r.due_date, input.asOf));
    const supplierId = Number(r.supplier_id);
    const row = bySupplier.get(supplierId) ?? { supplierId, supplierCode: r.code, supplierName: r.name, buckets: emptyBuckets(), totalMinor: 0n };
    row.buckets[bucket] += open;
    row.totalMinor += open;
    totals[bucket] += open;
    bySupplier.set(supplierId, row);
  }
  const list = [...bySupplier.values()];
  return { entityId: entity.id, asOf: input.asOf, currency: entity.baseCurrency, rows: list, totals, totalMinor: list.reduce((s, r) => s + r.totalMinor, 0n) };
}
