// The reasons of a risk score in words, for the sales and finance pages: each feature that raised the
// risk, said the way a sales clerk or a credit controller would say it, with the line's own value.

const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const percent = (share: number) => `${Math.round(share * 100)}%`;
type Wording = Record<string, (value: number) => string>;

// Both models carry the same key-account feature; it reads the same on either page.
const tierKey = () => "key-account customer (platinum or gold)";

const LATE_FULFILMENT_WORDS: Wording = {
  promise_lead_days: (v) => `promised ${WHOLE.format(v)} days after the order`,
  requested_before_promise: () => "the customer asked for an earlier date than promised",
  log_qty: (v) => `large quantity (${WHOLE.format(Math.expm1(v))} base units)`,
  order_lines: (v) => `${WHOLE.format(v)} lines on the order`,
  credit_hold: () => "the order went to a credit approval",
  pricing_hold: () => "the line went to a pricing approval",
  substitute: () => "ships a substitute item",
  item_lines_90d: (v) => `busy item: ${WHOLE.format(v)} order lines in the 90 days before`,
  channel_edi: () => "EDI order",
  channel_web: () => "web or API order",
  tier_key: tierKey,
  peak_season: () => "ordered in a peak month",
};

const COLLECTIONS_WORDS: Wording = {
  prior_invoices_log: (v) => `${WHOLE.format(Math.expm1(v))} earlier invoices with a known outcome`,
  prior_late_share: (v) => `${percent(v)} of earlier invoices paid more than 30 days late or unpaid`,
  prior_days_late_mean: (v) => `earlier invoices paid ${WHOLE.format(v)} days after due on average`,
  open_ar_to_limit: (v) => `open AR at ${percent(v)} of the credit limit`,
  amount_log: (v) => `invoice of ${WHOLE.format(Math.expm1(v))} in base currency`,
  terms_days: (v) => `${WHOLE.format(v)}-day payment terms`,
  tier_key: tierKey,
};

/** A feature with no wording (a contract that grew) still reads as its name and value. */
function describe(words: Wording, feature: string, value: number): string {
  return words[feature]?.(value) ?? `${feature.replaceAll("_", " ")}: ${value}`;
}

export function describeLateFulfilmentReason(feature: string, value: number): string {
  return describe(LATE_FULFILMENT_WORDS, feature, value);
}

export function describeCollectionsReason(feature: string, value: number): string {
  return describe(COLLECTIONS_WORDS, feature, value);
}
