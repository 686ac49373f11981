// The PostgreSQL server the benchmarks run on: KEEL_BENCH_SERVER_URL when set, else the embedded
// one in KEEL_BENCH_PG_DIR (default data/bench-pg) on KEEL_BENCH_PG_PORT (default 54419).
import { startEmbeddedPostgres } from "../core/db/embedded";

export type BenchServer = { url: (database: string) => string; stop: () => Promise<void> };

export async function benchServer(): Promise<BenchServer> {
  const external = process.env.KEEL_BENCH_SERVER_URL;
  if (external) return { url: (database) => Object.assign(new URL(external), { pathname: `/${database}` }).toString(), stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: process.env.KEEL_BENCH_PG_DIR ?? "data/bench-pg", port: Number(process.env.KEEL_BENCH_PG_PORT ?? 54419), quiet: true });
  return { url: server.urlFor, stop: () => server.stop() };
}
