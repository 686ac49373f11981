"use client";
import { useActionState } from "react";
import { saveMasterAction, setMasterActiveAction } from "./master-actions";
import { FIELD_PREFIX, INITIAL_FORM_STATE, INITIAL_PREFIX, type FormField, type MasterFormState } from "./master-form-types";

function FieldInput({ field, value, error }: { field: FormField; value: string; error: string | undefined }) {
  const id = `field-${field.name}`;
  const name = `${FIELD_PREFIX}${field.name}`;
  const describedBy = error ? `${id}-error` : undefined;
  if (!field.editable) {
    // A locked value still travels with the form (a new child's parent); on update it is unchanged and so never patched.
    return (
      <>
        <input type="hidden" name={name} value={field.initial} />
        <input id={id} value={field.display} readOnly disabled aria-readonly="true" />
      </>
    );
  }
  const blank = field.required ? null : <option value="">{field.type === "select" || field.type === "boolean" ? "(default)" : "(none)"}</option>;
  if (field.type === "boolean") {
    return (
      <select id={id} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {value === "" ? blank : null}
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  }
  if (field.choices !== null) {
    return (
      <select id={id} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {blank ?? (value === "" ? <option value="">Choose…</option> : null)}
        {field.choices.map((choice) => <option key={choice.value} value={choice.value}>{choice.label}</option>)}
      </select>
    );
  }
  const inputMode = field.type === "integer" || field.type === "reference" ? "numeric" : field.type === "decimal" || field.type === "money" ? "decimal" : undefined;
  return (
    <input id={id} name={name} type={field.type === "date" ? "date" : "text"} defaultValue={value} inputMode={inputMode}
      aria-invalid={error ? true : undefined} aria-describedby={describedBy} autoComplete="off" />
  );
}

/** A form generated from a kind's field specs; the server action validates through core and names failing fields. */
export function MasterForm({ kind, mode, masterKey, fields, submitLabel }: {
  kind: string; mode: "create" | "update"; masterKey: string | null; fields: FormField[]; submitLabel: string;
}) {
  const [state, action, pending] = useActionState<MasterFormState, FormData>(saveMasterAction, INITIAL_FORM_STATE);
  const unplaced = Object.entries(state.fieldErrors).filter(([name]) => !fields.some((f) => f.name === name));
  return (
    <form action={action} key={state.version} className="master-form" aria-label={submitLabel} noValidate>
      <input type="hidden" name="__kind" value={kind} />
      <input type="hidden" name="__mode" value={mode} />
      {masterKey !== null ? <input type="hidden" name="__key" value={masterKey} /> : null}
      {fields.map((f) => <input key={f.name} type="hidden" name={`${INITIAL_PREFIX}${f.name}`} value={f.initial} />)}
      <div className="form-grid">
        {fields.map((f) => {
          const error = state.fieldErrors[f.name];
          const value = state.values[f.name] ?? f.initial;
          return (
            <div key={f.name} className={error ? "form-field has-error" : "form-field"} data-field={f.name}>
              <label htmlFor={`field-${f.name}`}>{f.label}{f.required && f.editable ? " *" : ""}</label>
              <FieldInput field={f} value={value} error={error} />
              {f.hint ? <span className="hint">{f.hint}</span> : null}
              {error ? <p className="field-error" id={`field-${f.name}-error`} data-testid={`error-${f.name}`} role="alert">{error}</p> : null}
            </div>
          );
        })}
      </div>
      {state.message ? <p className="form-error" role="alert" data-testid="form-error">{state.message}</p> : null}
      {state.notice ? <p className="form-notice" role="status" data-testid="form-notice">{state.notice}</p> : null}
      {unplaced.length > 0 ? (
        <ul className="form-error">{unplaced.map(([name, message]) => <li key={name}>{name}: {message}</li>)}</ul>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>{pending ? "Saving…" : submitLabel}</button>
      </div>
    </form>
  );
}

export function ActiveToggle({ kind, masterKey, active, label }: { kind: string; masterKey: string; active: boolean; label: string }) {
  const [state, action, pending] = useActionState<MasterFormState, FormData>(setMasterActiveAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="form-actions">
      <input type="hidden" name="__kind" value={kind} />
      <input type="hidden" name="__key" value={masterKey} />
      <input type="hidden" name="__active" value={active ? "false" : "true"} />
      <button type="submit" className={active ? "danger" : undefined} disabled={pending}>
        {active ? `Deactivate ${label}` : `Reactivate ${label}`}
      </button>
      {state.message ? <p className="form-error" role="alert">{state.message}</p> : null}
    </form>
  );
}
