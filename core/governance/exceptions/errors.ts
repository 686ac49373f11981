/** Stable codes of the exception queues; codes are API: never rename or reuse one. */
export const ExceptionError = {
  NOT_FOUND: "GOVERNANCE_EXCEPTION_NOT_FOUND",
  CLOSED: "GOVERNANCE_EXCEPTION_CLOSED",
  ASSIGNEE_INELIGIBLE: "GOVERNANCE_EXCEPTION_ASSIGNEE_INELIGIBLE",
} as const;
export type ExceptionErrorCode = (typeof ExceptionError)[keyof typeof ExceptionError];
