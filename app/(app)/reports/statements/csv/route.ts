// GET: one entity's statement as CSV (the same query string as the statements page).
import { financialStatements, sectionsCsv, trialBalanceCsv } from "../../../../../core/ledger";
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
  const view = query.view ?? "is";
  const { csv, name } = await read(async (tx) => {
    const { period, compare } = await resolvePeriods(tx, user, query);
    const s = await financialStatements(tx, user, { entityId: query.entity ?? 0, from: period.from, to: period.to, compareFrom: compare?.from, compareTo: compare?.to });
    const digits = digitsOf(await loadCurrencyDigits(tx, user), s.currency);
    const sections = view === "is" ? s.incomeStatement.sections : view === "bs" ? s.balanceSheet.sections : s.cashFlow.sections;
    const body = view === "tb" ? trialBalanceCsv(s.trialBalance, digits) : sectionsCsv(sections, digits, s.comparePeriod !== null);
    return { csv: body, name: `${s.entityCode}-${view}-${period.from}-${period.to}.csv` };
  });
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` } });
});
