import { getSalesOrderOrThrow, SalesError } from "../../../../../core/sales";
import { DomainError } from "../../../../../core/shared/errors";
import { read } from "../../../../_lib/db";
import { jsonResponse } from "../../../../_lib/json";
import { parseId } from "../../../../_lib/query";
import { withErrors } from "../../../../_lib/route";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** One order with its lines, quantities (base units) and values (minor units). */
export const GET = withErrors(async (_request: Request, context: Context) => {
  const user = await requireApiUser();
  const text = (await context.params).id;
  const orderId = parseId(text);
  if (orderId === null) throw new DomainError(SalesError.ORDER_NOT_FOUND, "not_found", `Sales order ${text} does not exist`, { orderId: text });
  return jsonResponse(await read((tx) => getSalesOrderOrThrow(tx, user, orderId)));
});
