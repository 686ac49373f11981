import { z } from "zod";

/** How an operating error maps to HTTP at the route boundary; codes stay stable. */
export type ErrorKind =
  | "invalid"          // 400: input breaks a rule
  | "unauthenticated"  // 401
  | "forbidden"        // 403
  | "not_found"        // 404
  | "conflict"         // 409: state does not allow the command
  | "unprocessable";   // 422: domain rule refuses (insufficient stock, unbalanced entry)

export const HTTP_STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

export type FieldIssue = { field: string; rule: string; message: string };

/** An expected, typed failure with a stable code and a message fit for a user. */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly userMessage: string;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;
  readonly issues: FieldIssue[];

  constructor(
    code: string,
    kind: ErrorKind,
    userMessage: string,
    details: Record<string, unknown> = {},
    options: { retryable?: boolean; issues?: FieldIssue[] } = {},
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "DomainError";
    this.code = code;
    this.kind = kind;
    this.userMessage = userMessage;
    this.details = details;
    this.retryable = options.retryable ?? false;
    this.issues = options.issues ?? [];
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_KIND[this.kind];
  }
}

export const SharedError = {
  VALIDATION_FAILED: "VALIDATION_FAILED",
  FORBIDDEN: "AUTH_FORBIDDEN",
  UNAUTHENTICATED: "AUTH_UNAUTHENTICATED",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
} as const;

function describeIssue(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(input)";
  return { field, rule: issue.code, message: issue.message };
}

/** Parses with zod and turns failures into a DomainError naming each field and rule. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(describeIssue);
  const summary = issues.map((i) => `${i.field}: ${i.message} (${i.rule})`).join("; ");
  throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", summary, {}, { issues });
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
