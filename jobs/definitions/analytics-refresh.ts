import { refreshAnalytics } from "../../analytics/extract";
import { openedAnalyticsStore } from "../../analytics/store";
import { defineJob } from "../definition";

export const ANALYTICS_REFRESH_JOB = "analytics.refresh";

/**
 * Every minute: copies what committed since the last refresh into the DuckDB mirror. DuckDB
 * allows one writing process, so the job only refreshes a store its process already owns (the
 * app opened it to serve the dashboard or the KPI API; the worker runs inside `npm start`). It
 * never opens the file itself: a standalone worker (`npm run worker`) or a test process skips,
 * and the app refreshes on demand when a request finds the mirror stale.
 */
export const analyticsRefreshJob = defineJob<{ full?: boolean }>({
  name: ANALYTICS_REFRESH_JOB,
  cron: "* * * * *",
  queue: { policy: "stately", retryLimit: 1, expireInSeconds: 15 * 60 },
  async run({ db, log }, data) {
    const opened = openedAnalyticsStore();
    if (opened === null) return { skipped: "this process does not own the analytics file" };
    const store = await opened;
    const result = await refreshAnalytics(db, store, { full: data.full === true });
    const rows = Object.values(result.rowsByTable).reduce((a, b) => a + b, 0);
    log.debug(`analytics ${result.mode} refresh: ${rows} rows in ${result.durationMs} ms`);
    return { mode: result.mode, rows, durationMs: result.durationMs, freshAsOf: result.freshAsOf.toISOString() };
  },
});
