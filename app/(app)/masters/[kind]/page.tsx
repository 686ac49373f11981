import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isMasterKind } from "../../../../core/masters";
import { MasterListPage } from "../../../_lib/master-list-page";
import type { SearchParams } from "../../../_lib/query";

export const metadata: Metadata = { title: "Master data" };

export default async function MasterKindPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: SearchParams }) {
  const { kind } = await params;
  if (!isMasterKind(kind)) notFound();
  return <MasterListPage kind={kind} path={`/masters/${kind}`} searchParams={searchParams} />;
}
