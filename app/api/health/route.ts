import { getDb } from "../../../core/db/client";
import { readHealth } from "../../_lib/health";
import { jsonResponse } from "../../_lib/json";

export const dynamic = "force-dynamic";

/** No sign-in: load balancers and the test runner poll this. 503 when the database cannot be reached. */
export async function GET(): Promise<Response> {
  try {
    return jsonResponse(await readHealth(getDb()), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    console.error("[keel] health check failed:", error);
    return jsonResponse({ status: "unavailable", error: "database unreachable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
