"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "../_lib/auth-actions";

const INITIAL: SignInState = { error: null, username: "" };

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signInAction, INITIAL);
  return (
    <form action={action} className="form-stack" aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <label>
        User name
        <input name="username" autoComplete="username" required defaultValue={state.username} autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {state.error ? <p className="form-error" role="alert" data-testid="sign-in-error">{state.error}</p> : null}
      <button type="submit" className="primary" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
    </form>
  );
}
