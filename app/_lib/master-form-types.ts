import type { FieldType } from "../../core/masters/types";

/** One input of a generated master form, as plain data the client component can receive. */
export type FormField = {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** False renders the value read-only (key fields, fields fixed after create, a prefilled parent). */
  editable: boolean;
  /** The value the input starts from; sent back as __initial so only changed fields are patched. */
  initial: string;
  /** Options of a select, or of a reference to a small kind; null renders a text input. */
  choices: { value: string; label: string }[] | null;
  /** Read-only text shown for a locked field (a reference's label, money with its currency). */
  display: string;
  hint: string | null;
};

export type MasterFormState = {
  /** Bumped on every answer so the form remounts with the values the user submitted. */
  version: number;
  message: string | null;
  /** A change that was submitted for approval instead of applied (change control). */
  notice: string | null;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
};

export const INITIAL_FORM_STATE: MasterFormState = { version: 0, message: null, notice: null, fieldErrors: {}, values: {} };

/** Form input names carry a prefix so they never meet Next's own $ACTION_ fields. */
export const FIELD_PREFIX = "f.";
export const INITIAL_PREFIX = "__initial.";
