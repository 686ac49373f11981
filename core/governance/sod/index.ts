// Segregation of duties: the conflict matrix (permission pairs that block or force a review),
// its enforcement when roles are given, and the report of users with conflicting rights.
export { SodError } from "./errors";
export {
  DEFAULT_SOD_RULES, SOD_MODES, SUPERUSER_ROLE, sodConflictsFor, newConflicts, isBlocking, describeConflict, conflictKey,
  type SodConflict, type SodMode, type SodRuleDefinition,
} from "./rules";
export { rulesInForce, listSodRuleRows, SOD_RULES_MAX, type SodRuleRow } from "./store";
export {
  installDefaultSodRules, upsertSodRule, setSodRuleActive, UpsertSodRuleInput, SetSodRuleActiveInput, SOD_DESCRIPTION_LENGTH_MAX,
} from "./commands/manage-rules";
export { listSodRules } from "./queries";
export { checkRoleChange, raiseCompensatingReview, type RoleChange } from "./enforce";
export { sodConflictReport, SOD_REPORT_USERS_MAX, type SodReportRow } from "./report";
export { assignRole, AssignRoleInput, type RoleAssignment } from "../commands/assign-role";
export { revokeRole, RevokeRoleInput } from "../commands/revoke-role";
