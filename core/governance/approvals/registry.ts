// The module-level registry of approval handlers: each document module registers what applies
// when its kind of request is decided. Registration happens at import time of that module.
import { DomainError } from "../../shared/errors";
import { GovernanceApprovalError } from "./errors";
import { APPROVAL_KINDS, type ApprovalHandler, type ApprovalKind } from "./types";
import { assert } from "../../shared/assert";

const handlers = new Map<ApprovalKind, ApprovalHandler>();

/** Registers (or replaces) the handler of a kind. */
export function registerApprovalHandler(kind: ApprovalKind, handler: ApprovalHandler): void {
  assert((APPROVAL_KINDS as readonly string[]).includes(kind), `unknown approval kind ${kind}`);
  assert(typeof handler.onApproved === "function", "an approval handler needs onApproved");
  handlers.set(kind, handler);
}

export function approvalHandlerFor(kind: ApprovalKind): ApprovalHandler | null {
  return handlers.get(kind) ?? null;
}

/**
 * The handler that must apply an approved request. A missing one is refused rather than
 * skipped: an approval that silently applies nothing would look done and never happen.
 */
export function requireApprovalHandler(kind: ApprovalKind): ApprovalHandler {
  const handler = handlers.get(kind);
  if (handler) return handler;
  throw new DomainError(GovernanceApprovalError.NO_HANDLER, "unprocessable",
    `No module applies approved ${kind} requests in this process`, { kind });
}
