import type { Metadata } from "next";
import Link from "next/link";
import { listMyNotifications } from "../../../../core/governance";
import { read } from "../../../_lib/db";
import { dateTime } from "../../../_lib/format";
import { requireUser } from "../../../_lib/session";
import { Empty, PageHeader } from "../../../_lib/ui";

export const metadata: Metadata = { title: "Notifications" };

const LATEST = 50;

/** Only same-site paths become links: a notification's link is data, not trusted markup. */
function safeLink(link: string | null): string | null {
  return link !== null && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

export default async function NotificationsPage() {
  const user = await requireUser();
  const rows = await read((tx) => listMyNotifications(tx, user, { limit: LATEST }));
  return (
    <>
      <PageHeader title="Notifications" subtitle={`The latest ${LATEST} addressed to you or to your roles (${user.roles.join(", ")})`} />
      {rows.length === 0 ? <Empty>Nothing yet.</Empty> : (
        <div className="table-wrap">
          <table className="data" data-testid="notifications">
            <thead><tr><th>When</th><th>To</th><th>What</th><th>Details</th></tr></thead>
            <tbody>
              {rows.map((row) => {
                const href = safeLink(row.link);
                return (
                  <tr key={row.id}>
                    <td>{dateTime(row.createdAt)}</td>
                    <td>{row.userId !== null ? "you" : `role ${row.role}`}</td>
                    <td>{href ? <Link href={href}>{row.title}</Link> : row.title}</td>
                    <td className="muted notification-body">{row.body}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
