// Proves the posting rules of the period-close events as pure functions: FX revaluation debits the
// revalued balance for a gain and credits it for a loss (base only, no party on the result line),
// unbilled revenue, customer rebate accrual, settlement by credit memo and supplier rebate collection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { roleLinesForEvent, type RoleLine } from "../../../core/ledger";

const brief = (lines: RoleLine[]) => lines.map((l) => [l.role, l.side, l.amountMinor, l.documentAmountMinor ?? l.amountMinor, l.customerId ?? l.supplierId ?? null]);

test("FX revaluation: a gain debits the balance and credits FX gain; a loss debits FX loss", () => {
  assert.deepEqual(brief(roleLinesForEvent({ type: "ledger.fx_revaluation", lines: [
    { target: "ar", customerId: 7, gainMinor: 409n }, { target: "ap", supplierId: 9, gainMinor: -120n }, { target: "cash", gainMinor: 0n },
  ] })), [["ar", "debit", 409n, 0n, 7], ["fx_gain", "credit", 409n, 0n, null], ["fx_loss", "debit", 120n, 0n, null], ["ap", "credit", 120n, 0n, 9]]);
});

test("unbilled shipments, customer rebates and supplier rebate collection post their DOMAIN.md lines", () => {
  assert.deepEqual(brief(roleLinesForEvent({ type: "sales.unbilled_accrued", customerId: 3, customerGroupId: null,
    lines: [{ itemId: 1, itemCategoryId: 2, warehouseId: 4, amountMinor: 3_000n }] })), [["unbilled_receivables", "debit", 3_000n, 3_000n, 3], ["revenue", "credit", 3_000n, 3_000n, 3]]);
  assert.deepEqual(brief(roleLinesForEvent({ type: "sales.rebate_accrued", customerId: 3, amountMinor: -50n, itemCategoryId: null })),
    [["sales_rebates", "credit", 50n, 50n, 3], ["rebate_accrual", "debit", 50n, 50n, 3]], "a negative true-up reverses the excess");
  assert.deepEqual(brief(roleLinesForEvent({ type: "sales.rebate_settled", customerId: 3, amountMinor: 280n })),
    [["rebate_accrual", "debit", 280n, 280n, 3], ["ar", "credit", 280n, 280n, 3]]);
  assert.deepEqual(brief(roleLinesForEvent({ type: "purchase.rebate_settled", supplierId: 9, amountMinor: 700n })),
    [["cash", "debit", 700n, 700n, 9], ["rebate_receivable", "credit", 700n, 700n, 9]]);
  assert.throws(() => roleLinesForEvent({ type: "sales.rebate_settled", customerId: 3, amountMinor: 0n }));
});
