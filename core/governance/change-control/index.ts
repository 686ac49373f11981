// Master-data change control: who owns each master kind, which fields are governed, and the
// approval handler that applies an approved master_data_change exactly once. Importing this
// module registers the handler; core/masters imports it, so every process that loads master
// data can decide change requests.
import { registerApprovalHandler } from "../approvals/registry";
import { masterDataChangeHandler } from "./handler";

export { ChangeControlError, changeRequiresApproval } from "./errors";
export {
  ACCOUNT_RULE_KIND, OWNING_ROLE, GOVERNED_FIELDS, isSystemActor, ownsKind, governedFieldsAmong, routeChange,
  type ChangeRoute, type GovernedKind,
} from "./rules";
export { MasterChangePayload, requestIdOf } from "./payload";
export { refuseOverlappingPendingChange, PENDING_CHANGES_PER_ROW_MAX } from "./pending";
export { masterDataChangeHandler } from "./handler";
export {
  requestAccountRuleChange, applyAccountRule, accountRuleKey, type AccountRuleChangeResult, type AccountRuleValues,
} from "../../ledger/commands/set-account-rule";

/** Registers the master_data_change handler; idempotent (re-registering replaces). */
export function installChangeControlHandlers(): void {
  registerApprovalHandler("master_data_change", masterDataChangeHandler);
}

installChangeControlHandlers();
