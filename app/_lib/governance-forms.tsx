"use client";
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import {
  assignExceptionAction, bulkAssignExceptionsAction, cancelApprovalAction, closeExceptionAction, createDelegationAction, decideApprovalAction,
  revokeDelegationAction, savePolicyAction, verifyAuditChainAction,
} from "./governance-actions";
import { INITIAL_ACTION_STATE, type GovernanceActionState } from "./governance-action-types";

export type UserChoice = { id: number; label: string };

type GovernanceAction = (previous: GovernanceActionState, form: FormData) => Promise<GovernanceActionState>;

/**
 * Submits through onSubmit instead of the form's action prop: React resets a form after an
 * action prop completes, which would throw away what the user typed (and the ticked rows)
 * when the answer is a refusal to correct.
 */
function useGovernanceForm(action: GovernanceAction, options: { resetOnSuccess?: boolean } = {}) {
  const [state, dispatch, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const formRef = useRef<HTMLFormElement>(null);
  // After a success the form starts over (the ticked rows of a bulk action included).
  useEffect(() => {
    if (options.resetOnSuccess && state.ok !== null) formRef.current?.reset();
  }, [state, options.resetOnSuccess]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  };
  return { state, onSubmit, pending, formRef };
}

/** The answer of the last submission: the refusal with its code, or the confirmation. */
function Outcome({ state }: { state: GovernanceActionState }) {
  return (
    <>
      {state.error ? (
        <p className="form-error" role="alert" data-testid="action-error">
          {state.error}{state.code ? <> <code className="error-code">{state.code}</code></> : null}
        </p>
      ) : null}
      {state.ok ? <p className="form-ok" role="status" data-testid="action-ok">{state.ok}</p> : null}
    </>
  );
}

function FieldError({ state, name }: { state: GovernanceActionState; name: string }) {
  const message = state.fieldErrors[name];
  return message ? <p className="field-error" id={`${name}-error`} data-testid={`error-${name}`} role="alert">{message}</p> : null;
}

function fieldClass(state: GovernanceActionState, name: string): string {
  return state.fieldErrors[name] ? "form-field has-error" : "form-field";
}

/** Approve or reject the current step (a rejection needs a comment); core decides who may. */
export function DecisionForm({ requestId }: { requestId: number }) {
  const { state, onSubmit, pending } = useGovernanceForm(decideApprovalAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Decision" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <div className={fieldClass(state, "comment")}>
        <label htmlFor="decision-comment">Comment (required to reject)</label>
        <textarea id="decision-comment" name="comment" rows={3} defaultValue="" aria-invalid={state.fieldErrors.comment ? true : undefined} />
        <FieldError state={state} name="comment" />
      </div>
      <div className="form-actions">
        <button type="submit" name="decision" value="approve" className="primary" disabled={pending}>Approve</button>
        <button type="submit" name="decision" value="reject" className="danger" disabled={pending}>Reject</button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function CancelRequestForm({ requestId }: { requestId: number }) {
  const { state, onSubmit, pending } = useGovernanceForm(cancelApprovalAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Cancel request" noValidate>
      <input type="hidden" name="requestId" value={requestId} />
      <div className={fieldClass(state, "reason")}>
        <label htmlFor="cancel-reason">Reason for withdrawing</label>
        <input id="cancel-reason" name="reason" defaultValue="" />
        <FieldError state={state} name="reason" />
      </div>
      <div className="form-actions"><button type="submit" disabled={pending}>Cancel request</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function PolicyEditor({ kind, entityId, name, rulesJson }: { kind: string; entityId: number | null; name: string; rulesJson: string }) {
  const { state, onSubmit, pending } = useGovernanceForm(savePolicyAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Policy editor" noValidate>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="entityId" value={entityId ?? ""} />
      <div className={fieldClass(state, "name")}>
        <label htmlFor="policy-name">Policy name</label>
        <input id="policy-name" name="name" defaultValue={name} />
        <FieldError state={state} name="name" />
      </div>
      <div className={fieldClass(state, "rules")}>
        <label htmlFor="policy-rules">Rules (JSON, tried in order; saving creates a new version)</label>
        <textarea id="policy-rules" name="rules" className="json-editor" rows={24} spellCheck={false} defaultValue={rulesJson}
          aria-invalid={state.fieldErrors.rules ? true : undefined} />
        <FieldError state={state} name="rules" />
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending}>Save as new version</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function VerifyChainForm() {
  const { state, onSubmit, pending } = useGovernanceForm(verifyAuditChainAction);
  return (
    <form onSubmit={onSubmit} className="inline-form" aria-label="Verify the audit chain">
      <button type="submit" disabled={pending}>{pending ? "Verifying…" : "Verify chain"}</button>
      <Outcome state={state} />
    </form>
  );
}

/**
 * The bulk-assign bar of an exception queue. The row checkboxes live in the server-rendered
 * table and join this form through their form="bulk-assign" attribute.
 */
export function BulkAssignForm({ users }: { users: UserChoice[] }) {
  const { state, onSubmit, pending, formRef } = useGovernanceForm(bulkAssignExceptionsAction, { resetOnSuccess: true });
  return (
    <form id="bulk-assign" ref={formRef} onSubmit={onSubmit} className="toolbar bulk-bar" aria-label="Bulk assign">
      <label htmlFor="bulk-assignee">Assign selected to</label>
      <select id="bulk-assignee" name="userId" defaultValue="">
        <option value="">Choose a person…</option>
        {users.map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
      </select>
      <button type="submit" disabled={pending}>Assign selected</button>
      <FieldError state={state} name="userId" />
      <FieldError state={state} name="ids" />
      <Outcome state={state} />
    </form>
  );
}

export function AssignExceptionForm({ exceptionId, users }: { exceptionId: number; users: UserChoice[] }) {
  const { state, onSubmit, pending } = useGovernanceForm(assignExceptionAction);
  return (
    <form onSubmit={onSubmit} className="toolbar" aria-label="Assign">
      <input type="hidden" name="exceptionId" value={exceptionId} />
      <label htmlFor="assignee">Assign to</label>
      <select id="assignee" name="userId" defaultValue="">
        <option value="">Choose a person…</option>
        {users.map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
      </select>
      <button type="submit" disabled={pending}>Assign</button>
      <FieldError state={state} name="userId" />
      <Outcome state={state} />
    </form>
  );
}

export function CloseExceptionForm({ exceptionId }: { exceptionId: number }) {
  const { state, onSubmit, pending } = useGovernanceForm(closeExceptionAction);
  return (
    <form onSubmit={onSubmit} className="form-stack" aria-label="Close" noValidate>
      <input type="hidden" name="exceptionId" value={exceptionId} />
      <div className={fieldClass(state, "reason")}>
        <label htmlFor="close-reason">Reason (what was done, or why nothing is needed)</label>
        <textarea id="close-reason" name="reason" rows={3} defaultValue="" aria-invalid={state.fieldErrors.reason ? true : undefined} />
        <FieldError state={state} name="reason" />
      </div>
      <div className="form-actions">
        <button type="submit" name="outcome" value="resolve" className="primary" disabled={pending}>Resolve</button>
        <button type="submit" name="outcome" value="dismiss" disabled={pending}>Dismiss</button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function DelegationForm({ users, startsAt, endsAt }: { users: UserChoice[]; startsAt: string; endsAt: string }) {
  const { state, onSubmit, pending, formRef } = useGovernanceForm(createDelegationAction, { resetOnSuccess: true });
  return (
    <form ref={formRef} onSubmit={onSubmit} className="form-grid" aria-label="New delegation" noValidate>
      <div className={fieldClass(state, "toUserId")}>
        <label htmlFor="delegate-to">Delegate to</label>
        <select id="delegate-to" name="toUserId" defaultValue="">
          <option value="">Choose a person…</option>
          {users.map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
        </select>
        <FieldError state={state} name="toUserId" />
      </div>
      <div className={fieldClass(state, "startsAt")}>
        <label htmlFor="delegate-from">From (UTC)</label>
        <input id="delegate-from" name="startsAt" type="datetime-local" defaultValue={startsAt} />
        <FieldError state={state} name="startsAt" />
      </div>
      <div className={fieldClass(state, "endsAt")}>
        <label htmlFor="delegate-until">Until (UTC)</label>
        <input id="delegate-until" name="endsAt" type="datetime-local" defaultValue={endsAt} />
        <FieldError state={state} name="endsAt" />
      </div>
      <div className={fieldClass(state, "reason")}>
        <label htmlFor="delegate-reason">Reason</label>
        <input id="delegate-reason" name="reason" defaultValue="" />
        <FieldError state={state} name="reason" />
      </div>
      <div className="form-actions"><button type="submit" className="primary" disabled={pending}>Delegate my approvals</button></div>
      <Outcome state={state} />
    </form>
  );
}

export function RevokeDelegationForm({ delegationId }: { delegationId: number }) {
  const { state, onSubmit, pending } = useGovernanceForm(revokeDelegationAction);
  return (
    <form onSubmit={onSubmit} className="inline-form">
      <input type="hidden" name="delegationId" value={delegationId} />
      <button type="submit" className="danger" disabled={pending}>Revoke</button>
      <Outcome state={state} />
    </form>
  );
}
