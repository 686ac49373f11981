import { asc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { requirePermission, type Actor } from "../../governance/permissions";
import { fiscalPeriod } from "../schema";
import { periodClose } from "./schema";

export type PeriodCloseOverview = {
  periodId: number; code: string; startDate: string; endDate: string; periodStatus: string;
  closeStatus: string | null; blockingCount: number | null; startedAt: Date | null; hardClosedAt: Date | null; lastCheckedAt: Date | null;
};

/** Every period of an entity's year with its close status, for the close overview page. */
export async function listPeriodCloses(tx: Tx, actor: Actor, options: { entityId: number; year?: number | null }): Promise<PeriodCloseOverview[]> {
  requirePermission(actor, "ledger:read");
  const rows = await tx.select({ period: fiscalPeriod, close: periodClose }).from(fiscalPeriod)
    .leftJoin(periodClose, eq(periodClose.fiscalPeriodId, fiscalPeriod.id))
    .where(eq(fiscalPeriod.entityId, options.entityId))
    .orderBy(asc(fiscalPeriod.startDate)).limit(240);
  return rows.filter((r) => !options.year || r.period.startDate.startsWith(String(options.year))).map((r) => ({
    periodId: r.period.id, code: r.period.code, startDate: r.period.startDate, endDate: r.period.endDate, periodStatus: r.period.status,
    closeStatus: r.close?.status ?? null, blockingCount: r.close?.blockingCount ?? null, startedAt: r.close?.startedAt ?? null,
    hardClosedAt: r.close?.hardClosedAt ?? null, lastCheckedAt: r.close?.lastCheckedAt ?? null,
  }));
}
