export function ClientsPage() {
  return (
    <article className="page">
      <h1>Clients</h1>
      <p className="page-intro">
        Your clients will appear here, each with their confidential case notes and consent records.
      </p>
    </article>
  );
}
