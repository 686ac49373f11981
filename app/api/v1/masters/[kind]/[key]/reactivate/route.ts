import { setMasterActive } from "../../../../../../../core/masters";
import { kindOrThrow } from "../../../../../../_lib/api-masters";
import { write } from "../../../../../../_lib/db";
import { jsonResponse } from "../../../../../../_lib/json";
import { withErrors } from "../../../../../../_lib/route";
import { requireApiUser } from "../../../../../../_lib/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ kind: string; key: string }> };

/** Reactivates one row; everything it refers to must be active again. */
export const POST = withErrors(async (_request: Request, context: Context) => {
  const user = await requireApiUser();
  const { kind: kindText, key } = await context.params;
  const kind = kindOrThrow(kindText);
  return jsonResponse(await write((tx) => setMasterActive(tx, user, kind, key, true)));
});
