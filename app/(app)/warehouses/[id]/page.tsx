import { redirect } from "next/navigation";
import { masterHref } from "../../../_lib/links";

// The detail page of every master kind lives under /masters; this keeps /warehouses/<id> links working.
export default async function WarehouseRedirectPage({ params }: { params: Promise<{ id: string }> }) {
  redirect(masterHref("warehouse", (await params).id));
}
