import { changeMaster, getMasterOrThrow } from "../../../../../../core/masters";
import { kindOrThrow } from "../../../../../_lib/api-masters";
import { read, write } from "../../../../../_lib/db";
import { jsonResponse } from "../../../../../_lib/json";
import { readJsonBody, withErrors } from "../../../../../_lib/route";
import { requireApiUser } from "../../../../../_lib/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ kind: string; key: string }> };

export const GET = withErrors(async (_request: Request, context: Context) => {
  const user = await requireApiUser();
  const { kind: kindText, key } = await context.params;
  const kind = kindOrThrow(kindText);
  return jsonResponse(await read((tx) => getMasterOrThrow(tx, user, kind, key)));
});

/**
 * Changes the editable fields named in the JSON body through change control: 200 with
 * { status: "applied", row } when applied, 202 with { status: "pending_approval", request, steps }
 * when a governed field or a kind the user's role does not own needs approval first.
 */
export const PATCH = withErrors(async (request: Request, context: Context) => {
  const user = await requireApiUser();
  const { kind: kindText, key } = await context.params;
  const kind = kindOrThrow(kindText);
  const patch = await readJsonBody(request);
  const result = await write((tx) => changeMaster(tx, user, kind, key, patch));
  return jsonResponse(result, { status: result.status === "applied" ? 200 : 202 });
});
