// `npm run bench:models`: the decision models' benchmarks, each printing its time and its quality
// figure. The demand forecast part is here; the anomaly and duplicate parts run when their modules
// (bench/models-anomaly.ts, bench/models-dedupe.ts, exporting run()) are present.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { benchForecast } from "./models-forecast";

await benchForecast();
for (const name of ["models-anomaly.ts", "models-dedupe.ts"]) {
  const file = path.join(import.meta.dirname, name);
  if (!existsSync(file)) {
    console.log(`${name}: not present, skipped`);
    continue;
  }
  const module = (await import(pathToFileURL(file).href)) as { run?: () => Promise<void> };
  if (module.run) await module.run();
}
