// Start-up wiring for governance, imported only by entry points (npm start, the worker, the
// CLI, app/_lib): registering the approval handlers of every module that has one, and
// installing the default policies and SoD rules into a database that has none.
import "../masters"; // Registers the master_data_change handler (through change-control).
import "../sales"; // Registers the pricing_override, credit_release and return_authorization handlers.
import "../purchasing"; // Registers the purchase_order and payment_run handlers.
import "../inventory"; // Registers the inventory_adjustment handler.
import "../masters/merge"; // Registers the master_merge handler.
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { installDefaultPolicies } from "./approvals";
import { SYSTEM_ACTOR } from "./permissions";
import { installDefaultSodRules } from "./sod";

export type GovernanceDefaults = { policiesInstalled: number; sodRulesInserted: number };

/** Idempotent: kinds that already have a policy, and rules already present, are left alone. */
export async function installGovernanceDefaults(db: Db): Promise<GovernanceDefaults> {
  return inTransaction(db, async (tx) => {
    const policies = await installDefaultPolicies(tx, SYSTEM_ACTOR);
    const sod = await installDefaultSodRules(tx, SYSTEM_ACTOR);
    return { policiesInstalled: policies.installed.length, sodRulesInserted: sod.inserted };
  });
}
