// Small server-rendered pieces the procure-to-pay pages share: status badges and the links of
// the purchasing section.
import Link from "next/link";
import { statusWords } from "./sales-format";

export function PurchasingStatus({ status, testId }: { status: string; testId?: string }) {
  return <span className={`badge status-${status}`} data-testid={testId ?? "purchasing-status"}>{statusWords(status)}</span>;
}

/** The match result of an invoice line as it reads: matched, price variance, quantity variance. */
export function MatchBadge({ status }: { status: string }) {
  const tone = status === "matched" ? "approved" : status === "unmatched" ? "cancelled" : "rejected";
  return <span className={`badge status-${tone}`} data-testid="match-status">{statusWords(status)}</span>;
}

export function PurchaseOrderLink({ id, number }: { id: number; number: string }) {
  return <Link href={`/purchasing/orders/${id}`}>{number}</Link>;
}
