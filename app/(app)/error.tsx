"use client";

// Unexpected errors only: expected failures render their own messages. The digest links the
// message here to the server log line.
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="forbidden" role="alert">
      <h1>Something went wrong</h1>
      <p>The page could not be shown. {error.digest ? <span className="muted">Reference {error.digest}.</span> : null}</p>
      <button type="button" onClick={reset}>Try again</button>
    </section>
  );
}
