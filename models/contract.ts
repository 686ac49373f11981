// A feature contract names and types every input column of a model and its outputs. Every Keel model
// takes one float32 tensor [N, features] whose columns are the contract's features in order, and gives
// one float32 tensor [N, outputs]. A graph registered by a user must match its model's contract.
import { z } from "zod";
import { assert } from "../core/shared/assert";
import type { ModelSession } from "./runtime";

export const FEATURE_TYPES = ["float", "int", "bool", "category"] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export const FeatureContractSchema = z.object({
  name: z.string().min(1).max(100),
  version: z.number().int().positive(),
  inputName: z.string().min(1).max(100),
  features: z.array(z.object({
    name: z.string().min(1).max(100),
    type: z.enum(FEATURE_TYPES),
    description: z.string().max(500),
  })).min(1).max(500),
  outputName: z.string().min(1).max(100),
  outputs: z.array(z.object({ name: z.string().min(1).max(100), description: z.string().max(500) })).min(1).max(50),
});

export type FeatureContract = z.output<typeof FeatureContractSchema>;
export type FeatureSpec = FeatureContract["features"][number];

export function featureNames(contract: FeatureContract): string[] {
  return contract.features.map((feature) => feature.name);
}

/** Problems that make a session unusable under a contract; empty when it fits. */
export function contractProblems(contract: FeatureContract, model: ModelSession): string[] {
  const problems: string[] = [];
  if (model.inputs.length !== 1) problems.push(`the graph has ${model.inputs.length} inputs; the contract needs exactly one, "${contract.inputName}"`);
  const input = model.inputs.find((value) => value.name === contract.inputName);
  if (!input) problems.push(`the graph has no input named "${contract.inputName}" (it has ${model.inputs.map((v) => `"${v.name}"`).join(", ") || "none"})`);
  else problems.push(...shapeProblems("input", input, contract.features.length));
  const output = model.outputs.find((value) => value.name === contract.outputName);
  if (!output) problems.push(`the graph has no output named "${contract.outputName}" (it has ${model.outputs.map((v) => `"${v.name}"`).join(", ") || "none"})`);
  else problems.push(...shapeProblems("output", output, contract.outputs.length));
  return problems;
}

function shapeProblems(kind: "input" | "output", value: ModelSession["inputs"][number], columns: number): string[] {
  if (!value.isTensor) return [`${kind} "${value.name}" is not a tensor`];
  const problems: string[] = [];
  if (value.type !== "float32") problems.push(`${kind} "${value.name}" is ${value.type}, the contract needs float32`);
  if (value.shape.length !== 2) problems.push(`${kind} "${value.name}" has rank ${value.shape.length}, the contract needs [N, ${columns}]`);
  else if (typeof value.shape[1] === "number" && value.shape[1] !== columns) {
    problems.push(`${kind} "${value.name}" has ${value.shape[1]} columns, the contract needs ${columns}`);
  }
  if (value.shape.length === 2 && typeof value.shape[0] === "number" && value.shape[0] !== -1) {
    problems.push(`${kind} "${value.name}" has a fixed batch size ${value.shape[0]}, the contract needs a free batch dimension`);
  }
  return problems;
}

/** Packs named feature rows into the contract's column order; a missing feature is NaN. */
export function matrixFromRows(contract: FeatureContract, rows: readonly Record<string, number>[]): Float32Array {
  const names = featureNames(contract);
  const data = new Float32Array(rows.length * names.length);
  rows.forEach((row, rowIndex) => {
    names.forEach((name, column) => {
      const value = row[name];
      data[rowIndex * names.length + column] = value === undefined ? Number.NaN : value;
    });
  });
  assert(data.length === rows.length * names.length, "matrix size");
  return data;
}
