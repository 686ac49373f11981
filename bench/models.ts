// `npm run bench:models`: the decision models' benchmarks, each printing its time, its quality figure
// and a baseline measured in the same run: forecast 10,000 series (bench/models-forecast.ts), score
// 100,000 journal lines and scan 100,000 customers for duplicates (bench/models-anomaly-dedupe.ts).
import { runAnomaly, runDedupe } from "./models-anomaly-dedupe";
import { benchForecast } from "./models-forecast";

await benchForecast();
await runAnomaly();
await runDedupe();
