import type { Metadata } from "next";
import Link from "next/link";
import type { Tx } from "../../../core/db/client";
import { hasPermission, type SessionUser } from "../../../core/governance";
import { listMasters, MASTER_KINDS, type MasterKind } from "../../../core/masters";
import { read } from "../../_lib/db";
import { groupThousands } from "../../_lib/format";
import { requireUser } from "../../_lib/session";
import { Forbidden, PageHeader } from "../../_lib/ui";

export const metadata: Metadata = { title: "Masters admin" };

const GROUPS: { title: string; kinds: MasterKind[] }[] = [
  { title: "Items and stock", kinds: ["item", "itemCategory", "unitOfMeasure", "itemUomConversion", "warehouse", "location"] },
  { title: "Customers and prices", kinds: ["customer", "customerGroup", "customerShipTo", "priceList", "priceListLine", "customerPrice"] },
  { title: "Purchasing", kinds: ["supplier"] },
  { title: "Finance", kinds: ["legalEntity", "currency", "exchangeRate", "account", "paymentTerm", "taxCode"] },
];

async function countAll(tx: Tx, user: SessionUser): Promise<Map<MasterKind, number>> {
  const counts = new Map<MasterKind, number>();
  for (const group of GROUPS) for (const kind of group.kinds) counts.set(kind, (await listMasters(tx, user, kind, { pageSize: 1 })).total);
  return counts;
}

export default async function MastersPage() {
  const user = await requireUser();
  if (!hasPermission(user, "masters:read")) return <Forbidden what="master data" />;
  const counts = await read((tx) => countAll(tx, user));
  return (
    <>
      <PageHeader title="Masters admin" subtitle="Every kind of master data; active records counted" />
      <div className="tiles-wide">
        {GROUPS.map((group) => (
          <section key={group.title} className="card">
            <h2>{group.title}</h2>
            <table className="data compact" data-testid={`kinds-${group.title}`}>
              <thead><tr><th>Kind</th><th className="num">Active</th><th>You may</th></tr></thead>
              <tbody>
                {group.kinds.map((kind) => (
                  <tr key={kind}>
                    <td><Link href={`/masters/${kind}`}>{MASTER_KINDS[kind].labelPlural}</Link></td>
                    <td className="num">{groupThousands(String(counts.get(kind) ?? 0))}</td>
                    <td>{hasPermission(user, MASTER_KINDS[kind].permission) ? "view, edit" : "view"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </>
  );
}
