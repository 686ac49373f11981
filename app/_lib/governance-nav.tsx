"use client";
import { useEffect, useState } from "react";
import { pendingApprovalsCountAction } from "./governance-actions";

/**
 * The pending-approvals count beside the Approvals link. Read again on every navigation (the
 * shell layout stays mounted), so a decision taken on one page shows on the next.
 */
function PendingApprovalsBadge({ pathname }: { pathname: string }) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    pendingApprovalsCountAction().then((value) => { if (live) setCount(value); }, () => { if (live) setCount(null); });
    return () => { live = false; };
  }, [pathname]);
  if (count === null || count === 0) return null;
  return <span className="nav-badge" data-testid="approvals-badge" aria-label={`${count} pending`}>{count}</span>;
}

export function NavBadge({ href, pathname }: { href: string; pathname: string }) {
  return href === "/approvals" ? <PendingApprovalsBadge pathname={pathname} /> : null;
}
