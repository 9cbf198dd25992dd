export function ExchangePage() {
  return (
    <article className="page">
      <h1>Team exchange</h1>
      <p className="page-intro">
        A place to ask colleagues for advice and share resources with your team will appear here.
      </p>
    </article>
  );
}
