// The demo distributor: what `npm start` loads into an empty database and `npm run keel -- demo load` loads.
export { DemoError } from "./errors";
export { loadDemo, isDatabaseEmpty, type DemoLoadOptions, type DemoSummary, type DemoUserCredentials } from "./load";
export { generateDemo, DEFAULT_DEMO_SEED } from "./generate";
export { createRandom, type Random } from "./random";
export type { DemoData } from "./types";
