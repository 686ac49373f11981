import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./core/masters/schema.ts", "./core/ledger/schema.ts", "./core/inventory/schema.ts", "./core/governance/schema.ts", "./core/sales/schema.ts", "./core/purchasing/schema.ts", "./core/governance/anomalies/schema.ts", "./core/ledger/close/schema.ts", "./core/ledger/journals/schema.ts", "./core/ledger/revaluation/schema.ts", "./core/sales/rebates/schema.ts", "./core/ledger/intercompany/schema.ts", "./core/purchasing/planning/forecast-schema.ts", "./models/registry/schema.ts", "./core/masters/merge/schema.ts", "./core/demo/ground-truth/schema.ts", "./core/sales/risk/schema.ts"],
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/keel" },
});
