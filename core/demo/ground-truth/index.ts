// The demo's ground truth for the decision models (issue 8, item 6): known anomalies and duplicate
// master records, injected through the real commands and recorded in demo_ground_truth.
export { loadGroundTruth, type GroundTruthSummary } from "./load";
export { listGroundTruth, type GroundTruthKind, type GroundTruthRow } from "./record";
export { planDuplicates, typoOf, abbreviationOf, type DuplicatePlan } from "./plan-duplicates";
export { demoGroundTruth } from "./schema";
