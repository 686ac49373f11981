import { defineMaster } from "../definition";
import { field } from "../fields";
import { LEAD_TIME_DAYS_MAX } from "../limits";
import { supplier } from "../schema";
import { partyContactFields } from "./customers";

export const supplierDefinition = defineMaster({
  kind: "supplier", label: "Supplier", labelPlural: "Suppliers", permission: "masters.suppliers:write", table: supplier,
  fields: [
    field.reference("entityId", "Entity", "legalEntity", { editable: false }),
    field.code("code", "Code"),
    field.name("name", "Name"),
    // Open supplier invoices are in this currency; a new currency means a new supplier account.
    field.codeReference("currency", "Currency", "currency", { editable: false }),
    field.codeReference("paymentTermCode", "Payment term", "paymentTerm"),
    field.integer("leadTimeDays", "Lead time (days)", { min: 0, max: LEAD_TIME_DAYS_MAX }),
    // Remittance details decide where payments go: governed fields (changed through approval).
    field.text("bankName", "Bank name", { presence: "nullable", max: 120 }),
    field.text("bankAccountNumber", "Bank account (IBAN or number)", { presence: "nullable", max: 40, pattern: [/^[A-Z0-9 ]{4,40}$/, "letters, digits and spaces (IBAN or account number)"] }),
    field.text("bankRoutingCode", "Routing code (ABA, SWIFT/BIC, transit)", { presence: "nullable", max: 20, pattern: [/^[A-Z0-9-]{3,20}$/, "letters, digits or dashes"] }),
    ...partyContactFields,
  ],
  listColumns: ["code", "name", "currency", "leadTimeDays", "city", "active"], searchFields: ["code", "name", "email", "city"],
  orderBy: ["code"], entity: "column",
  references: [
    { field: "entityId", kind: "legalEntity" }, { field: "currency", kind: "currency" },
    { field: "paymentTermCode", kind: "paymentTerm" },
  ],
  uniqueKeys: [{ fields: ["entityId", "code"], field: "code" }],
});
