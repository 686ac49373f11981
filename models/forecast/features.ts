// The demand forecaster's feature contract and the features of one series at one period. Every
// level feature is divided by the series' scale (its recent mean), so one global model serves slow and
// fast movers alike; the model predicts demand / scale one period ahead.
import type { FeatureContract } from "../contract";

export type DemandSeries = {
  id: string;
  /** The period index (t) of values[0]; periods are consecutive. */
  start: number;
  values: number[];
  /** Numeric category code; NaN or absent when unknown. */
  category?: number;
  /** Selling price / list price per period (discount depth); NaN where unknown. */
  priceRatio?: number[];
};

export type SeasonSettings = {
  /** Periods per season (52 for weekly data with yearly seasonality). */
  season: number;
  /** Added to t before taking t mod season, so phase 0 is the start of the calendar season. */
  phaseOffset: number;
};

const SCALE_WINDOW = 52;
const CAP_PERIODS = 104;

export const DEMAND_FEATURES = [
  ["lag_1", "float", "demand one period back / scale"],
  ["lag_2", "float", "demand two periods back / scale"],
  ["lag_3", "float", "demand three periods back / scale"],
  ["lag_4", "float", "demand four periods back / scale"],
  ["lag_season", "float", "demand one season back / scale (NaN when the history is shorter)"],
  ["season_mean_3", "float", "mean of the three periods around one season back / scale"],
  ["season_ahead_mean_4", "float", "mean of the four periods that followed, one season back / scale"],
  ["mean_4", "float", "rolling mean of the last 4 periods / scale"],
  ["mean_13", "float", "rolling mean of the last 13 periods / scale"],
  ["mean_26", "float", "rolling mean of the last 26 periods / scale"],
  ["sd_13", "float", "standard deviation of the last 13 periods / scale"],
  ["nonzero_share_13", "float", "share of the last 13 periods with demand"],
  ["periods_since_demand", "int", "periods since the last period with demand (capped at 104)"],
  ["phase_sin", "float", "sine of the season phase (calendar)"],
  ["phase_cos", "float", "cosine of the season phase (calendar)"],
  ["phase", "int", "season phase: period of the season, 0-based (calendar)"],
  ["level_log", "float", "log(1 + scale): the series' demand level"],
  ["history_periods", "int", "periods of history (capped at 104)"],
  ["category", "category", "item category code (NaN when unknown)"],
  ["price_ratio", "float", "last known selling price / list price (NaN when unknown)"],
] as const;

export const DEMAND_FEATURE_COUNT = DEMAND_FEATURES.length;

export const DEMAND_FORECAST_CONTRACT: FeatureContract = {
  name: "demand_forecast",
  version: 1,
  inputName: "features",
  features: DEMAND_FEATURES.map(([name, type, description]) => ({ name, type, description })),
  outputName: "demand_scaled",
  outputs: [
    { name: "median_scaled", description: "median demand of the next period / scale: the point forecast (multiply by the series scale)" },
    { name: "mean_scaled", description: "expected demand of the next period / scale: planning's demand rate (multiply by the series scale)" },
  ],
};

function meanOf(history: ArrayLike<number>, from: number, to: number): number {
  const start = Math.max(0, from);
  if (to <= start) return Number.NaN;
  let total = 0;
  for (let index = start; index < to; index += 1) total += history[index]!;
  return total / (to - start);
}

/** The normalizing scale at position `end` of a history: mean of the last 52 periods, else of all; 0 when no demand. */
export function scaleAt(history: ArrayLike<number>, end: number): number {
  const recent = meanOf(history, end - SCALE_WINDOW, end);
  if (recent > 0) return recent;
  const all = meanOf(history, 0, end);
  return all > 0 ? all : 0;
}

function lastKnown(values: ArrayLike<number> | undefined, end: number): number {
  if (!values) return Number.NaN;
  for (let index = Math.min(end, values.length) - 1; index >= 0; index -= 1) if (!Number.isNaN(values[index]!)) return values[index]!;
  return Number.NaN;
}

/**
 * Writes the features for predicting history[end] (position within the series) from history[0, end)
 * into out[offset, offset + DEMAND_FEATURE_COUNT); returns the scale (0 means: forecast zero).
 */
export function writeFeatures(series: DemandSeries, history: ArrayLike<number>, end: number, settings: SeasonSettings, out: Float32Array, offset: number): number {
  const scale = scaleAt(history, end);
  const divisor = scale > 0 ? scale : 1;
  const at = (position: number) => (position >= 0 && position < end ? history[position]! / divisor : Number.NaN);
  const season = settings.season;
  let since = CAP_PERIODS;
  for (let index = end - 1; index >= Math.max(0, end - CAP_PERIODS); index -= 1) {
    if (history[index]! > 0) {
      since = end - 1 - index;
      break;
    }
  }
  const mean13 = meanOf(history, end - 13, end);
  let squares = 0;
  let nonzero = 0;
  const from13 = Math.max(0, end - 13);
  for (let index = from13; index < end; index += 1) {
    squares += (history[index]! - mean13) ** 2;
    if (history[index]! > 0) nonzero += 1;
  }
  const phase = (((series.start + end + settings.phaseOffset) % season) + season) % season;
  const seasonBack = end - season;
  const values = [
    at(end - 1), at(end - 2), at(end - 3), at(end - 4),
    at(seasonBack),
    seasonBack - 1 >= 0 ? meanOf(history, seasonBack - 1, Math.min(end, seasonBack + 2)) / divisor : Number.NaN,
    seasonBack >= 0 && seasonBack + 4 <= end ? meanOf(history, seasonBack, seasonBack + 4) / divisor : Number.NaN,
    meanOf(history, end - 4, end) / divisor, mean13 / divisor, meanOf(history, end - 26, end) / divisor,
    end > from13 ? Math.sqrt(squares / (end - from13)) / divisor : Number.NaN,
    end > from13 ? nonzero / (end - from13) : Number.NaN,
    since,
    Math.sin((2 * Math.PI * phase) / season), Math.cos((2 * Math.PI * phase) / season), phase,
    Math.log1p(scale), Math.min(end, CAP_PERIODS),
    series.category ?? Number.NaN, lastKnown(series.priceRatio, end),
  ];
  for (let index = 0; index < DEMAND_FEATURE_COUNT; index += 1) out[offset + index] = values[index]!;
  return scale;
}
