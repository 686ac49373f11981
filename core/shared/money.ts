import { assert } from "./assert";

export type CurrencyCode = string;
export type Money = { amountMinor: bigint; currency: CurrencyCode };

export type Rounding = "halfEven" | "halfUp" | "floor" | "ceil";

/** Divides with an explicit rounding rule; bigint division alone truncates toward zero. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  assert(denominator !== 0n, "division by zero");
  if (denominator < 0n) return divideRounded(-numerator, -denominator, rounding);
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  switch (rounding) {
    case "floor":
      return negative ? quotient - 1n : quotient;
    case "ceil":
      return negative ? quotient : quotient + 1n;
    case "halfUp":
    case "halfEven": {
      const twiceRemainder = (negative ? -remainder : remainder) * 2n;
      const away = negative ? quotient - 1n : quotient + 1n;
      if (twiceRemainder > denominator) return away;
      if (twiceRemainder < denominator) return quotient;
      if (rounding === "halfUp") return away;
      return quotient % 2n === 0n ? quotient : away;
    }
  }
}

export const PPM = 1_000_000n;

/** Applies a rate in parts per million (tax, FX, discounts) with the named rounding. */
export function applyRatePpm(amountMinor: bigint, ratePpm: bigint, rounding: Rounding): bigint {
  return divideRounded(amountMinor * ratePpm, PPM, rounding);
}

/**
 * Splits a total over weights so the parts sum exactly to the total (largest remainder).
 * Ties go to the earlier part, so the result is deterministic.
 */
export function allocateLargestRemainder(totalMinor: bigint, weights: readonly bigint[]): bigint[] {
  assert(weights.length > 0, "allocation needs at least one weight");
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  assert(weightSum > 0n, "allocation weights must sum to more than zero");
  for (const w of weights) assert(w >= 0n, "allocation weights must not be negative");
  const sign = totalMinor < 0n ? -1n : 1n;
  const total = totalMinor * sign;
  const parts = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w, index) => ({ index, remainder: (total * w) % weightSum }));
  let residual = total - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (residual === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    residual -= 1n;
  }
  assert(residual === 0n, "largest remainder left a residual");
  return parts.map((p) => p * sign);
}

/** Parses a decimal string in major units ("12.34") into minor units at the currency's scale. */
export function parseMajorToMinor(text: string, minorUnitDigits: number): bigint {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  assert(match !== null, `not a decimal amount: ${text}`);
  const [, sign, whole, fraction = ""] = match;
  assert(fraction.length <= minorUnitDigits, `more than ${minorUnitDigits} decimals: ${text}`);
  const minor = BigInt((whole ?? "0") + fraction.padEnd(minorUnitDigits, "0"));
  return sign ? -minor : minor;
}

/** Formats minor units as a major-unit decimal string; for display and exports only. */
export function formatMinor(amountMinor: bigint, minorUnitDigits: number): string {
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(minorUnitDigits + 1, "0");
  const whole = digits.slice(0, digits.length - minorUnitDigits);
  const fraction = digits.slice(digits.length - minorUnitDigits);
  const body = minorUnitDigits > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${body}` : body;
}

export function assertBalanced(debitsMinor: bigint, creditsMinor: bigint, label: string): void {
  assert(debitsMinor === creditsMinor, `${label}: debits ${debitsMinor} != credits ${creditsMinor}`);
}
