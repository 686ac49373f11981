import { createMaster, listMasters } from "../../../../../core/masters";
import { kindOrThrow, parseListParams } from "../../../../_lib/api-masters";
import { read, write } from "../../../../_lib/db";
import { jsonResponse } from "../../../../_lib/json";
import { readJsonBody, withErrors } from "../../../../_lib/route";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ kind: string }> };

/** Lists one kind: ?q=&page=&pageSize=&includeInactive=true&<field>=<value>; money in minor units as strings. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const user = await requireApiUser();
  const kind = kindOrThrow((await context.params).kind);
  const { search, page, pageSize, includeInactive, filters } = parseListParams(new URL(request.url));
  const result = await read((tx) => listMasters(tx, user, kind, { search, page, pageSize, includeInactive, filters }));
  return jsonResponse(result);
});

/** Creates one row from a JSON body; 201 with the stored row. */
export const POST = withErrors(async (request: Request, context: Context) => {
  const user = await requireApiUser();
  const kind = kindOrThrow((await context.params).kind);
  const input = await readJsonBody(request);
  const row = await write((tx) => createMaster(tx, user, kind, input));
  return jsonResponse(row, { status: 201 });
});
