import { SYSTEM_ACTOR } from "../../core/governance/permissions";
import { forecastDemand, trainDemandForecaster } from "../../models/forecast/demand-job";
import { defineJob } from "../definition";

export const DEMAND_FORECAST_JOB = "models.demand-forecast";

export type DemandForecastJobData = {
  /** Last business date of history (forecasts start the day after); yesterday (UTC) when left out. */
  asOf?: string;
  /** Skip training and forecast with the active version only. */
  forecastOnly?: boolean;
};

function yesterdayUtc(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Weekly (Sunday 02:00 UTC, before the nightly planning run): retrain the demand forecaster, register
 * the version with its backtest against the baselines (activated only when it beats both), then
 * forecast every item and warehouse with the ACTIVE version into planning's forecast table.
 */
export const demandForecastJob = defineJob<DemandForecastJobData>({
  name: DEMAND_FORECAST_JOB,
  cron: "0 2 * * 0",
  queue: { policy: "stately", retryLimit: 1, expireInSeconds: 2 * 60 * 60 },
  async run({ db, log }, data) {
    const asOf = data?.asOf ?? yesterdayUtc();
    const trained = data?.forecastOnly ? null : await trainDemandForecaster(db, SYSTEM_ACTOR, { asOf });
    if (trained) {
      log.info(`demand forecaster v${trained.version.version} trained on ${trained.seriesCount} series (${trained.activated ? "activated" : "kept inactive"})`,
        { mase: trained.backtest.model.mase, seasonalNaive: trained.backtest.seasonalNaive.mase, exponentialSmoothing: trained.backtest.exponentialSmoothing.mase });
    }
    const forecast = await forecastDemand(db, SYSTEM_ACTOR, { asOf });
    log.info(`demand forecast by v${forecast.modelVersion} from ${forecast.forecastFrom}`, { runs: forecast.runs.length, forecastMs: forecast.forecastMs });
    return { trainedVersion: trained?.version.version ?? null, activated: trained?.activated ?? false, forecast };
  },
});
