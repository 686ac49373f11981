import type { Metadata } from "next";
import { MasterListPage } from "../../_lib/master-list-page";
import type { SearchParams } from "../../_lib/query";

export const metadata: Metadata = { title: "Warehouses" };

export default function WarehousesPage({ searchParams }: { searchParams: SearchParams }) {
  return <MasterListPage kind="warehouse" path="/warehouses" searchParams={searchParams} />;
}
