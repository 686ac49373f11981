// Customer rebates: agreements by volume tier (optionally per item category), accrued as invoices
// post, settled by credit memo after the period, with the accrual balance reconciling.
export {
  CustomerRebateError, REBATE_TIERS_MAX, volumeTierRatePpm, incrementalRebateMinor, createCustomerRebateAgreement, listCustomerRebateAgreements,
  CreateCustomerRebateAgreementInput, type CustomerRebateAgreementRow, type VolumeTier,
} from "./agreements";
export { accrueCustomerRebates, AccrueCustomerRebatesInput, REBATE_INVOICES_BATCH_MAX, type CustomerRebateAccrualRow } from "./accrue";
export {
  settleCustomerRebateAgreement, customerRebateReconciliation, SettleCustomerRebateInput, type CustomerRebateSettlement, type CustomerRebateReconciliation,
} from "./settle";
