import type { Metadata } from "next";
import { MasterListPage } from "../../_lib/master-list-page";
import type { SearchParams } from "../../_lib/query";

export const metadata: Metadata = { title: "Suppliers" };

export default function SuppliersPage({ searchParams }: { searchParams: SearchParams }) {
  return <MasterListPage kind="supplier" path="/suppliers" searchParams={searchParams} />;
}
