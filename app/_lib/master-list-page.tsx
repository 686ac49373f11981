import Link from "next/link";
import { z } from "zod";
import { hasPermission } from "../../core/governance";
import { listMasters, MASTER_KINDS, type MasterKind, type Row } from "../../core/masters";
import { read } from "./db";
import { loadReferenceData, MasterTable } from "./masters-view";
import { parseQuery, queryFields, type SearchParams } from "./query";
import { loadCurrencyDigits } from "./reference-data";
import { requireUser } from "./session";
import { Empty, Forbidden, PageHeader, Pager, SearchForm } from "./ui";

const MasterListQuery = z.object({ q: queryFields.optionalText, page: queryFields.pageNumber, inactive: z.enum(["1"]).optional().catch(undefined) });
const PAGE_SIZE = 50;

/** The list page of one master kind: search, paging, inactive rows on request, each row linking to its detail page. */
export async function MasterListPage({ kind, path, searchParams }: { kind: MasterKind; path: string; searchParams: SearchParams }) {
  const user = await requireUser();
  const descriptor = MASTER_KINDS[kind];
  if (!hasPermission(user, "masters:read")) return <Forbidden what={descriptor.labelPlural.toLowerCase()} />;
  const query = await parseQuery(MasterListQuery, searchParams);
  const { page, refs, digits } = await read(async (tx) => {
    const page = await listMasters(tx, user, kind, { search: query.q, page: query.page, pageSize: PAGE_SIZE, includeInactive: query.inactive === "1" });
    return { page, refs: await loadReferenceData(tx, user, [{ kind, rows: page.rows as Row[] }]), digits: await loadCurrencyDigits(tx, user) };
  });
  const canWrite = hasPermission(user, descriptor.permission);
  return (
    <>
      <PageHeader
        title={descriptor.labelPlural}
        subtitle={`Search by ${descriptor.searchFields.join(", ")}`}
        actions={canWrite ? <Link className="button primary" href={`/masters/${kind}/new`}>New {descriptor.label.toLowerCase()}</Link> : null}
      />
      <SearchForm action={path} q={query.q} placeholder={`Search ${descriptor.labelPlural.toLowerCase()}`}>
        <label><input type="checkbox" name="inactive" value="1" defaultChecked={query.inactive === "1"} /> Include inactive</label>
      </SearchForm>
      {page.rows.length === 0 ? <Empty>No {descriptor.labelPlural.toLowerCase()} match.</Empty> : (
        <MasterTable kind={kind} rows={page.rows as Row[]} refs={refs} digits={digits} />
      )}
      <Pager path={path} params={{ q: query.q, inactive: query.inactive }} page={page.page} pageSize={page.pageSize} total={page.total} />
    </>
  );
}
