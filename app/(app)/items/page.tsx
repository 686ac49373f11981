import type { Metadata } from "next";
import { MasterListPage } from "../../_lib/master-list-page";
import type { SearchParams } from "../../_lib/query";

export const metadata: Metadata = { title: "Items" };

export default function ItemsPage({ searchParams }: { searchParams: SearchParams }) {
  return <MasterListPage kind="item" path="/items" searchParams={searchParams} />;
}
