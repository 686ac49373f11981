import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { RISK_KINDS } from "../../core/sales/risk";
import { isDomainError } from "../../core/shared/errors";
import { publishRisk, type PublishedRisk } from "../../models/alerts/publish";
import { defineJob } from "../definition";

export const PREDICTIVE_ALERTS_JOB = "models.predictive-alerts";

export type PredictiveAlertsJobData = {
  /** Business date the features are computed as of; today (UTC) when left out. */
  asOf?: string;
  /** Train new versions even when the active ones are less than a week old. */
  retrain?: boolean;
};

/**
 * Daily (04:30 UTC, after the nightly scans): for late-fulfilment and collections risk, train and
 * register a version when none is active or the active one is more than a week old (activated only
 * when it beats the base rate on held-out data), then score every open order line and every customer
 * with open invoices by the ACTIVE version and replace the scores sales and finance see. A kind that
 * fails (too little history to train) is logged; the other still publishes.
 */
export const predictiveAlertsJob = defineJob<PredictiveAlertsJobData>({
  name: PREDICTIVE_ALERTS_JOB,
  cron: "30 4 * * *",
  queue: { policy: "stately", retryLimit: 1, expireInSeconds: 60 * 60 },
  async run({ db, log }, data) {
    const asOf = data?.asOf ?? new Date().toISOString().slice(0, 10);
    const published: PublishedRisk[] = [];
    const failed: { kind: string; error: string }[] = [];
    for (const kind of RISK_KINDS) {
      try {
        const result = await publishRisk(db, SYSTEM_ACTOR, kind, { asOf, forceTraining: data?.retrain === true });
        log.info(`${kind} risk: ${result.run ? `${result.run.scored} scored by v${result.modelVersion}` : "no active version, nothing scored"}` +
          (result.trainedVersion ? ` (trained v${result.trainedVersion}, ${result.activated ? "activated" : "kept inactive"})` : ""));
        published.push(result);
      } catch (error) {
        const message = isDomainError(error) ? `${error.code}: ${error.userMessage}` : String(error);
        log.error(`${kind} risk failed: ${message}`);
        failed.push({ kind, error: message });
      }
    }
    if (published.length === 0) throw new Error(`predictive alerts failed for every kind: ${failed.map((f) => f.error).join("; ")}`);
    return { asOf, published, failed };
  },
});
