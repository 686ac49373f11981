export const CHECK_RESULTS = ["passed", "failed", "warning"] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** One line behind a check's result: a document, a difference, a queue; href opens it in the app. */
export type CheckDetail = { label: string; href?: string | null; amountMinor?: string | null };

export type CloseCheck = {
  code: string;
  label: string;
  result: CheckResult;
  /** A failed blocking check stops the close; warnings and non-blocking failures do not. */
  blocking: boolean;
  summary: string;
  details: CheckDetail[];
};

export const CHECK_DETAILS_MAX = 50;

export function passed(code: string, label: string, summary: string, details: CheckDetail[] = []): CloseCheck {
  return { code, label, result: "passed", blocking: false, summary, details };
}
export function failed(code: string, label: string, summary: string, details: CheckDetail[]): CloseCheck {
  return { code, label, result: "failed", blocking: true, summary, details: details.slice(0, CHECK_DETAILS_MAX) };
}
export function warning(code: string, label: string, summary: string, details: CheckDetail[]): CloseCheck {
  return { code, label, result: "warning", blocking: false, summary, details: details.slice(0, CHECK_DETAILS_MAX) };
}
