import { z } from "zod";

/** Next's searchParams as a page receives them. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
export type RouteParams<P> = Promise<P>;

export const PAGE_MAX = 100_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

// A bad query string value falls back to the default instead of failing the page:
// links are shared and edited by hand, and an empty filter is always a safe reading.
const optionalText = z.string().max(200).optional().catch(undefined);
const pageNumber = z.coerce.number().int().min(1).max(PAGE_MAX).catch(1);
const optionalId = z.coerce.number().int().positive().optional().catch(undefined);
const optionalDate = z.string().regex(DATE_PATTERN).refine((s) => !Number.isNaN(Date.parse(s))).optional().catch(undefined);

export const ListQuery = z.object({ q: optionalText, page: pageNumber });
export type ListQuery = z.output<typeof ListQuery>;

/** Flattens searchParams (first value of each, trimmed, empty dropped) and parses with a schema. */
export async function parseQuery<S extends z.ZodType>(schema: S, searchParams: SearchParams): Promise<z.output<S>> {
  const raw = await searchParams;
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const text = first(value);
    if (text !== undefined) flat[key] = text;
  }
  return schema.parse(flat);
}

export const queryFields = { optionalText, pageNumber, optionalId, optionalDate };

/** A path with a query string built from the defined values only. */
export function hrefWith(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? path : `${path}?${text}`;
}

/** A route parameter that must be a positive integer id; anything else is "not found". */
export function parseId(text: string): number | null {
  const parsed = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(text);
  return parsed.success && /^\d+$/.test(text) ? parsed.data : null;
}
