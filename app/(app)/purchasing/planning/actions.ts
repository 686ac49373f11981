"use server";
// Server actions of the planner workbench: train and forecast demand, run planning, and accept (with
// an edited quantity), or reject proposals. Each runs one core command or model job as the signed-in
// user and redirects back with a notice or the refusal's message.
import "../../../../core/governance/bootstrap";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "../../../../core/db/client";
import { acceptProposals, rejectProposals, runReplenishmentPlanning, upsertSupplierItem } from "../../../../core/purchasing";
import { isDomainError } from "../../../../core/shared/errors";
import { forecastDemand, trainDemandForecaster } from "../../../../models/forecast/demand-job";
import { write } from "../../../_lib/db";
import { digitsOf } from "../../../_lib/format";
import { loadCurrencyDigits } from "../../../_lib/reference-data";
import { minorOfText } from "../../../_lib/sales-format";
import { idOf, text } from "../../../_lib/form-actions";
import { hrefWith } from "../../../_lib/query";
import { requireUser } from "../../../_lib/session";

const WORKBENCH = "/purchasing/planning";

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Runs fn; a DomainError becomes the page's error message, anything else is a bug and propagates. */
async function outcome(fn: () => Promise<string>): Promise<{ notice?: string; error?: string }> {
  try {
    return { notice: await fn() };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { error: error.userMessage };
  }
}

function back(path: string, entityId: number | null, result: { notice?: string; error?: string }): never {
  revalidatePath(WORKBENCH);
  redirect(hrefWith(path, { entity: entityId, notice: result.notice, error: result.error }));
}

export async function trainForecastAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const entityId = idOf(form, "entityId");
  const result = await outcome(async () => {
    const asOf = text(form, "asOf") || todayUtc();
    const trained = await trainDemandForecaster(getDb(), user, { asOf });
    const forecast = await forecastDemand(getDb(), user, { asOf });
    const mase = trained.backtest;
    return `Trained version ${trained.version.version} (${trained.activated ? "activated" : "not activated"}: backtest MASE ${mase.model.mase.toFixed(3)} ` +
      `vs seasonal naive ${mase.seasonalNaive.mase.toFixed(3)}, exponential smoothing ${mase.exponentialSmoothing.mase.toFixed(3)}); ` +
      `version ${forecast.modelVersion} forecast ${forecast.runs.reduce((n, r) => n + r.series, 0)} series from ${forecast.forecastFrom}.`;
  });
  back(WORKBENCH, entityId, result);
}

export async function runPlanningAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const entityId = idOf(form, "entityId");
  const result = await outcome(async () => {
    const run = await write((tx) => runReplenishmentPlanning(tx, user, { entityId, asOf: text(form, "asOf") || todayUtc() }));
    return `Planning run ${run.run.id} (${run.run.demandSource}): ${run.proposals.length} proposals, ${run.skipped.length} pairs skipped.`;
  });
  back(WORKBENCH, entityId, result);
}

export async function acceptProposalAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const entityId = idOf(form, "entityId");
  const proposalId = idOf(form, "proposalId");
  const qty = text(form, "baseQty").trim();
  const result = await outcome(async () => {
    const accepted = await write((tx) => acceptProposals(tx, user, {
      proposalIds: [proposalId], edits: qty === "" ? {} : { [String(proposalId)]: { baseQty: qty } },
      idempotencyKey: text(form, "idempotencyKey") || undefined,
    }));
    const documents = [...accepted.purchaseOrders.map((po) => po.poNumber), ...accepted.transferOrders.map((to) => to.transferNumber)];
    return `Proposal ${proposalId} accepted into ${documents.join(", ")}.`;
  });
  back(`${WORKBENCH}/${proposalId}`, entityId, result);
}

export async function rejectProposalAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const entityId = idOf(form, "entityId");
  const proposalId = idOf(form, "proposalId");
  const result = await outcome(async () => {
    await write((tx) => rejectProposals(tx, user, { proposalIds: [proposalId], note: text(form, "note") }));
    return `Proposal ${proposalId} rejected.`;
  });
  back(`${WORKBENCH}/${proposalId}`, entityId, result);
}

/** A buyer lets planning buy an item the forecast expects to sell: the chosen supplier's price per base unit, marked preferred. */
export async function addSupplierItemAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const entityId = idOf(form, "entityId");
  const result = await outcome(async () => {
    const itemId = idOf(form, "itemId");
    const supplierId = idOf(form, "supplierId");
    await write(async (tx) => {
      const digits = await loadCurrencyDigits(tx, user);
      const currency = text(form, "currency");
      return upsertSupplierItem(tx, user, {
        supplierId, itemId, uom: text(form, "uom"), unitPriceMinor: minorOfText(text(form, "price"), digitsOf(digits, currency), "price"), preferred: true,
      });
    });
    return `Supplier item added: ${text(form, "sku")} can now be bought from the chosen supplier.`;
  });
  back(WORKBENCH, entityId, result);
}
