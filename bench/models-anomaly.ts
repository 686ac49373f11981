// Loaded by bench/models.ts: the anomaly part of `npm run bench:models`.
export { runAnomaly as run } from "./models-anomaly-dedupe";
