// The AR subledger's arithmetic, pure so it is tested directly. A document (invoice or credit
// memo) carries totalBaseMinor in base currency for totalMinor in its own currency. Its open
// amount carries the proportional share of that base value, and the whole of it when nothing
// has been applied. Every relief of AR (payment, deposit, credit applied) is the drop in this
// carrying value, so open AR at carrying value equals the AR control account at all times.
import { assert } from "../../shared/assert";
import { applyRatePpm, divideRounded } from "../../shared/money";

/** Share of a total for `through` of `of` units; the last unit takes exactly what is left. */
export function cumulativeShare(totalMinor: bigint, of: bigint, through: bigint): bigint {
  assert(of >= 0n, "the whole is not negative");
  assert(through >= 0n && through <= of, "the share lies within the whole");
  if (through === of) return totalMinor;
  return divideRounded(totalMinor * through, of, "halfEven");
}

/** The share of a total for `qty` more units after `before` units already taken. */
export function incrementalShare(totalMinor: bigint, of: bigint, before: bigint, qty: bigint): bigint {
  return cumulativeShare(totalMinor, of, before + qty) - cumulativeShare(totalMinor, of, before);
}

export type CarriedDocument = { totalMinor: bigint; totalBaseMinor: bigint };

/** Base-currency value of a document's open amount at its carrying rate. */
export function openBaseMinor(doc: CarriedDocument, openMinor: bigint): bigint {
  return cumulativeShare(doc.totalBaseMinor, doc.totalMinor, openMinor);
}

/** Base value relieved when `amountMinor` is applied to a document whose open amount is `openMinor`. */
export function reliefBaseMinor(doc: CarriedDocument, openMinor: bigint, amountMinor: bigint): bigint {
  assert(amountMinor > 0n && amountMinor <= openMinor, "an application takes part or all of the open amount");
  return openBaseMinor(doc, openMinor) - openBaseMinor(doc, openMinor - amountMinor);
}

/** Unapplied cash sits in customer deposits at the payment's rate; its carrying value. */
export function depositBaseMinor(unappliedMinor: bigint, exchangeRatePpm: bigint): bigint {
  assert(unappliedMinor >= 0n, "unapplied cash is not negative");
  return applyRatePpm(unappliedMinor, exchangeRatePpm, "halfEven");
}

/** A document status from what has been applied to it. */
export function settlementStatus(totalMinor: bigint, appliedMinor: bigint): "open" | "partially_paid" | "paid" {
  assert(appliedMinor >= 0n && appliedMinor <= totalMinor, "applied within the total");
  if (appliedMinor === totalMinor) return "paid";
  return appliedMinor > 0n ? "partially_paid" : "open";
}
