import Link from "next/link";

export default function NotFound() {
  return (
    <main className="content">
      <section className="forbidden" data-testid="not-found">
        <h1>Not found</h1>
        <p>There is nothing at this address. It may have been mistyped, or the record does not exist.</p>
        <p><Link href="/">Back to Home</Link></p>
      </section>
    </main>
  );
}
