import { createHash } from "node:crypto";
import { assert } from "../../shared/assert";

/** The previous hash of the first seal: there is nothing before it. */
export const GENESIS_HASH = "0".repeat(64);

/** The audit_log fields a seal covers, exactly as stored (occurredAt to the microsecond, in UTC). */
export type SealedAuditFields = {
  id: number;
  occurredAt: string;
  actorUserId: number | null;
  actorName: string;
  action: string;
  objectKind: string;
  objectId: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

/**
 * JSON with every object's keys sorted, recursively, so the same row always hashes the same
 * whatever order jsonb or the driver returns keys in. Undefined object members are left
 * out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      assert(Number.isFinite(value), "canonical JSON has no NaN or Infinity");
      return JSON.stringify(value);
    case "object": {
      const record = value as Record<string, unknown>;
      const members = Object.keys(record).sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(",")}}`;
    }
    default:
      throw new Error(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** rowHash = sha256(previousHash + "\n" + canonical JSON of the row), hex. */
export function auditRowHash(previousHash: string, row: SealedAuditFields): string {
  assert(/^[0-9a-f]{64}$/.test(previousHash), "previousHash is a sha256 hex digest");
  const fields: SealedAuditFields = {
    id: row.id,
    occurredAt: row.occurredAt,
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    action: row.action,
    objectKind: row.objectKind,
    objectId: row.objectId,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  };
  return createHash("sha256").update(`${previousHash}\n${canonicalJson(fields)}`, "utf8").digest("hex");
}
