"use server";
// Server actions of the anomaly review queue: confirm or dismiss one flag as the signed-in
// controller, then return to the queue with the outcome (or the command's own refusal) in the URL.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { confirmAnomaly, dismissAnomaly } from "../../../core/governance/anomalies";
import { isDomainError } from "../../../core/shared/errors";
import { write } from "../../_lib/db";
import { requireUser } from "../../_lib/session";

function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

async function decide(form: FormData, decision: "confirmed" | "dismissed"): Promise<never> {
  const user = await requireUser();
  const flagId = Number(formText(form, "flagId"));
  const reason = formText(form, "reason");
  const back = formText(form, "back") || "/anomalies";
  let outcome: string;
  try {
    await write((tx) => decision === "confirmed"
      ? confirmAnomaly(tx, user, { flagId, reason: reason.length > 0 ? reason : undefined })
      : dismissAnomaly(tx, user, { flagId, reason }));
    outcome = `done=${decision}&flag=${flagId}`;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    outcome = `error=${encodeURIComponent(error.userMessage)}&flag=${flagId}`;
  }
  revalidatePath("/anomalies");
  redirect(`${back}${back.includes("?") ? "&" : "?"}${outcome}`);
}

export async function confirmAnomalyAction(form: FormData): Promise<void> {
  await decide(form, "confirmed");
}

export async function dismissAnomalyAction(form: FormData): Promise<void> {
  await decide(form, "dismissed");
}
