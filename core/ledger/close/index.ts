// The period-close checklist of an entity's period: checks, soft and hard close, reopen by
// approval. Importing it registers the period_reopen approval handler (core/ledger does too).
export { CloseError } from "./errors";
export { CHECK_RESULTS, CHECK_DETAILS_MAX, type CheckResult, type CheckDetail, type CloseCheck } from "./types";
export { CLOSE_STATUSES, type CloseStatus, type PeriodCloseRow } from "./state";
export {
  runCloseChecks, softClosePeriod, hardClosePeriod, getCloseChecklist, CLOSE_CHECKS, CHECK_CODES, PeriodInput,
  type CloseChecklist, type RecordedChecklist,
} from "./close-period";
export { requestPeriodReopen, RequestPeriodReopenInput, periodReopenApprovalHandler } from "./reopen";
export { listPeriodCloses, type PeriodCloseOverview } from "./queries";
export { accrueUnbilledShipments, AccrueUnbilledShipmentsInput, type UnbilledAccrual } from "./accrue-unbilled";
