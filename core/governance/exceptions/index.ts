// Exception queues: one model for every queue, raised into by other modules through
// raiseException (or raiseCrossFunctionalAlert), worked by the roles it is addressed to.
export {
  EXCEPTION_KINDS, EXCEPTION_SEVERITIES, EXCEPTION_STATES, ACTIVE_EXCEPTION_STATES,
  registerExceptionKind, isExceptionKind, exceptionKinds, exceptionKindDefaults,
  type BuiltInExceptionKind, type ExceptionKind, type ExceptionSeverity, type ExceptionState, type ExceptionKindDefaults,
} from "./kinds";
export { ExceptionError, type ExceptionErrorCode } from "./errors";
export * from "./limits";
export type { ExceptionItem, ExceptionLink } from "./types";
export { isAddressedTo } from "./access";
export { raiseException, RaiseExceptionInput, ExceptionLinkInput, type RaisedException } from "./commands/raise-exception";
export {
  raiseCrossFunctionalAlert, RaiseCrossFunctionalAlertInput, crossFunctionalSeverity,
  PRIORITY_CUSTOMER_TIERS, CROSS_FUNCTIONAL_OWNER_ROLE, CROSS_FUNCTIONAL_AUDIENCE_ROLES,
} from "./commands/raise-cross-functional-alert";
export { assignException, bulkAssignExceptions, AssignExceptionInput, BulkAssignExceptionsInput } from "./commands/assign-exception";
export { resolveException, dismissException, CloseExceptionInput } from "./commands/close-exception";
export { listExceptions, getExceptionOrThrow, ListExceptionsInput, type ExceptionListRow, type ExceptionPage } from "./queries/list-exceptions";
export { exceptionQueueSummary, QUEUE_SUMMARY_ROWS_MAX, type QueueSummary, type QueueSummaryRow } from "./queries/queue-summary";
export { exceptionCycleTimes, ExceptionCycleTimesInput, CYCLE_TIME_ROWS_MAX, type CycleTimeRow } from "./queries/cycle-times";
