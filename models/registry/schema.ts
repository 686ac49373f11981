// The model registry: each model (by name, with its feature contract) and its versions, trained here
// or registered by a user as an ONNX file, with the training window, metrics against baselines on
// held-out data, the ONNX bytes and which version is active (at most one per model).
import { sql } from "drizzle-orm";
import { boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, refColumn } from "../../core/shared/columns";

const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

export const model = pgTable("model", {
  id: idColumn(),
  /** Stable name the code looks models up by, e.g. demand_forecast. */
  name: text("name").notNull(),
  /** regression, classification, anomaly, pairwise. */
  task: text("task").notNull(),
  description: text("description").notNull(),
  /** The feature contract every version must satisfy (models/contract.ts). */
  contract: jsonb("contract").notNull(),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("model_name_key").on(t.name),
  check("model_task_known", sql`${t.task} in ('regression', 'classification', 'anomaly', 'pairwise')`),
]);

export const modelVersion = pgTable("model_version", {
  id: idColumn(),
  modelId: refColumn("model_id").notNull().references(() => model.id),
  version: integer("version").notNull(),
  /** trained (by Keel) or uploaded (a user's ONNX file with the same contract). */
  source: text("source").notNull(),
  /** What produced it: gbt-hist, logistic-irls, isolation-forest, user-upload. */
  trainer: text("trainer").notNull(),
  trainingFrom: date("training_from"),
  trainingTo: date("training_to"),
  trainingRows: integer("training_rows"),
  /** Settings needed to use it (season, horizon, interval quantiles) and the trainer's parameters. */
  params: jsonb("params").notNull().default({}),
  /** Held-out metrics of the model and of its baselines, computed in the same run. */
  metrics: jsonb("metrics").notNull().default({}),
  contract: jsonb("contract").notNull(),
  onnx: bytea("onnx").notNull(),
  onnxSha256: text("onnx_sha256").notNull(),
  isActive: boolean("is_active").notNull().default(false),
  activatedAt: timestamp("activated_at", { withTimezone: true }),
  activatedByUserId: refColumn("activated_by_user_id"),
  note: text("note"),
  createdByUserId: refColumn("created_by_user_id"),
  createdAt: createdAtColumn(),
}, (t) => [
  uniqueIndex("model_version_key").on(t.modelId, t.version),
  uniqueIndex("model_version_one_active").on(t.modelId).where(sql`${t.isActive}`),
  index("model_version_model_idx").on(t.modelId, t.createdAt),
  check("model_version_source_known", sql`${t.source} in ('trained', 'uploaded')`),
  check("model_version_number", sql`${t.version} > 0`),
]);
