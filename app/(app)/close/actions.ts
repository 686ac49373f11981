"use server";
// Server actions of the close checklist: one core command each, run as the signed-in user; the
// result or the refusal (with the blockers' summaries) comes back in the page's query string.
import "../../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { accrueUnbilledShipments, hardClosePeriod, requestPeriodReopen, runCloseChecks, softClosePeriod } from "../../../core/ledger/close";
import { revaluePeriod } from "../../../core/ledger/revaluation";
import { isDomainError } from "../../../core/shared/errors";
import type { Tx } from "../../../core/db/client";
import type { Actor } from "../../../core/governance";
import { write } from "../../_lib/db";
import { requireUser } from "../../_lib/session";

type Step = (tx: Tx, user: Actor, periodId: number, form: FormData) => Promise<string>;

const STEPS: Record<string, Step> = {
  check: async (tx, user, periodId) => {
    const result = await runCloseChecks(tx, user, { periodId });
    return result.blockers.length === 0 ? "Every check passed" : `${result.blockers.length} blocking check(s) failed`;
  },
  accrue: async (tx, user, periodId) => {
    const result = await accrueUnbilledShipments(tx, user, { periodId });
    return `Accrued ${result.lineCount} unbilled shipment line(s)`;
  },
  revalue: async (tx, user, periodId) => {
    const result = await revaluePeriod(tx, user, { periodId });
    return `Revaluation posted: net ${result.run.netGainMinor} minor units`;
  },
  soft: async (tx, user, periodId) => { await softClosePeriod(tx, user, { periodId }); return "Period soft-closed"; },
  hard: async (tx, user, periodId) => { await hardClosePeriod(tx, user, { periodId }); return "Period hard-closed"; },
  reopen: async (tx, user, periodId, form) => {
    const result = await requestPeriodReopen(tx, user, { periodId, reason: String(form.get("reason") ?? "") });
    return `Reopen request ${result.request.id} is ${result.request.status}`;
  },
};

export async function closeStepAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const periodId = Number(form.get("periodId"));
  const step = STEPS[String(form.get("step"))];
  let outcome: string;
  let key = "done";
  try {
    if (!step || !Number.isSafeInteger(periodId) || periodId <= 0) throw new Error("unknown close step");
    outcome = await write((tx) => step(tx, user, periodId, form));
  } catch (error) {
    if (!isDomainError(error)) throw error;
    outcome = error.userMessage;
    key = "error";
  }
  revalidatePath(`/close/${periodId}`);
  redirect(`/close/${periodId}?${key}=${encodeURIComponent(outcome)}`);
}
