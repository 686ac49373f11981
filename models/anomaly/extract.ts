// Feature extraction per subject type, one SQL statement each over the governed tables. Every
// extractor returns one row per subject with its business date and named numeric features; the
// names are the feature contract of that subject type's isolation forest.
import { sql } from "drizzle-orm";
import type { Tx } from "../../core/db/client";
import type { AnomalySubjectType } from "../../core/governance/anomalies";

export const SUBJECTS_PER_SCAN_MAX = 500_000;

export type SubjectRows = { ids: string[]; dates: string[]; features: Float64Array; width: number };
export type Extractor = { names: string[]; extract(tx: Tx, entityId: number, fromDate: string, toDate: string): Promise<SubjectRows> };

type Raw = { id: string; day: string; f: number[] };

function pack(rows: Raw[], width: number, transform: (f: number[]) => number[] = (f) => f): SubjectRows {
  const features = new Float64Array(rows.length * width);
  rows.forEach((row, r) => transform(row.f.map(Number)).forEach((value, c) => { features[r * width + c] = Number.isFinite(value) ? value : 0; }));
  return { ids: rows.map((r) => String(r.id)), dates: rows.map((r) => r.day), features, width };
}

/** Trailing zeros of a whole amount in major units ("50,000.00" -> 4); cents make it 0. */
export function roundness(amountMinor: number): number {
  if (amountMinor <= 0 || amountMinor % 100 !== 0) return 0;
  let major = Math.round(amountMinor / 100);
  let zeros = 0;
  while (zeros < 6 && major % 10 === 0) { major /= 10; zeros += 1; }
  return zeros;
}

/** A supplier payment counts as repeated when the same supplier was paid the same amount within this many days before. */
export const DUPLICATE_PAYMENT_DAYS = 30;
/** The nearest-earlier-payment gap (|ln ratio| of amounts) given when there is none: a factor of e^3, "unrelated". */
export const PAYMENT_GAP_CAP = 3;

const journalEntries: Extractor = {
  names: ["log_amount", "roundness", "weekend", "event_rarity", "amount_vs_event_type", "lines", "repeat_same_party_amount_10d",
    "prior_same_supplier_amount_payments_30d", "log_amount_already_paid_30d", "nearest_prior_supplier_payment_gap_30d"],
  async extract(tx, entityId, fromDate, toDate) {
    const rows = await tx.execute<Raw>(sql`
      with e as (
        select je.id, je.posting_date, je.event_type, sum(jl.debit_minor)::float8 as amount, count(*)::float8 as lines,
          max(jl.supplier_id) as supplier_id, max(jl.customer_id) as customer_id
        from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.entity_id = ${entityId} and je.posting_date between ${fromDate}::date and ${toDate}::date
          -- Opening balances are the go-live load, not operations: they would crowd out every real flag.
          and je.event_type <> 'stock.opening'
        group by je.id limit ${SUBJECTS_PER_SCAN_MAX}
      ), typed as (
        select event_type, count(*)::float8 as n, percentile_cont(0.5) within group (order by ln(1 + amount)) as median_log from e group by event_type
      ), repeats as (
        select id, count(*) over (partition by event_type, supplier_id, customer_id, amount order by posting_date
          range between interval '10 days' preceding and current row) - 1 as n
        from e where supplier_id is not null or customer_id is not null
      ), paid_again as (
        -- Earlier payments to the same supplier within the window: an invoice keyed twice is paid
        -- twice, days apart, for exactly the same amount. Only the later payment counts, so the
        -- first stays normal; the nearest amount (in log ratio) grades how close the others come.
        select p.id, count(q.id) filter (where q.amount = p.amount)::float8 as n,
          least(min(abs(ln((1 + p.amount) / (1 + q.amount)))), ${PAYMENT_GAP_CAP})::float8 as gap
        from e p join e q on q.event_type = p.event_type and q.supplier_id = p.supplier_id
          and q.posting_date between p.posting_date - ${DUPLICATE_PAYMENT_DAYS}::int and p.posting_date
          and (q.posting_date < p.posting_date or q.id < p.id)
        where p.event_type = 'purchase.payment' and p.supplier_id is not null and p.amount > 0
        group by p.id
      )
      select e.id::text as id, e.posting_date::text as day, array[
        ln(1 + e.amount / 100), e.amount, case when extract(isodow from e.posting_date) >= 6 then 1 else 0 end,
        -ln(t.n / (select count(*) from e)), ln(1 + e.amount) - t.median_log, e.lines, coalesce(r.n, 0),
        coalesce(pa.n, 0), case when pa.n > 0 then ln(1 + e.amount / 100) else 0 end, coalesce(pa.gap, ${PAYMENT_GAP_CAP})
      ]::float8[] as f
      from e join typed t using (event_type) left join repeats r using (id) left join paid_again pa using (id) order by e.id`);
    return pack([...rows], 10, (f) => [f[0]!, roundness(f[1]!), ...f.slice(2)]);
  },
};

const inventoryAdjustments: Extractor = {
  names: ["log_abs_value", "signed_direction", "share_of_on_hand", "share_of_stock_value"],
  async extract(tx, entityId, fromDate, toDate) {
    // Damage of a unit or two is routine; what matters is the share of the stock held that one
    // adjustment writes off or adds, so each line is set against the position just before it.
    const rows = await tx.execute<Raw>(sql`
      with lines as (
        select doc.id, doc.document_date, m.qty::float8 as qty, m.value_minor::float8 as value,
          (select coalesce(sum(p.qty), 0)::float8 from stock_movement p
            where p.item_id = m.item_id and p.warehouse_id = m.warehouse_id and p.id < m.id) as on_hand,
          (select coalesce(sum(p.value_minor), 0)::float8 from stock_movement p
            where p.item_id = m.item_id and p.warehouse_id = m.warehouse_id and p.id < m.id) as stock_value
        from inventory_document doc join stock_movement m on m.document_id = doc.id
        where doc.entity_id = ${entityId} and doc.kind = 'adjustment' and doc.document_date between ${fromDate}::date and ${toDate}::date
        limit ${SUBJECTS_PER_SCAN_MAX}
      ), d as (
        select id, document_date, sum(abs(qty)) as qty, sum(abs(value)) as value, sign(sum(qty))::float8 as direction,
          max(abs(qty) / greatest(on_hand, abs(qty))) as share, max(abs(value) / greatest(stock_value, abs(value), 1)) as value_share
        from lines group by id, document_date
      )
      select d.id::text as id, d.document_date::text as day, array[
        ln(1 + d.value / 100), d.direction, d.share, d.value_share
      ]::float8[] as f
      from d order by d.id`);
    return pack([...rows], 4);
  },
};

const priceChanges: Extractor = {
  names: ["log_price_ratio", "abs_log_price_ratio", "log_new_price"],
  async extract(tx, entityId, fromDate, toDate) {
    // Price-list lines are shared master data; the audit row of each change carries before and after.
    const rows = await tx.execute<Raw>(sql`
      select distinct on (a.object_id) a.object_id as id, (a.occurred_at at time zone le.time_zone)::date::text as day,
        array[ln(((a.after ->> 'unitPriceMinor')::float8 + 1) / ((a.before ->> 'unitPriceMinor')::float8 + 1)),
              abs(ln(((a.after ->> 'unitPriceMinor')::float8 + 1) / ((a.before ->> 'unitPriceMinor')::float8 + 1))),
              ln(1 + (a.after ->> 'unitPriceMinor')::float8)]::float8[] as f
      from audit_log a join price_list_line pll on pll.id::text = a.object_id join price_list pl on pl.id = pll.price_list_id
      join legal_entity le on le.id = pl.entity_id
      where a.object_kind = 'priceListLine' and a.action = 'update' and pl.entity_id = ${entityId}
        and a.before ? 'unitPriceMinor' and a.after ? 'unitPriceMinor'
        and (a.occurred_at at time zone le.time_zone)::date between ${fromDate}::date and ${toDate}::date
      order by a.object_id, a.id desc limit ${SUBJECTS_PER_SCAN_MAX}`);
    return pack([...rows], 3);
  },
};

const salesOrders: Extractor = {
  names: ["log_order_value", "max_line_qty_vs_item_usual", "lines", "discount_share"],
  async extract(tx, entityId, fromDate, toDate) {
    const rows = await tx.execute<Raw>(sql`
      with usual as (
        select l.item_id, percentile_cont(0.5) within group (order by l.base_qty_ordered::float8) as median_qty
        from sales_order_line l join sales_order o on o.id = l.order_id where o.entity_id = ${entityId} group by l.item_id
      )
      select o.id::text as id, o.order_date::text as day, array[
        ln(1 + sum(l.base_qty_ordered::float8 * l.unit_price_minor::float8) / 100),
        max(ln((1 + l.base_qty_ordered::float8) / (1 + u.median_qty))), count(*)::float8,
        coalesce(sum((l.list_price_minor - l.unit_price_minor)::float8 * l.base_qty_ordered::float8)
          / nullif(sum(l.list_price_minor::float8 * l.base_qty_ordered::float8), 0), 0)
      ]::float8[] as f
      from sales_order o join sales_order_line l on l.order_id = o.id join usual u on u.item_id = l.item_id
      where o.entity_id = ${entityId} and o.order_date between ${fromDate}::date and ${toDate}::date
      group by o.id order by o.id limit ${SUBJECTS_PER_SCAN_MAX}`);
    return pack([...rows], 4);
  },
};

const supplierTerms: Extractor = {
  names: ["bank_details_changed", "terms_changed", "due_days_change", "new_due_days"],
  async extract(tx, entityId, fromDate, toDate) {
    // Every supplier is a row (unchanged ones are the normal background), dated by its last change.
    const rows = await tx.execute<Raw>(sql`
      with changes as (
        select distinct on (a.object_id) a.object_id, a.before, a.after, (a.occurred_at at time zone le.time_zone)::date as day
        from audit_log a join supplier s on s.id::text = a.object_id join legal_entity le on le.id = s.entity_id
        where a.object_kind = 'supplier' and a.action = 'update' and s.entity_id = ${entityId}
          and (a.occurred_at at time zone le.time_zone)::date between ${fromDate}::date and ${toDate}::date
          and (a.after ? 'paymentTermCode' or a.after ? 'bankAccountNumber' or a.after ? 'bankRoutingCode')
        order by a.object_id, a.id desc
      )
      select s.id::text as id, coalesce(c.day, ${toDate}::date)::text as day, array[
        case when c.after ? 'bankAccountNumber' or c.after ? 'bankRoutingCode' then 1 else 0 end,
        case when c.after ? 'paymentTermCode' then 1 else 0 end,
        coalesce(pa.due_days - pb.due_days, 0), coalesce(pa.due_days, pt.due_days)
      ]::float8[] as f
      from supplier s join payment_term pt on pt.code = s.payment_term_code
      left join changes c on c.object_id = s.id::text
      left join payment_term pb on pb.code = c.before ->> 'paymentTermCode'
      left join payment_term pa on pa.code = c.after ->> 'paymentTermCode'
      where s.entity_id = ${entityId} order by s.id limit ${SUBJECTS_PER_SCAN_MAX}`);
    return pack([...rows], 4);
  },
};

export const EXTRACTORS: Record<AnomalySubjectType, Extractor> = {
  journal_entry: journalEntries,
  inventory_adjustment: inventoryAdjustments,
  price_change: priceChanges,
  sales_order: salesOrders,
  supplier_terms: supplierTerms,
};
