import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { requirePermission, type Actor } from "../../../governance/permissions";
import { assert } from "../../../shared/assert";
import { DomainError, parseInput } from "../../../shared/errors";
import { Id, IsoDate } from "../../fulfilment/inputs";
import { customerOrThrow } from "../billing-context";
import { InvoicingError, STATEMENT_LINES_MAX } from "../errors";

export const CustomerStatementInput = z.object({ customerId: Id, from: IsoDate, to: IsoDate })
  .refine((v) => v.from <= v.to, { message: "from must not be after to", path: ["to"] });

export type StatementLine = {
  date: string;
  kind: "invoice" | "credit_memo" | "payment";
  documentId: number;
  documentNumber: string;
  reference: string | null;
  /** Invoices raise what the customer owes; payments and credit memos lower it. Document currency. */
  debitMinor: bigint;
  creditMinor: bigint;
  balanceMinor: bigint;
};

export type StatementSection = {
  currency: string;
  openingBalanceMinor: bigint;
  invoicedMinor: bigint;
  paidMinor: bigint;
  creditedMinor: bigint;
  closingBalanceMinor: bigint;
  lines: StatementLine[];
  /** True when the period had more than STATEMENT_LINES_MAX lines; the balances still count them all. */
  truncated: boolean;
};

export type CustomerStatement = { customerId: number; customerCode: string; customerName: string; from: string; to: string; sections: StatementSection[] };

type Movement = { day: string; kind: StatementLine["kind"]; id: string; number: string; reference: string | null; currency: string; amount: string };

/** Every invoice, credit memo and payment of the customer as a signed movement (+ owes more). */
const MOVEMENTS = (customerId: number) => sql`
  select invoice_date::text as day, kind, id::text, invoice_number as number, null::text as reference, currency,
         (case when kind = 'invoice' then total_minor else -total_minor end)::text as amount
    from sales_invoice where customer_id = ${customerId} and status <> 'void'
  union all
  select received_date::text, 'payment', id::text, payment_number, reference, currency, (-amount_minor)::text
    from customer_payment where customer_id = ${customerId}`;

/**
 * A customer statement per document currency: the balance before `from`, every invoice,
 * credit memo and payment dated in the period with a running balance, and the closing balance.
 * Unapplied cash lowers the balance too: the customer has paid it.
 */
export async function customerStatement(tx: Tx, actor: Actor, raw: z.input<typeof CustomerStatementInput>): Promise<CustomerStatement> {
  requirePermission(actor, "sales:read");
  const input = parseInput(CustomerStatementInput, raw);
  const [found] = await tx.execute<{ entity_id: string }>(sql`select entity_id::text from customer where id = ${input.customerId}`);
  if (!found) throw new DomainError(InvoicingError.CUSTOMER_NOT_FOUND, "not_found", `customerId: customer ${input.customerId} does not exist`, { customerId: input.customerId });
  const customer = await customerOrThrow(tx, Number(found.entity_id), input.customerId);
  const sums = await tx.execute<{ currency: string; opening: string; invoiced: string; paid: string; credited: string }>(sql`
    select currency,
           coalesce(sum(amount::numeric) filter (where day < ${input.from}), 0)::text as opening,
           coalesce(sum(amount::numeric) filter (where day between ${input.from} and ${input.to} and kind = 'invoice'), 0)::text as invoiced,
           coalesce(-sum(amount::numeric) filter (where day between ${input.from} and ${input.to} and kind = 'payment'), 0)::text as paid,
           coalesce(-sum(amount::numeric) filter (where day between ${input.from} and ${input.to} and kind = 'credit_memo'), 0)::text as credited
      from (${MOVEMENTS(input.customerId)}) m where day <= ${input.to} group by currency order by currency`);
  const movements = await tx.execute<Movement>(sql`
    select * from (${MOVEMENTS(input.customerId)}) m where day between ${input.from} and ${input.to}
     order by currency, day, case kind when 'invoice' then 0 when 'credit_memo' then 1 else 2 end, id::int8 limit ${STATEMENT_LINES_MAX + 1}`);
  const sections = sums.map((s) => section(s, movements.filter((m) => m.currency === s.currency)));
  return { customerId: customer.id, customerCode: customer.code, customerName: customer.name, from: input.from, to: input.to, sections };
}

function section(sums: { currency: string; opening: string; invoiced: string; paid: string; credited: string }, movements: Movement[]): StatementSection {
  const openingBalanceMinor = BigInt(sums.opening);
  const invoicedMinor = BigInt(sums.invoiced);
  const paidMinor = BigInt(sums.paid);
  const creditedMinor = BigInt(sums.credited);
  const closingBalanceMinor = openingBalanceMinor + invoicedMinor - paidMinor - creditedMinor;
  let balance = openingBalanceMinor;
  const lines = movements.slice(0, STATEMENT_LINES_MAX).map((m): StatementLine => {
    const amount = BigInt(m.amount);
    balance += amount;
    return { date: m.day, kind: m.kind, documentId: Number(m.id), documentNumber: m.number, reference: m.reference,
      debitMinor: amount > 0n ? amount : 0n, creditMinor: amount < 0n ? -amount : 0n, balanceMinor: balance };
  });
  const truncated = movements.length > STATEMENT_LINES_MAX;
  assert(truncated || balance === closingBalanceMinor, "the running balance ends at the closing balance");
  return { currency: sums.currency, openingBalanceMinor, invoicedMinor, paidMinor, creditedMinor, closingBalanceMinor, lines, truncated };
}
