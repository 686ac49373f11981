import { DomainError, SharedError, isDomainError } from "../../core/shared/errors";
import { jsonResponse } from "./json";

/** The error body every API route returns; codes are the DomainError codes. */
export type ApiErrorBody = { error: { code: string; message: string; issues: { field: string; rule: string; message: string }[] } };

export function errorResponse(error: unknown): Response {
  if (isDomainError(error)) {
    const body: ApiErrorBody = { error: { code: error.code, message: error.userMessage, issues: error.issues } };
    return jsonResponse(body, { status: error.httpStatus });
  }
  // A non-domain error is a bug: log it whole, tell the client nothing about internals.
  console.error("[keel] unhandled error in route handler:", error);
  const body: ApiErrorBody = { error: { code: "INTERNAL", message: "Something went wrong", issues: [] } };
  return jsonResponse(body, { status: 500 });
}

/** Wraps a route handler so a DomainError maps to its status and anything else to a logged 500. */
export function withErrors<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads a JSON body; a malformed body is the client's error, not a 500. */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new DomainError(SharedError.VALIDATION_FAILED, "invalid", "The request body is not valid JSON", {}, {
      issues: [{ field: "(body)", rule: "invalid_json", message: "The request body is not valid JSON" }],
    });
  }
}
