// Every bounded context's tables, gathered for drizzle and drizzle-kit.
export * from "../masters/schema";
export * from "../ledger/schema";
export * from "../inventory/schema";
export * from "../governance/schema";
export * from "../sales/schema";
export * from "../purchasing/schema";
export * from "../governance/anomalies/schema";
export * from "../ledger/close/schema";
export * from "../ledger/journals/schema";
export * from "../ledger/revaluation/schema";
export * from "../sales/rebates/schema";
export * from "../ledger/intercompany/schema";
export * from "../purchasing/planning/forecast-schema";
export * from "../../models/registry/schema";
export * from "../masters/merge/schema";
export * from "../demo/ground-truth/schema";
export * from "../sales/risk/schema";
