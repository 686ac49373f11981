import type { Tx } from "../../db/client";
import type { Actor } from "../../governance/permissions";
import { assert } from "../../shared/assert";
import { loadRules, resolveAccountOrThrow } from "./account-determination";
import { roleLinesForEvent } from "./event-rules";
import { postJournal, type JournalLineDraft, type PostedEntry } from "./post-journal";
import type { EventEnvelope, OperationalEvent, RoleLine } from "./types";

/** Lines with the same account, side and references are merged so an entry stays readable. */
function mergeKey(line: JournalLineDraft, side: "debit" | "credit"): string {
  return [line.accountId, side, line.itemId ?? "", line.warehouseId ?? "", line.customerId ?? "", line.supplierId ?? "", line.documentCurrency ?? ""].join("|");
}

export function toJournalLines(roleLines: readonly RoleLine[], accountFor: (line: RoleLine) => number, documentCurrency?: string | null): JournalLineDraft[] {
  const merged = new Map<string, JournalLineDraft>();
  for (const line of roleLines) {
    assert(line.amountMinor >= 0n, "role line amounts are never negative");
    const documentAmount = line.documentAmountMinor ?? line.amountMinor;
    assert(documentAmount >= 0n, "role line document amounts are never negative");
    // A line may carry only a document amount (a variance whose base value rounds to zero).
    if (line.amountMinor === 0n && (!documentCurrency || documentAmount === 0n)) continue;
    const draft: JournalLineDraft = {
      accountId: accountFor(line),
      debitMinor: line.side === "debit" ? line.amountMinor : 0n,
      creditMinor: line.side === "credit" ? line.amountMinor : 0n,
      ...(documentCurrency ? {
        documentCurrency,
        documentDebitMinor: line.side === "debit" ? documentAmount : 0n,
        documentCreditMinor: line.side === "credit" ? documentAmount : 0n,
      } : {}),
      itemId: line.itemId ?? null, warehouseId: line.warehouseId ?? null,
      customerId: line.customerId ?? null, supplierId: line.supplierId ?? null, memo: line.memo ?? null,
    };
    const key = mergeKey(draft, line.side);
    const existing = merged.get(key);
    if (!existing) { merged.set(key, draft); continue; }
    existing.debitMinor += draft.debitMinor;
    existing.creditMinor += draft.creditMinor;
    if (existing.documentDebitMinor !== undefined) existing.documentDebitMinor += draft.documentDebitMinor ?? 0n;
    if (existing.documentCreditMinor !== undefined) existing.documentCreditMinor += draft.documentCreditMinor ?? 0n;
  }
  return [...merged.values()];
}

/**
 * Turns an operational event into a posted journal entry through the entity's account
 * determination rules. Returns null when every amount is zero (nothing to post).
 */
export async function postEvent(tx: Tx, actor: Actor, envelope: EventEnvelope, event: OperationalEvent): Promise<PostedEntry | null> {
  const roleLines = roleLinesForEvent(event);
  const rules = await loadRules(tx, envelope.entityId, roleLines.map((l) => l.role));
  const lines = toJournalLines(roleLines, (line) => resolveAccountOrThrow(rules, envelope.entityId, line.role, line.dimensions), envelope.documentCurrency);
  if (lines.length === 0) return null;
  return postJournal(tx, actor, {
    entityId: envelope.entityId,
    postingDate: envelope.postingDate,
    eventType: event.type,
    sourceType: envelope.sourceType,
    sourceId: envelope.sourceId,
    description: envelope.description,
    idempotencyKey: envelope.idempotencyKey ?? null,
    lines,
  });
}
