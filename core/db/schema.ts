// Every bounded context's tables, gathered for drizzle and drizzle-kit.
export * from "../masters/schema";
export * from "../ledger/schema";
export * from "../inventory/schema";
export * from "../governance/schema";
export * from "../sales/schema";
export * from "../purchasing/schema";
