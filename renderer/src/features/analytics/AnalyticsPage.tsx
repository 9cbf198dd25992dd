export function AnalyticsPage() {
  return (
    <article className="page">
      <h1>Analytics</h1>
      <p className="page-intro">
        Summaries of your caseload and how quickly messages are answered will appear here.
      </p>
    </article>
  );
}
