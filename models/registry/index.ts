// The model registry: models by name with their feature contracts, versions with training window,
// held-out metrics against baselines, ONNX bytes and the active flag. Trained versions come from jobs;
// a user may register an ONNX file with the same contract, which is validated by loading it in
// onnxruntime and comparing its inputs and outputs with the contract before it is stored.
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../core/db/client";
import { recordAudit } from "../../core/governance/audit";
import { requirePermission, type Actor, type Permission } from "../../core/governance/permissions";
import { assert } from "../../core/shared/assert";
import { DomainError } from "../../core/shared/errors";
import { contractProblems, FeatureContractSchema, type FeatureContract } from "../contract";
import { createSession, MODEL_BYTES_MAX, releaseSession } from "../runtime";
import { model, modelVersion } from "./schema";

export const RegistryError = {
  MODEL_NOT_FOUND: "MODEL_NOT_FOUND",
  VERSION_NOT_FOUND: "MODEL_VERSION_NOT_FOUND",
  CONTRACT_MISMATCH: "MODEL_CONTRACT_MISMATCH",
  ONNX_INVALID: "MODEL_ONNX_INVALID",
} as const;

export const VERSIONS_LIST_MAX = 200;

export type ModelTask = "regression" | "classification" | "anomaly" | "pairwise";
export type ModelDefinition = { name: string; task: ModelTask; description: string; contract: FeatureContract; permission: Permission };
export type ModelVersionRow = Omit<typeof modelVersion.$inferSelect, "onnx">;
export type ModelVersionWithBytes = typeof modelVersion.$inferSelect;

/** Finds or creates the model row; the contract is stored on first use and must not change under a name. */
export async function ensureModel(tx: Tx, definition: ModelDefinition): Promise<typeof model.$inferSelect> {
  const contract = FeatureContractSchema.parse(definition.contract);
  await tx.insert(model).values({ name: definition.name, task: definition.task, description: definition.description, contract })
    .onConflictDoNothing({ target: model.name });
  const [row] = await tx.select().from(model).where(eq(model.name, definition.name)).limit(1);
  assert(row, `model ${definition.name} was not stored`);
  return row;
}

async function modelOrThrow(tx: Tx, name: string): Promise<typeof model.$inferSelect> {
  const [row] = await tx.select().from(model).where(eq(model.name, name)).limit(1);
  if (!row) throw new DomainError(RegistryError.MODEL_NOT_FOUND, "not_found", `No model is registered under the name ${name}`, { name });
  return row;
}

async function nextVersion(tx: Tx, modelId: number): Promise<number> {
  // Serialize version numbering per model.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`model_version|${modelId}`}, 0))`);
  const [row] = await tx.execute<{ next: number }>(sql`select coalesce(max(version), 0)::int + 1 as next from model_version where model_id = ${modelId}`);
  return Number(row?.next ?? 1);
}

export type NewVersion = {
  trainer: string;
  trainingFrom?: string | null;
  trainingTo?: string | null;
  trainingRows?: number | null;
  params?: Record<string, unknown>;
  metrics: Record<string, unknown>;
  onnx: Uint8Array;
  note?: string | null;
};

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function insertVersion(tx: Tx, actor: Actor, modelRow: typeof model.$inferSelect, source: "trained" | "uploaded", input: NewVersion): Promise<ModelVersionRow> {
  const version = await nextVersion(tx, modelRow.id);
  const [row] = await tx.insert(modelVersion).values({
    modelId: modelRow.id, version, source, trainer: input.trainer, trainingFrom: input.trainingFrom ?? null, trainingTo: input.trainingTo ?? null,
    trainingRows: input.trainingRows ?? null, params: input.params ?? {}, metrics: input.metrics, contract: modelRow.contract, onnx: input.onnx,
    onnxSha256: sha256(input.onnx), note: input.note ?? null, createdByUserId: actor.userId,
  }).returning();
  assert(row, "model version insert returned no row");
  await recordAudit(tx, actor, { action: "create", objectKind: "model_version", objectId: row.id,
    after: { model: modelRow.name, version, source, trainer: input.trainer, sha256: row.onnxSha256 } });
  const { onnx: _bytes, ...rest } = row;
  return rest;
}

/** Stores a version trained by a Keel job (inactive until activated). */
export async function registerTrainedVersion(tx: Tx, actor: Actor, definition: ModelDefinition, input: NewVersion): Promise<ModelVersionRow> {
  requirePermission(actor, definition.permission);
  const modelRow = await ensureModel(tx, definition);
  return insertVersion(tx, actor, modelRow, "trained", input);
}

/** Loads the bytes in onnxruntime and lists how they break the contract (empty: they fit). */
export async function validateAgainstContract(bytes: Uint8Array, contract: FeatureContract): Promise<string[]> {
  if (bytes.length === 0 || bytes.length > MODEL_BYTES_MAX) return [`the file must be 1 byte to ${MODEL_BYTES_MAX} bytes`];
  let session;
  try {
    session = await createSession(bytes);
  } catch (error) {
    throw new DomainError(RegistryError.ONNX_INVALID, "unprocessable", `The file is not a model onnxruntime can load: ${(error as Error).message.slice(0, 300)}`);
  }
  try {
    return contractProblems(contract, session);
  } finally {
    await releaseSession(session);
  }
}

/**
 * Registers a user's ONNX file under an existing model: refused with MODEL_CONTRACT_MISMATCH unless its
 * inputs and outputs match the contract. `metrics` should come from evaluating it on held-out data.
 */
export async function registerUploadedVersion(tx: Tx, actor: Actor, definition: ModelDefinition, input: Omit<NewVersion, "trainer"> & { trainer?: string }): Promise<ModelVersionRow> {
  requirePermission(actor, definition.permission);
  const modelRow = await ensureModel(tx, definition);
  const problems = await validateAgainstContract(input.onnx, FeatureContractSchema.parse(modelRow.contract));
  if (problems.length > 0) {
    throw new DomainError(RegistryError.CONTRACT_MISMATCH, "unprocessable", `The model does not match the ${definition.name} contract: ${problems.join("; ")}`, { problems });
  }
  return insertVersion(tx, actor, modelRow, "uploaded", { ...input, trainer: input.trainer ?? "user-upload" });
}

/** Makes one version the active one of its model (the previous active version is deactivated). */
export async function activateModelVersion(tx: Tx, actor: Actor, definition: ModelDefinition, version: number): Promise<ModelVersionRow> {
  requirePermission(actor, definition.permission);
  const modelRow = await modelOrThrow(tx, definition.name);
  const [target] = await tx.select({ id: modelVersion.id }).from(modelVersion)
    .where(and(eq(modelVersion.modelId, modelRow.id), eq(modelVersion.version, version))).limit(1).for("update");
  if (!target) throw new DomainError(RegistryError.VERSION_NOT_FOUND, "not_found", `${definition.name} has no version ${version}`, { version });
  await tx.update(modelVersion).set({ isActive: false }).where(and(eq(modelVersion.modelId, modelRow.id), eq(modelVersion.isActive, true)));
  const [row] = await tx.update(modelVersion).set({ isActive: true, activatedAt: new Date(), activatedByUserId: actor.userId })
    .where(eq(modelVersion.id, target.id)).returning();
  assert(row, "activation updated no row");
  await recordAudit(tx, actor, { action: "state_change", objectKind: "model_version", objectId: row.id, after: { model: definition.name, version, active: true } });
  const { onnx: _bytes, ...rest } = row;
  return rest;
}

/** The active version of a model with its ONNX bytes, or null when none is active. */
export async function getActiveVersion(tx: Tx, modelName: string): Promise<ModelVersionWithBytes | null> {
  const [row] = await tx.select({ version: modelVersion }).from(modelVersion).innerJoin(model, eq(model.id, modelVersion.modelId))
    .where(and(eq(model.name, modelName), eq(modelVersion.isActive, true))).limit(1);
  return row?.version ?? null;
}

/** Versions of a model, newest first, without their bytes. */
export async function listModelVersions(tx: Tx, modelName: string, limit = 50): Promise<ModelVersionRow[]> {
  const rows = await tx.select({ version: modelVersion }).from(modelVersion).innerJoin(model, eq(model.id, modelVersion.modelId))
    .where(eq(model.name, modelName)).orderBy(desc(modelVersion.version)).limit(Math.min(Math.max(1, limit), VERSIONS_LIST_MAX));
  return rows.map(({ version }) => {
    const { onnx: _bytes, ...rest } = version;
    return rest;
  });
}
