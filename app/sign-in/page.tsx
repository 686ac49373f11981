import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "../_lib/session";
import { parseQuery, type SearchParams } from "../_lib/query";
import { z } from "zod";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const SignInQuery = z.object({ next: z.string().max(500).optional().catch(undefined) });

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await parseQuery(SignInQuery, searchParams);
  if (await currentUser()) redirect("/");
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="brand brand-large">Keel</div>
        <p className="subtitle">Wholesale distribution, one system of record.</p>
        <SignInForm next={query.next ?? "/"} />
      </div>
    </main>
  );
}
