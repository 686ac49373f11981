import { redirect } from "next/navigation";
import { masterHref } from "../../../_lib/links";

// The detail page of every master kind lives under /masters; this keeps /suppliers/<id> links working.
export default async function SupplierRedirectPage({ params }: { params: Promise<{ id: string }> }) {
  redirect(masterHref("supplier", (await params).id));
}
