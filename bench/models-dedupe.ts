// Loaded by bench/models.ts: the duplicate-scan part of `npm run bench:models`.
export { runDedupe as run } from "./models-anomaly-dedupe";
