// The PostgreSQL tables the KPIs read, mirrored column for column (same names) into DuckDB so
// that one KPI query text runs on both engines. Only the columns the KPIs and filters use.

/** DuckDB column types; the PostgreSQL columns are bigint, numeric(18,4), date, timestamptz, text, boolean. */
export type MirrorColumnType = "BIGINT" | "DECIMAL(18,4)" | "DATE" | "TIMESTAMP" | "VARCHAR" | "BOOLEAN";

export type MirrorTable = {
  name: string;
  columns: readonly (readonly [name: string, type: MirrorColumnType])[];
};

const id = ["id", "BIGINT"] as const;
const ref = (name: string) => [name, "BIGINT"] as const;
const text = (name: string) => [name, "VARCHAR"] as const;
const qty = (name: string) => [name, "DECIMAL(18,4)"] as const;
const day = (name: string) => [name, "DATE"] as const;
const at = (name: string) => [name, "TIMESTAMP"] as const;

export const MIRROR_TABLES: readonly MirrorTable[] = [
  { name: "legal_entity", columns: [id, text("code"), text("name"), text("base_currency")] },
  { name: "item_category", columns: [id, text("code"), text("name")] },
  { name: "item", columns: [id, text("sku"), text("description"), ref("category_id")] },
  { name: "customer", columns: [id, ref("entity_id"), text("code"), text("name")] },
  { name: "supplier", columns: [id, ref("entity_id"), text("code"), text("name")] },
  { name: "warehouse", columns: [id, ref("entity_id"), text("code"), text("name"), ["is_transit", "BOOLEAN"]] },
  { name: "exchange_rate", columns: [id, text("from_currency"), text("to_currency"), day("rate_date"), ref("rate_ppm")] },
  { name: "account", columns: [id, ref("entity_id"), text("code"), text("name"), text("type")] },
  { name: "account_rule", columns: [id, ref("entity_id"), text("role"), ref("account_id")] },
  { name: "fiscal_period", columns: [id, ref("entity_id"), text("code"), day("start_date"), day("end_date")] },
  { name: "period_close", columns: [id, ref("entity_id"), ref("fiscal_period_id"), text("status"), at("started_at"), at("hard_closed_at")] },
  { name: "sales_order", columns: [id, ref("entity_id"), text("order_number"), ref("customer_id"), text("currency"), day("order_date"), text("status")] },
  {
    name: "sales_order_line",
    columns: [id, ref("order_id"), ref("entity_id"), ["line_number", "BIGINT"], ref("item_id"), ref("warehouse_id"), qty("qty"),
      qty("base_qty_ordered"), qty("base_qty_allocated"), qty("base_qty_shipped"), qty("base_qty_cancelled"),
      ref("unit_price_minor"), ref("unit_cost_minor"), day("promised_date"), text("status")],
  },
  { name: "shipment", columns: [id, ref("entity_id"), text("shipment_number"), ref("order_id"), ref("warehouse_id"), text("status"), day("ship_date")] },
  { name: "shipment_line", columns: [id, ref("shipment_id"), ref("order_line_id"), ref("item_id"), qty("base_qty"), ref("cost_value_minor")] },
  { name: "purchase_order", columns: [id, ref("entity_id"), text("po_number"), ref("supplier_id"), day("order_date"), day("expected_date"), text("status")] },
  { name: "purchase_order_line", columns: [id, ref("purchase_order_id"), ref("item_id"), ref("warehouse_id"), qty("base_qty_ordered"), day("expected_date")] },
  { name: "purchase_receipt", columns: [id, ref("entity_id"), text("receipt_number"), ref("purchase_order_id"), ref("supplier_id"), ref("warehouse_id"), day("receipt_date")] },
  { name: "purchase_receipt_line", columns: [id, ref("receipt_id"), ref("purchase_order_line_id"), ref("item_id"), qty("base_qty")] },
  { name: "inventory_document", columns: [id, ref("entity_id"), text("kind"), text("upstream_type"), ref("upstream_id")] },
  { name: "journal_entry", columns: [id, ref("entity_id"), day("posting_date"), text("event_type"), text("source_type"), ref("source_id")] },
  {
    name: "journal_line",
    columns: [id, ref("entry_id"), ref("entity_id"), ref("account_id"), ref("debit_minor"), ref("credit_minor"),
      ref("item_id"), ref("warehouse_id"), ref("customer_id"), ref("supplier_id")],
  },
];

export const MIRROR_TABLE_NAMES = MIRROR_TABLES.map((t) => t.name);

/**
 * Tables whose rows are never updated or deleted (database triggers refuse it: the ledger is
 * append-only), so an arrived row is always new: an incremental load appends it without first
 * deleting an older version, and the ledger cubes add it instead of recomputing its day.
 */
export const APPEND_ONLY_TABLES: readonly string[] = ["journal_entry", "journal_line"];

/** Tables whose replaced rows the fact update compares with their new versions (`old_<table>`): gross margin's customer attribution. */
export const KEEP_REPLACED_TABLES: readonly string[] = ["sales_order", "shipment", "inventory_document"];

export function createTableSql(table: MirrorTable): string {
  const columns = table.columns.map(([name, type]) => `${name} ${type}`).join(", ");
  return `create table if not exists ${table.name} (${columns})`;
}

/** The DuckDB read_csv column map for a table, so CSV text parses into the mirror's types. */
export function csvColumnsSql(table: MirrorTable): string {
  return `{${table.columns.map(([name, type]) => `'${name}': '${type}'`).join(", ")}}`;
}
