/** JSON for API responses: bigints (money in minor units) become decimal strings, dates ISO strings. */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(text, { ...init, headers });
}
