import { redirect } from "next/navigation";
import { masterHref } from "../../../_lib/links";

// The detail page of every master kind lives under /masters; this keeps /customers/<id> links working.
export default async function CustomerRedirectPage({ params }: { params: Promise<{ id: string }> }) {
  redirect(masterHref("customer", (await params).id));
}
