// GET: the consolidated trial balance (view=tb), income statement (is) or balance sheet (bs) as CSV.
import { consolidate, sectionsCsv } from "../../../../../core/ledger";
import { csvRecords } from "../../../../../core/ledger/export/csv";
import { formatMinor } from "../../../../../core/shared/money";
import { read } from "../../../../_lib/db";
import { digitsOf } from "../../../../_lib/format";
import { loadCurrencyDigits } from "../../../../_lib/reference-data";
import { ReportQuery, resolvePeriods } from "../../../../_lib/reports-data";
import { withErrors } from "../../../../_lib/route";
import { requireApiUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser();
  const query = ReportQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = query.view === "is" || query.view === "tb" ? query.view : "bs";
  const { csv, name } = await read(async (tx) => {
    const { period } = await resolvePeriods(tx, user, { ...query, entity: undefined, compare: "none" });
    const c = await consolidate(tx, user, { reportingCurrency: query.currency ?? "USD", from: period.from, to: period.to });
    const d = digitsOf(await loadCurrencyDigits(tx, user), c.reportingCurrency);
    const tb = () => csvRecords([["account_code", "account_name", "type", ...c.entities.map((e) => e.entityCode), "eliminations", "consolidated"],
      ...c.accounts.map((a) => [a.accountCode, a.accountName, a.accountType,
        ...c.entities.map((e) => formatMinor(a.entities.filter((f) => f.entityId === e.entityId).reduce((t, f) => t + f.closingMinor, 0n), d)),
        formatMinor(a.elimination.closingMinor, d), formatMinor(a.closingMinor, d)])]);
    const body = view === "tb" ? tb() : sectionsCsv(view === "is" ? c.incomeStatement.sections : c.balanceSheet.sections, d, false);
    return { csv: body, name: `consolidated-${c.reportingCurrency}-${view}-${period.from}-${period.to}.csv` };
  });
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` } });
});
