import type { Metadata } from "next";
import Link from "next/link";
import { hasPermission } from "../../../../../core/governance";
import { OrderEntryForm } from "../../../../_lib/sales-order-entry";
import { requireUser } from "../../../../_lib/session";
import { Forbidden, PageHeader } from "../../../../_lib/ui";

export const metadata: Metadata = { title: "New order" };

export default async function NewOrderPage() {
  const user = await requireUser();
  if (!hasPermission(user, "sales:write")) return <Forbidden what="order entry" />;
  return (
    <>
      <PageHeader title="New order" subtitle={<>Price, margin, available-to-promise and credit are checked live; holds go to approval. <Link href="/sales/orders">All orders</Link></>} />
      <OrderEntryForm mode="order" />
    </>
  );
}
