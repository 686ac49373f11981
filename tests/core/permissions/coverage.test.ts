// Proves that the permission matrix covers core: every function exported by a core/**/index.ts
// that takes (tx, actor, …) is a row of a matrix, or is listed below with the reason it checks
// no permission of its own. A new command added without a permission row fails here.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { APPROVALS_MATRIX } from "./approvals-matrix";
import { GOVERNANCE_MATRIX } from "./governance-matrix";
import { INVENTORY_CONTROL_MATRIX } from "./inventory-control-matrix";
import { LEDGER_INVENTORY_MATRIX } from "./ledger-inventory-matrix";
import { MASTERS_MATRIX } from "./masters-matrix";
import { SALES_BACKOFFICE_MATRIX } from "./sales-backoffice-matrix";
import { SALES_MATRIX } from "./sales-matrix";
import { PURCHASING_MATRIX } from "../purchasing/permissions-matrix";
import { PURCHASING_QUERIES_MATRIX } from "../purchasing/queries-matrix";
import { PLANNING_FORECAST_MATRIX } from "../purchasing/planning-forecast-matrix";
import { ANOMALIES_MATRIX } from "../governance/anomalies-matrix";
import { MERGE_MATRIX } from "../masters/merge-matrix";
import { CONSOLIDATION_MATRIX } from "./consolidation-matrix";
import { CLOSE_MATRIX } from "./close-matrix";
import { RISK_MATRIX } from "../sales/risk/risk-matrix";

const CORE = path.resolve(import.meta.dirname, "../../../core");

const TYPED_CREATOR = "a typed shorthand for createMaster(kind), whose rows cover every kind";

/** Exported (tx, actor) functions that check no permission themselves, and why. */
export const NOT_PERMISSION_GATED: Record<string, string> = {
  postJournal: "the posting engine: called only by commands that checked their own permission (reverseEntry, the stock commands)",
  postEvent: "the posting engine's event entry point, called by the stock engine after inventory:write was checked",
  recordAudit: "appends the audit row of a command that was already authorized",
  raiseException: "the one function other modules raise exceptions through, after their own checks",
  raiseCrossFunctionalAlert: "raised by detectors and jobs through raiseException",
  raiseCompensatingReview: "raised by createUser and assignRole (users:manage) for review-mode SoD conflicts",
  validateMasterPatch: "validation only, no write: updateMaster and changeMaster check the permission before calling it",
  applyAccountRule: "the ungoverned write for the system and for approved change requests; users call requestAccountRuleChange",
  ...Object.fromEntries([
    "createLegalEntity", "createCurrency", "createExchangeRate", "createAccount", "createWarehouse", "createLocation", "createUnitOfMeasure",
    "createItemCategory", "createItem", "createItemUomConversion", "createPaymentTerm", "createTaxCode", "createPriceList", "createPriceListLine",
    "createCustomerGroup", "createCustomer", "createCustomerShipTo", "createCustomerPrice", "createSupplier",
  ].map((name) => [name, TYPED_CREATOR])),
};

function indexFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return indexFiles(full);
    return name === "index.ts" ? [full] : [];
  });
}

/** Parameter names as written, from the function's source text. */
function parameterNames(fn: Function): string[] {
  const source = fn.toString();
  const open = source.indexOf("(");
  const close = source.indexOf(")", open);
  if (open < 0 || close < 0) return [];
  return source.slice(open + 1, close).split(",").map((part) => part.trim().split(/[\s=:]/)[0]!).filter(Boolean);
}

async function actorCommands(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const file of indexFiles(CORE)) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== "function") continue;
      const [first, second] = parameterNames(value);
      if (first === "tx" && second === "actor" && !found.has(name)) found.set(name, path.relative(CORE, file));
    }
  }
  return found;
}

const MATRIX_COMMANDS = new Set([...MASTERS_MATRIX, ...LEDGER_INVENTORY_MATRIX, ...APPROVALS_MATRIX, ...GOVERNANCE_MATRIX, ...SALES_MATRIX, ...SALES_BACKOFFICE_MATRIX, ...PURCHASING_MATRIX, ...PURCHASING_QUERIES_MATRIX,
  ...INVENTORY_CONTROL_MATRIX, ...ANOMALIES_MATRIX, ...MERGE_MATRIX, ...CONSOLIDATION_MATRIX, ...CLOSE_MATRIX, ...PLANNING_FORECAST_MATRIX, ...RISK_MATRIX]
  .map((row) => row.name.split("(")[0]!));

test("every exported core function taking (tx, actor) has permission rows or a stated reason to have none", async () => {
  const commands = await actorCommands();
  assert.ok(commands.size > 40, `found only ${commands.size} commands: is the scan broken?`);
  const uncovered = [...commands].filter(([name]) => !MATRIX_COMMANDS.has(name) && !(name in NOT_PERMISSION_GATED))
    .map(([name, file]) => `${name} (core/${file})`);
  assert.deepEqual(uncovered, []);
});

test("every matrix row and every stated exception names a function core exports", async () => {
  const commands = await actorCommands();
  const stale = [...MATRIX_COMMANDS, ...Object.keys(NOT_PERMISSION_GATED)].filter((name) => !commands.has(name));
  assert.deepEqual(stale, []);
});
