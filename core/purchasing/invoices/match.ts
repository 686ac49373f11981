// Three-way match of one invoice line against its PO line (price) and what was received and
// not yet invoiced (quantity), as a pure function with the variance explained.
import { formatMinor } from "../../shared/money";
import { formatQty, type QtyScaled } from "../../shared/quantity";
import { priceVariancePpm, priceWithinTolerance, type PoLinePrice } from "../shared/values";

export type MatchStatus = "matched" | "price_variance" | "quantity_variance";

export type LineMatch = {
  matchStatus: MatchStatus;
  priceOk: boolean;
  qtyOk: boolean;
  /** Signed ppm of the PO price; null when the PO price is zero and the invoice's is not. */
  priceVariancePpm: bigint | null;
  /** Received and not yet invoiced on the PO line before this invoice line. */
  availableQty: QtyScaled;
  /** Invoiced beyond that; zero when the quantity matches. */
  qtyOver: QtyScaled;
};

export function matchLine(poLine: PoLinePrice, invoiceBaseQty: QtyScaled, invoicePricePerBaseMinor: bigint, availableQty: QtyScaled, tolerancePpm: bigint): LineMatch {
  const priceOk = priceWithinTolerance(poLine, invoicePricePerBaseMinor, tolerancePpm);
  const qtyOk = invoiceBaseQty <= availableQty;
  const matchStatus: MatchStatus = !qtyOk ? "quantity_variance" : !priceOk ? "price_variance" : "matched";
  return {
    matchStatus, priceOk, qtyOk, priceVariancePpm: priceVariancePpm(poLine, invoicePricePerBaseMinor), availableQty,
    qtyOver: qtyOk ? 0n : invoiceBaseQty - availableQty,
  };
}

/** "+4.1667%" from ppm, for explanations. */
export function formatPpmPercent(ppm: bigint | null): string {
  if (ppm === null) return "n/a (PO price is zero)";
  const sign = ppm < 0n ? "-" : "+";
  return `${sign}${formatMinor(ppm < 0n ? -ppm : ppm, 4)}%`;
}

/** One sentence per line saying what differs and by how much. */
export function explainLine(label: string, match: LineMatch, figures: { invoicePrice: string; poPrice: string; invoiceQty: QtyScaled; tolerancePercent: string }): string {
  const parts: string[] = [];
  if (!match.priceOk) parts.push(`price ${figures.invoicePrice} vs PO ${figures.poPrice} per base unit (${formatPpmPercent(match.priceVariancePpm)}, tolerance ${figures.tolerancePercent})`);
  if (!match.qtyOk) parts.push(`quantity ${formatQty(figures.invoiceQty)} invoiced, only ${formatQty(match.availableQty)} received and not yet invoiced (${formatQty(match.qtyOver)} over)`);
  return `${label}: ${parts.length > 0 ? parts.join("; ") : "matched"}`;
}
