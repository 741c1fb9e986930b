/** Placeholder for a page whose feature has not landed yet: says so, and what it will hold. */
export function NotBuiltPage({ title, what }: { title: string; what: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="not-built" role="status">
        Not built yet. This page will hold {what}.
      </p>
    </section>
  );
}
