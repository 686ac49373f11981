"use client";
// The pieces every action form of the sales and purchasing pages shares: submit without resetting
// what was typed, a fresh idempotency key per success, the outcome banner and a labelled field
// showing its own refusal.
import { startTransition, useActionState, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { INITIAL_ACTION_STATE, type GovernanceActionState } from "./governance-action-types";

export type Action = (previous: GovernanceActionState, form: FormData) => Promise<GovernanceActionState>;

export function useActionForm(action: Action) {
  const [state, dispatch, pending] = useActionState(action, INITIAL_ACTION_STATE);
  // Submitted through onSubmit: an action prop would reset the form and lose what was typed on a refusal.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  };
  return { state, onSubmit, pending };
}

/**
 * A fresh key when the form appears and after every success (a form that stays on the page, like
 * applying part of the unapplied cash, must not replay its first answer for the next command).
 */
export function useIdempotencyKey(state?: GovernanceActionState): string {
  const [key, setKey] = useState("");
  const succeeded = state?.ok !== null && state?.ok !== undefined ? state.version : 0;
  useEffect(() => setKey(typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`), [succeeded]);
  return key;
}

export function Outcome({ state }: { state: GovernanceActionState }) {
  return (
    <>
      {state.error ? <p className="form-error" role="alert" data-testid="action-error">{state.error}{state.code ? <> <code className="error-code">{state.code}</code></> : null}</p> : null}
      {state.ok ? <p className="form-ok" role="status" data-testid="action-ok">{state.ok}</p> : null}
    </>
  );
}

export function FieldError({ state, name }: { state: GovernanceActionState; name: string }) {
  const message = state.fieldErrors[name];
  return message ? <p className="field-error" role="alert" data-testid={`error-${name}`}>{message}</p> : null;
}

export function Field({ state, name, label, children }: { state: GovernanceActionState; name: string; label: string; children: ReactNode }) {
  return (
    <div className={state.fieldErrors[name] ? "form-field has-error" : "form-field"}>
      <label htmlFor={`f-${name}`}>{label}</label>
      {children}
      <FieldError state={state} name={name} />
    </div>
  );
}
