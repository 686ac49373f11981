import { hasPermission, type Actor } from "../../core/governance";
import { factsFromJson } from "../../core/governance/approvals";
import { digitsOf, groupThousands, money, type CurrencyDigits } from "./format";
import type { EntitySummary } from "./reference-data";

/** snake_case codes as words: "master_data_change" → "Master data change". */
export function kindLabel(kind: string): string {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Hours to two decimals, or a dash when nothing was measured. */
export function hours(value: number | null): string {
  if (value === null) return "—";
  return `${groupThousands((Math.round(value * 100) / 100).toFixed(2))} h`;
}

/** The base currency of a request's entity, with its digits; null for requests without an entity. */
export function entityCurrency(entities: readonly EntitySummary[], digits: CurrencyDigits, entityId: number | null): { code: string; digits: number } | null {
  const entity = entities.find((e) => e.id === entityId);
  if (!entity) return null;
  return { code: entity.baseCurrency, digits: digitsOf(digits, entity.baseCurrency) };
}

/** A money fact in the entity's base currency; minor units when the entity is unknown. */
export function factMoney(value: bigint | null | undefined, currency: { code: string; digits: number } | null): string {
  if (value === null || value === undefined) return "—";
  if (currency === null) return `${groupThousands(value.toString())} minor units`;
  return `${money(value, currency.digits)} ${currency.code}`;
}

/** The amount fact of a stored request, formatted; a dash when the kind has none. */
export function requestAmount(facts: unknown, currency: { code: string; digits: number } | null): string {
  const parsed = factsFromJson(facts);
  return factMoney(parsed.amountMinor, currency);
}

/** A value of an audit or change payload as one line of text. */
export function plainValue(value: unknown): string {
  if (value === null || value === undefined) return "∅";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** datetime-local input text (minutes, UTC) for a Date. */
export function dateTimeInput(value: Date): string {
  return value.toISOString().slice(0, 16);
}

/** Policy administrators edit policies; auditors read them. */
export function mayReadPolicies(actor: Actor): boolean {
  return hasPermission(actor, "governance.policies:manage") || hasPermission(actor, "audit:read");
}
