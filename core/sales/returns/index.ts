// Returns' public surface: RMA requests routed through the approval engine, receipt with
// inspection (restock, scrap, return to supplier) at the original cost, and credit memos.
// Importing this module registers the return_authorization approval handler.
import { registerApprovalHandler } from "../../governance/approvals";
import { returnAuthorizationHandler } from "./handler";

registerApprovalHandler("return_authorization", returnAuthorizationHandler);

export { ReturnsError, type ReturnsErrorCode, RETURN_LINES_MAX, RETURNS_PAGE_MAX, DISPOSITIONS, type Disposition } from "./errors";
export { requestReturn, RequestReturnInput } from "./commands/request-return";
export { receiveReturn, ReceiveReturnInput } from "./commands/receive-return";
export { issueCreditMemo, IssueCreditMemoInput } from "./commands/issue-credit-memo";
export { getReturnOrThrow, listReturns, ListReturnsInput, type ReturnDetail, type ReturnLineDetail, type ReturnListRow } from "./queries/returns";
export { returnAuthorizationHandler } from "./handler";
export { creditLineAmounts, unitCostFromShipment, returnedValueMinor } from "./amounts";
