import { assert } from "../../shared/assert";
import { isRole, type Role } from "../permissions";
import { EXCEPTION_DUE_HOURS_MAX } from "./limits";

/** The queues Keel ships with; other modules add theirs with registerExceptionKind. */
export const EXCEPTION_KINDS = [
  "inventory_variance", "delayed_receipt", "blocked_order", "posting_failure", "match_exception",
  "cross_functional_alert", "anomaly", "compensating_review",
] as const;
export type BuiltInExceptionKind = (typeof EXCEPTION_KINDS)[number];
/** Built-in kinds plus any registered at start-up; stored as text. */
export type ExceptionKind = BuiltInExceptionKind | (string & {});

export const EXCEPTION_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type ExceptionSeverity = (typeof EXCEPTION_SEVERITIES)[number];

export const EXCEPTION_STATES = ["open", "assigned", "resolved", "dismissed"] as const;
export type ExceptionState = (typeof EXCEPTION_STATES)[number];
/** States in which an item still waits for someone; the rest are closed for good. */
export const ACTIVE_EXCEPTION_STATES = ["open", "assigned"] as const satisfies readonly ExceptionState[];

export type ExceptionKindDefaults = { ownerRole: Role; dueHours: number };

const BUILT_IN_DEFAULTS: Record<BuiltInExceptionKind, ExceptionKindDefaults> = {
  inventory_variance: { ownerRole: "warehouse", dueHours: 24 },
  delayed_receipt: { ownerRole: "buyer", dueHours: 24 },
  blocked_order: { ownerRole: "sales", dueHours: 8 },
  posting_failure: { ownerRole: "controller", dueHours: 4 },
  match_exception: { ownerRole: "buyer", dueHours: 48 },
  // A late receipt hurting customer orders is urgent for everyone it reaches.
  cross_functional_alert: { ownerRole: "buyer", dueHours: 24 },
  anomaly: { ownerRole: "controller", dueHours: 72 },
  compensating_review: { ownerRole: "controller", dueHours: 72 },
};

const registry = new Map<string, ExceptionKindDefaults>(Object.entries(BUILT_IN_DEFAULTS));

const KIND_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;

/**
 * Adds a queue (or replaces a kind's defaults) for the whole process; call it at module
 * load so every process that raises or lists the kind knows it.
 */
export function registerExceptionKind(kind: string, defaults: ExceptionKindDefaults): void {
  assert(KIND_PATTERN.test(kind), `exception kind "${kind}" must be snake_case`);
  assert(isRole(defaults.ownerRole), `exception kind "${kind}" needs a known owner role`);
  assert(Number.isInteger(defaults.dueHours), "dueHours must be whole hours");
  assert(defaults.dueHours > 0, "dueHours must be positive");
  assert(defaults.dueHours <= EXCEPTION_DUE_HOURS_MAX, `dueHours must be at most ${EXCEPTION_DUE_HOURS_MAX}`);
  registry.set(kind, { ...defaults });
}

export function isExceptionKind(kind: string): boolean {
  return registry.has(kind);
}

export function exceptionKinds(): string[] {
  return [...registry.keys()];
}

export function exceptionKindDefaults(kind: string): ExceptionKindDefaults {
  const defaults = registry.get(kind);
  assert(defaults !== undefined, `unknown exception kind "${kind}"`);
  return defaults;
}
