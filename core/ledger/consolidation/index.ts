export * from "./types";
export { ConsolidationError } from "./errors";
export { consolidate, ConsolidateInput, ENTITIES_MAX } from "./consolidate";
export { rateTableOf, loadRateTable, addDays, type RateTable } from "./rates";
