import { registerApprovalHandler } from "../../governance/approvals";
import { intercompanyTradeHandler } from "./trade";

export { IntercompanyError } from "./errors";
export { setIntercompanyPartner, listIntercompanyPartners, SetIntercompanyPartnerInput, PARTNERS_LIST_MAX, type IntercompanyPartner } from "./partners";
export { requestIntercompanySale, RequestIntercompanySaleInput, getTradeOrThrow, lineTransferValue, intercompanyTradeHandler, TRADE_LINES_MAX,
  type IntercompanyTrade, type IntercompanyTradeLine } from "./trade";
export { intercompanyReconciliation, IntercompanyReconciliationInput, RECONCILIATION_ROWS_MAX, type IntercompanyReconciliation, type TradeMismatch, type AccountDifference } from "./reconciliation";
export { unrealizedIntercompanyProfit, type UnrealizedProfit } from "./unrealized-profit";

// Approved intercompany trades post through this module; registered at import time.
registerApprovalHandler("intercompany_transfer", intercompanyTradeHandler);
