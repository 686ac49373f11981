// Replenishment planning: the formulas, the pluggable demand source, planning runs that propose
// buys and transfers with their reasons, and the planner's decisions. The public surface of this
// part of purchasing; core/purchasing/index.ts re-exports it.
export { PlanningError, type PlanningErrorCode } from "./errors";
export {
  inverseNormalCdf, serviceLevelZ, safetyStock, reorderPoint, economicOrderQuantity, wholeUnitsUp, roundToOrderConstraints,
  dailyDemandStats, leadTimeStatsOf, DAYS_PER_YEAR, type DemandStats, type LeadTimeStats,
} from "./math";
export {
  computeFigures, needOf, buyQuantity, transferableQty, inventoryPosition, DEFAULT_PLAN,
  type PlanParameters, type PlanMethod, type PositionParts, type FigureInput, type Figures, type Need,
} from "./figures";
export {
  historyDemandSource, createHistoryDemandSource, HISTORY_DAYS_DEFAULT, HISTORY_DAYS_MAX,
  type DemandSource, type DemandQuery, type ItemWarehouseDemand,
} from "./demand-source";
export { TRANSFER_LEAD_TIME_DAYS } from "./analysis";
export { createForecastDemandSource, FORECAST_STALE_DAYS } from "./forecast-demand-source";
export {
  recordDemandForecast, RecordDemandForecastInput, getPairForecast, latestForecastRun, listUncoveredForecastPairs, UNCOVERED_PAIRS_MAX,
  type UncoveredForecastPair, FORECAST_ROWS_MAX, FORECAST_HISTORY_PERIODS_MAX,
  type DemandForecastRunRow, type PairForecast, type ForecastPeriod, type DemandHistoryPeriod,
} from "./forecasts";
export { todayIn, addDays, daysBetween } from "./sql";
export {
  runReplenishmentPlanning, RunReplenishmentPlanningInput, PLANNING_ITEMS_MAX, PROPOSALS_PER_RUN_MAX,
  type PlanningRunResult, type ReplenishmentRunRow, type ReplenishmentProposalRow,
} from "./commands/run-planning";
export { acceptProposals, AcceptProposalsInput, type AcceptedProposals } from "./commands/accept-proposals";
export { rejectProposals, RejectProposalsInput, PROPOSALS_PER_DECISION_MAX, type ProposalRow } from "./commands/decide-proposals";
export { setItemWarehousePlan, SetItemWarehousePlanInput, type ItemWarehousePlan } from "./commands/set-item-warehouse-plan";
export {
  listProposals, getProposalOrThrow, listReplenishmentRuns, PROPOSALS_PAGE_SIZE_MAX, RUNS_LIST_MAX,
  type ProposalListRow, type ReplenishmentRunSummary,
} from "./queries/proposals";
