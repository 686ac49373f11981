// The AR subledger's reports: aging by days past due and the reconciliation of open AR (at
// carrying value) with the AR control accounts; plus the carrying-value arithmetic they share.
export { arAging, ArAgingInput, agingBucketOf, emptyAmounts, AGING_BUCKETS, AGING_ROWS_MAX, type ArAging, type AgingRow, type AgingAmounts, type AgingBucket } from "./queries/ar-aging";
export { arReconciliation, RECONCILIATION_CUSTOMERS_MAX, type ArReconciliation } from "./queries/ar-reconciliation";
export { cumulativeShare, incrementalShare, openBaseMinor, reliefBaseMinor, depositBaseMinor, settlementStatus, type CarriedDocument } from "./carrying-value";
export { addDays, daysBetween } from "./dates";
