// Registers what applies when the order desk's approval requests are decided. Imported by
// core/sales/index.ts, so every process that loads the sales context can decide them.
import { registerApprovalHandler } from "../../governance/approvals";
import { creditReleaseHandler } from "../credit/credit-release";
import { pricingOverrideHandler } from "./pricing-override";

registerApprovalHandler("pricing_override", pricingOverrideHandler);
registerApprovalHandler("credit_release", creditReleaseHandler);
