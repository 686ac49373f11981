import type { FieldIssue } from "../../shared/errors";
import { defineMaster } from "../definition";
import { field } from "../fields";
import { DUE_DAYS_MAX } from "../limits";
import { account, currency, exchangeRate, legalEntity, paymentTerm, taxCode } from "../schema";
import type { Row } from "../types";

const PPM_MAX = 1_000_000n;
const FINANCE = "masters.finance:write" as const;

export const currencyDefinition = defineMaster({
  kind: "currency", label: "Currency", labelPlural: "Currencies", permission: FINANCE, keyField: "code", table: currency,
  fields: [
    field.text("code", "Code", { editable: false, max: 3, pattern: [/^[A-Z]{3}$/, "three upper-case letters (ISO 4217)"] }),
    field.name("name", "Name"),
    // Changing the scale would reinterpret every stored amount in this currency.
    field.integer("minorUnitDigits", "Minor unit digits", { min: 0, max: 4 }, { editable: false }),
  ],
  listColumns: ["code", "name", "minorUnitDigits", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "none", uniqueKeys: [{ fields: ["code"], field: "code" }],
});

export const legalEntityDefinition = defineMaster({
  kind: "legalEntity", label: "Legal entity", labelPlural: "Legal entities", permission: FINANCE, table: legalEntity,
  fields: [
    field.code("code", "Code"),
    field.name("name", "Name"),
    // The ledger of an entity is kept in its base currency and valued by one method; neither may change later.
    field.codeReference("baseCurrency", "Base currency", "currency", { editable: false }),
    field.timeZone("timeZone", "Time zone"),
    field.select("valuationMethod", "Valuation method", ["moving_average", "fifo"], { presence: "defaulted", editable: false }),
    field.text("taxId", "Tax id", { presence: "nullable", max: 60 }),
  ],
  listColumns: ["code", "name", "baseCurrency", "timeZone", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "self", references: [{ field: "baseCurrency", kind: "currency" }], uniqueKeys: [{ fields: ["code"], field: "code" }],
});

export const exchangeRateDefinition = defineMaster({
  kind: "exchangeRate", label: "Exchange rate", labelPlural: "Exchange rates", permission: FINANCE, table: exchangeRate,
  fields: [
    field.codeReference("fromCurrency", "From currency", "currency", { editable: false }),
    field.codeReference("toCurrency", "To currency", "currency", { editable: false }),
    field.date("rateDate", "Rate date", { presence: "required", editable: false }),
    field.ppm("ratePpm", "Rate (ppm of to-currency per from-currency unit)", { min: 1n, max: 1_000_000_000_000_000n }),
  ],
  listColumns: ["fromCurrency", "toCurrency", "rateDate", "ratePpm", "active"], searchFields: ["fromCurrency", "toCurrency"],
  orderBy: ["fromCurrency", "toCurrency", "rateDate"], entity: "none",
  references: [{ field: "fromCurrency", kind: "currency" }, { field: "toCurrency", kind: "currency" }],
  uniqueKeys: [{ fields: ["fromCurrency", "toCurrency", "rateDate"], field: "rateDate" }],
  rowIssues: (row: Row): FieldIssue[] => row.fromCurrency === row.toCurrency
    ? [{ field: "toCurrency", rule: "distinct", message: "must differ from fromCurrency" }] : [],
});

function controlKindIssues(row: Row): FieldIssue[] {
  const hasKind = typeof row.controlKind === "string" && row.controlKind.length > 0;
  if (row.isControl === true && !hasKind) return [{ field: "controlKind", rule: "required_for_control", message: "is required when isControl is true" }];
  if (row.isControl !== true && hasKind) return [{ field: "controlKind", rule: "only_for_control", message: "must be empty unless isControl is true" }];
  return [];
}

export const accountDefinition = defineMaster({
  kind: "account", label: "Account", labelPlural: "Accounts", permission: FINANCE, table: account,
  fields: [
    field.reference("entityId", "Entity", "legalEntity", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    field.select("type", "Type", ["asset", "liability", "equity", "revenue", "expense"]),
    field.boolean("isControl", "Control account"),
    field.text("controlKind", "Control kind", { presence: "nullable", max: 40, pattern: [/^[a-z][a-z_]*$/, "lower-case words joined by _, such as ar or grni"] }),
  ],
  listColumns: ["code", "name", "type", "isControl", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "column", references: [{ field: "entityId", kind: "legalEntity" }],
  uniqueKeys: [{ fields: ["entityId", "code"], field: "code" }], rowIssues: controlKindIssues,
});

export const paymentTermDefinition = defineMaster({
  kind: "paymentTerm", label: "Payment term", labelPlural: "Payment terms", permission: FINANCE, keyField: "code", table: paymentTerm,
  fields: [
    field.code("code", "Code", { editable: false }),
    field.name("name", "Name"),
    field.integer("dueDays", "Due days", { min: 0, max: DUE_DAYS_MAX }),
    field.integer("discountDays", "Discount days", { min: 0, max: DUE_DAYS_MAX }, { presence: "defaulted" }),
    field.ppm("discountPpm", "Early-payment discount (ppm)", { min: 0n, max: PPM_MAX }, { presence: "defaulted" }),
  ],
  listColumns: ["code", "name", "dueDays", "discountDays", "discountPpm", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "none", uniqueKeys: [{ fields: ["code"], field: "code" }],
  rowIssues: (row: Row): FieldIssue[] => typeof row.discountDays === "number" && row.discountDays > (row.dueDays as number)
    ? [{ field: "discountDays", rule: "within_due_days", message: `must not exceed dueDays (${String(row.dueDays)})` }] : [],
});

export const taxCodeDefinition = defineMaster({
  kind: "taxCode", label: "Tax code", labelPlural: "Tax codes", permission: FINANCE, table: taxCode,
  fields: [
    field.reference("entityId", "Entity", "legalEntity", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    field.ppm("ratePpm", "Rate (ppm)", { min: 0n, max: PPM_MAX }),
  ],
  listColumns: ["code", "name", "ratePpm", "active"], searchFields: ["code", "name"], orderBy: ["code"],
  entity: "column", references: [{ field: "entityId", kind: "legalEntity" }],
  uniqueKeys: [{ fields: ["entityId", "code"], field: "code" }],
});
