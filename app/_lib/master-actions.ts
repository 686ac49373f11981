"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Tx } from "../../core/db/client";
import type { Actor } from "../../core/governance";
import {
  changeMaster, createMaster, getMasterOrThrow, isMasterKind, MASTER_KINDS, setMasterActive, type FieldSpec, type MasterKind, type Row,
} from "../../core/masters";
import { DomainError, isDomainError, type FieldIssue } from "../../core/shared/errors";
import { parseMajorToMinor } from "../../core/shared/money";
import { write } from "./db";
import { masterHref } from "./links";
import { FIELD_PREFIX, INITIAL_PREFIX, type MasterFormState } from "./master-form-types";
import { similarMasterWarning } from "./master-similar";
import { keyOfRow } from "./masters-view";
import { requireUser } from "./session";

const MONEY_TEXT = /^\d+(\.\d+)?$/;

type Submission = { kind: MasterKind; mode: "create" | "update"; key: string; submitted: Record<string, string>; initial: Record<string, string> };

function readSubmission(form: FormData): Submission {
  const kindText = String(form.get("__kind") ?? "");
  if (!isMasterKind(kindText)) throw new DomainError("MASTERS_NOT_FOUND", "not_found", `There is no master data kind ${kindText}`);
  const submitted: Record<string, string> = {};
  const initial: Record<string, string> = {};
  for (const spec of MASTER_KINDS[kindText].fields) {
    const value = form.get(`${FIELD_PREFIX}${spec.name}`);
    if (typeof value === "string") submitted[spec.name] = value;
    initial[spec.name] = String(form.get(`${INITIAL_PREFIX}${spec.name}`) ?? "");
  }
  return { kind: kindText, mode: form.get("__mode") === "update" ? "update" : "create", key: String(form.get("__key") ?? ""), submitted, initial };
}

/**
 * The input core receives: on update only the fields the user changed (a patch), on create every
 * field given, with a blank required field sent as "" so its own rule names it.
 */
function inputOf(submission: Submission): Row {
  const fields = new Map(MASTER_KINDS[submission.kind].fields.map((f) => [f.name, f]));
  const input: Row = {};
  for (const [name, value] of Object.entries(submission.submitted)) {
    if (submission.mode === "update" && value === submission.initial[name]) continue;
    if (submission.mode === "create" && value.trim() === "" && !fields.get(name)?.required) continue;
    input[name] = value;
  }
  return input;
}

/** The currency code a money field is entered in: from a field of the row, its parent, or its entity. */
async function currencyCodeFor(tx: Tx, actor: Actor, kind: MasterKind, spec: FieldSpec, values: Record<string, string>): Promise<string> {
  const from = spec.currencyFrom;
  if (from === "parent") {
    const parent = MASTER_KINDS[kind].parent;
    if (!parent) return "";
    const owner = await getMasterOrThrow(tx, actor, parent.kind, values[parent.field] ?? "") as Row;
    return String(owner.currency ?? "");
  }
  if (from === "entity") {
    const entity = await getMasterOrThrow(tx, actor, "legalEntity", values.entityId ?? "");
    return entity.baseCurrency;
  }
  return from === undefined ? "" : values[from] ?? "";
}

/** Money is typed in major units ("1,250.00"); core takes minor units at the currency's scale. */
async function convertMoney(tx: Tx, actor: Actor, submission: Submission, input: Row): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const values = { ...submission.initial, ...submission.submitted };
  for (const spec of MASTER_KINDS[submission.kind].fields) {
    const raw = input[spec.name];
    if (spec.type !== "money" || typeof raw !== "string" || raw.trim() === "") continue;
    const text = raw.trim().replaceAll(",", "");
    let digits: number;
    try {
      const code = await currencyCodeFor(tx, actor, submission.kind, spec, values);
      digits = (await getMasterOrThrow(tx, actor, "currency", code)).minorUnitDigits;
    } catch (error) {
      if (!isDomainError(error) || error.kind !== "not_found") throw error;
      issues.push({ field: spec.name, rule: "currency_unknown", message: "choose the currency first" });
      continue;
    }
    const decimals = text.split(".")[1]?.length ?? 0;
    if (!MONEY_TEXT.test(text) || decimals > digits) {
      issues.push({ field: spec.name, rule: "money", message: `an amount such as 1250${digits > 0 ? `.${"0".repeat(digits)}` : ""}, at most ${digits} decimals` });
      continue;
    }
    input[spec.name] = parseMajorToMinor(text, digits).toString();
  }
  return issues;
}

function failure(previous: MasterFormState, submission: Submission | null, message: string, issues: FieldIssue[]): MasterFormState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const name = issue.field.split(".")[0] ?? issue.field;
    fieldErrors[name] = fieldErrors[name] ? `${fieldErrors[name]}; ${issue.message}` : issue.message;
  }
  return { version: previous.version + 1, message, notice: null, fieldErrors, values: submission?.submitted ?? {} };
}

function pending(previous: MasterFormState, requestId: number | string): MasterFormState {
  const notice = `Submitted for approval as change request ${String(requestId)}. The record keeps its current values until the request is approved.`;
  return { version: previous.version + 1, message: null, notice, fieldErrors: {}, values: {} };
}

/** Creates or updates one master row from the generated form; failures come back field by field. */
export async function saveMasterAction(previous: MasterFormState, form: FormData): Promise<MasterFormState> {
  const user = await requireUser();
  let submission: Submission | null = null;
  let savedKey: string;
  try {
    const current = readSubmission(form);
    submission = current;
    const input = inputOf(current);
    const outcome = await write(async (tx) => {
      const issues = await convertMoney(tx, user, current, input);
      if (issues.length > 0) return { issues, row: null, requestId: null };
      if (current.mode === "create") {
        const warning = await similarMasterWarning(tx, user, current.kind, input, previous, current.submitted);
        if (warning !== null) return { issues, row: null, requestId: null, warning };
        return { issues, row: (await createMaster(tx, user, current.kind, input)) as Row, requestId: null };
      }
      // Users edit through change control: governed fields, or a kind the user's role does not own, become a change request.
      const change = await changeMaster(tx, user, current.kind, current.key, input);
      return change.status === "applied" ? { issues, row: change.row as Row, requestId: null } : { issues, row: null, requestId: change.request.id };
    });
    if ("warning" in outcome && outcome.warning) return failure(previous, submission, outcome.warning, []);
    if (outcome.requestId !== null) return pending(previous, outcome.requestId);
    if (outcome.row === null) return failure(previous, submission, "Please correct the fields marked below.", outcome.issues);
    savedKey = keyOfRow(current.kind, outcome.row);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return failure(previous, submission, error.userMessage, error.issues);
  }
  const href = masterHref(submission.kind, savedKey);
  revalidatePath(href);
  redirect(`${href}?saved=${submission.mode === "create" ? "created" : "updated"}`);
}

export async function setMasterActiveAction(previous: MasterFormState, form: FormData): Promise<MasterFormState> {
  const user = await requireUser();
  const kind = String(form.get("__kind") ?? "");
  const key = String(form.get("__key") ?? "");
  const active = form.get("__active") === "true";
  try {
    if (!isMasterKind(kind)) throw new DomainError("MASTERS_NOT_FOUND", "not_found", `There is no master data kind ${kind}`);
    await write((tx) => setMasterActive(tx, user, kind, key, active));
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { version: previous.version + 1, message: error.userMessage, notice: null, fieldErrors: {}, values: {} };
  }
  revalidatePath(masterHref(kind, key));
  redirect(`${masterHref(kind, key)}?saved=${active ? "reactivated" : "deactivated"}`);
}
