import type { ReactNode } from "react";
import { signOutAction } from "../_lib/auth-actions";
import { navFor } from "../_lib/nav";
import { NavLinks } from "../_lib/nav-links";
import { requireUser } from "../_lib/session";

// Every page below reads the session cookie and live data: never prerender.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const items = navFor(user).map(({ href, label }) => ({ href, label }));
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Keel</div>
        <NavLinks items={items} />
      </nav>
      <div className="main-column">
        <header className="topbar">
          <span className="topbar-spacer" />
          <details className="user-menu">
            <summary data-testid="user-menu">
              {user.displayName} <span className="roles">({user.roles.join(", ")})</span>
            </summary>
            <div className="user-menu-panel">
              <p className="muted">Signed in as <strong data-testid="username">{user.username}</strong></p>
              <form action={signOutAction}>
                <button type="submit">Sign out</button>
              </form>
            </div>
          </details>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
