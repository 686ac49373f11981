import { bigint, numeric, timestamp } from "drizzle-orm/pg-core";

/** Surrogate keys: bigint identity, read as JS numbers (safe far beyond any row count here). */
export const idColumn = () => bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity();
export const refColumn = (name: string) => bigint(name, { mode: "number" });
/** Money: integer minor units, never a float. */
export const moneyColumn = (name: string) => bigint(name, { mode: "bigint" });
/** Quantities: exact decimals in the item's base unit (read as strings, parsed to scaled bigint). */
export const qtyColumn = (name: string) => numeric(name, { precision: 18, scale: 4 });
export const createdAtColumn = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAtColumn = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
