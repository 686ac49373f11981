// The public surface of master data; other contexts and app/ import only this file.
export { MastersError, type MastersErrorCode } from "./errors";
export type {
  AuditRow, FieldSpec, FieldType, ListMastersOptions, MasterInput, MasterKey, MasterKind, MasterKindDescriptor, MasterPage, MasterRow, Row,
} from "./types";
export { MASTER_KINDS, MASTER_KIND_NAMES, isMasterKind } from "./registry";
export { isValidTimeZone } from "./fields";
export { LIST_PAGE_SIZE_DEFAULT, LIST_PAGE_SIZE_MAX, CHANGES_LIMIT_MAX, ITEM_CONVERSIONS_MAX } from "./limits";
export { createMaster } from "./commands/create-master";
export { updateMaster, validateMasterPatch, type ValidatedPatch } from "./commands/update-master";
export { changeMaster, type MasterChangeResult } from "./commands/change-master";
export { setMasterActive } from "./commands/set-master-active";
export * from "./commands/typed";
export { getMasterOrThrow } from "./queries/get-master";
export { listMasters } from "./queries/list-masters";
export { listMasterChanges } from "./queries/list-master-changes";
export { toBaseQty } from "./queries/to-base-qty";
export { exchangeRateOn } from "./queries/exchange-rate-on";
// Registers the approval handler that applies approved master-data changes: every process that
// loads master data can then decide change requests (see core/governance/change-control).
import "../governance/change-control";
export { ChangeControlError, OWNING_ROLE, GOVERNED_FIELDS } from "../governance/change-control";
