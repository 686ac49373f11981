import { z } from "zod";
import { isMasterKind, MastersError, type MasterKind } from "../../core/masters";
import { DomainError, parseInput } from "../../core/shared/errors";

/** The kind named in the URL, or a 404 in the API's error shape. */
export function kindOrThrow(text: string): MasterKind {
  if (!isMasterKind(text)) throw new DomainError(MastersError.NOT_FOUND, "not_found", `There is no master data kind ${text}`, { kind: text });
  return text;
}

/** GET /api/v1/masters/<kind>: ?q=&page=&pageSize=&includeInactive=true and any field=value as an equality filter. */
const ListParams = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
  includeInactive: z.enum(["true", "false"]).optional(),
});

const RESERVED = new Set(["q", "page", "pageSize", "includeInactive"]);

export function parseListParams(url: URL): { search?: string; page?: number; pageSize?: number; includeInactive: boolean; filters: Record<string, string> } {
  const params = parseInput(ListParams, Object.fromEntries([...url.searchParams].filter(([name]) => RESERVED.has(name))));
  const filters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (!RESERVED.has(name)) filters[name] = value;
  return { search: params.q, page: params.page, pageSize: params.pageSize, includeInactive: params.includeInactive === "true", filters };
}
