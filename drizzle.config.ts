import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./core/masters/schema.ts", "./core/ledger/schema.ts", "./core/inventory/schema.ts", "./core/governance/schema.ts", "./core/sales/schema.ts", "./core/purchasing/schema.ts"],
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/keel" },
});
