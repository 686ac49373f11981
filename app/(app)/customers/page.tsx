import type { Metadata } from "next";
import { MasterListPage } from "../../_lib/master-list-page";
import type { SearchParams } from "../../_lib/query";

export const metadata: Metadata = { title: "Customers" };

export default function CustomersPage({ searchParams }: { searchParams: SearchParams }) {
  return <MasterListPage kind="customer" path="/customers" searchParams={searchParams} />;
}
