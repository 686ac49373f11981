import type { Metadata } from "next";
import Link from "next/link";
import { navFor } from "../../_lib/nav";
import { requireUser } from "../../_lib/session";
import { PageHeader } from "../../_lib/ui";

export const metadata: Metadata = { title: "Governance" };

const DESCRIPTIONS: Record<string, string> = {
  "/approvals": "Requests waiting for you, yours, and all of them.",
  "/exceptions": "Queues of problems to work and close with a reason.",
  "/governance/notifications": "What the system told you and your roles.",
  "/governance/delegations": "Hand your approvals to someone while you are away.",
  "/governance/policies": "Who approves what: versioned approval policies.",
  "/governance/audit": "Every change, decision and sign-in; verify the hash chain.",
  "/governance/sod": "Users whose roles break the segregation-of-duties matrix.",
  "/governance/cycle-times": "How long approvals and exceptions take, bottlenecks first.",
};

/** The governance pages the user's roles open, each with what it is for. */
export default async function GovernancePage() {
  const user = await requireUser();
  const links = navFor(user).filter((item) => item.href in DESCRIPTIONS);
  return (
    <>
      <PageHeader title="Governance" subtitle="Approvals, exceptions, policies and the audit trail" />
      <section className="card">
        <dl className="link-descriptions">
          {links.map((item) => (
            <div key={item.href}><dt><Link href={item.href}>{item.label}</Link></dt><dd className="muted">{DESCRIPTIONS[item.href]}</dd></div>
          ))}
        </dl>
      </section>
    </>
  );
}
