import { redirect } from "next/navigation";
import { masterHref } from "../../../_lib/links";

// The detail page of every master kind lives under /masters; this keeps /items/<id> links working.
export default async function ItemRedirectPage({ params }: { params: Promise<{ id: string }> }) {
  redirect(masterHref("item", (await params).id));
}
