// After the whole history (and the injected ground truth) is in: the controller closes each
// entity's months, oldest first, the way a month-end close runs: post the reversals that fell due,
// accrue unbilled shipments, revalue foreign-currency balances, run the checklist, soft close, hard
// close. A blocked checklist fails the load with its blockers: the demo never forces a close.
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import type { Actor, Role } from "../../governance";
import { resolveException } from "../../governance/exceptions";
import { isAddressedTo } from "../../governance/exceptions/access";
import { inTransaction } from "../../db/transaction";
import { accrueUnbilledShipments, hardClosePeriod, softClosePeriod } from "../../ledger/close";
import { runScheduledReversals } from "../../ledger/journals";
import { revaluePeriod } from "../../ledger/revaluation";
import { fiscalPeriod } from "../../ledger/schema";
import { monthOf, monthsBefore } from "../history-sales/calendar";
import { demoPeople, type People } from "../history-sales/context";
import { DemoIds } from "../ids";
import type { DemoData } from "../types";

/** Months before the load date's month left open: the last two closed months are still being worked on. */
export const OPEN_MONTHS = 2;

export type ClosedPeriod = { entityCode: string; periodCode: string; revaluationNetMinor: bigint };

/** First day of the month `months` before the month of `date`. Pure. */
export function monthStartBefore(date: string, months: number): string {
  return `${monthOf(monthsBefore(date, months))}-01`;
}

type StaleException = { id: string; owner_role: string; audience_roles: string[]; kind: string };

/**
 * The history's own high and critical exceptions about the period or earlier (late receipts with
 * customers waiting, large count variances) were worked long ago: the person they are addressed to
 * resolves them at the close, as a controller asks before closing. Today's queue is left alone.
 */
async function resolveStaleExceptions(tx: Tx, people: People, entityId: number, periodCode: string, endDate: string): Promise<number> {
  const stale = await tx.execute<StaleException>(sql`
    select id::text, owner_role, audience_roles, kind from exception_item
     where entity_id = ${entityId} and state in ('open', 'assigned') and severity in ('high', 'critical')
       and occurred_on is not null and occurred_on <= ${endDate}
     order by id limit 500`);
  for (const item of stale) {
    const resolver = ([people.controller, people.warehouse, people.admin] as Actor[]).find((actor) =>
      isAddressedTo(actor, { ownerRole: item.owner_role as Role, audienceRoles: item.audience_roles as Role[] }));
    await resolveException(tx, resolver ?? people.admin, { exceptionId: Number(item.id), reason: `Reviewed at the ${periodCode} month-end close: nothing left to act on for the period` });
  }
  return stale.length;
}

/** Closes, per entity, every period that ends before the cut-off: entities side by side, months in order. */
export async function closeHistoricPeriods(db: Db, data: DemoData, ids: DemoIds, log: (line: string) => void): Promise<ClosedPeriod[]> {
  const startedMs = Date.now();
  const cutoff = monthStartBefore(data.asOf, OPEN_MONTHS);
  const people = await inTransaction(db, (tx) => demoPeople(tx));
  const controller = people.controller;
  const perEntity = await Promise.all(data.entities.map(async (entity) => {
    const entityId = DemoIds.of(ids.entities, entity.code, "entity");
    const periods = await db.select().from(fiscalPeriod).where(and(eq(fiscalPeriod.entityId, entityId), lt(fiscalPeriod.endDate, cutoff)))
      .orderBy(asc(fiscalPeriod.startDate)).limit(120);
    const closed: ClosedPeriod[] = [];
    for (const period of periods) {
      const revaluationNetMinor = await inTransaction(db, async (tx) => {
        await runScheduledReversals(tx, controller, { asOfDate: period.endDate, entityId });
        await resolveStaleExceptions(tx, people, entityId, period.code, period.endDate);
        await accrueUnbilledShipments(tx, controller, { periodId: period.id });
        const revaluation = await revaluePeriod(tx, controller, { periodId: period.id });
        await softClosePeriod(tx, controller, { periodId: period.id });
        await hardClosePeriod(tx, controller, { periodId: period.id });
        return revaluation.run.netGainMinor;
      });
      closed.push({ entityCode: entity.code, periodCode: period.code, revaluationNetMinor });
    }
    // The last close's revaluation reverses on the first day of the next (open) period, as the
    // hourly ledger job would post it: the subledgers match their control accounts again.
    await inTransaction(db, (tx) => runScheduledReversals(tx, controller, { asOfDate: data.asOf, entityId }));
    return closed;
  }));
  const all = perEntity.flat();
  log(`period close: ${all.length} periods hard-closed before ${cutoff} (${Date.now() - startedMs} ms)`);
  return all;
}
