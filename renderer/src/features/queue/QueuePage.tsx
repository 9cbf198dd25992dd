export function QueuePage() {
  return (
    <article className="page">
      <h1>Queue</h1>
      <p className="page-intro">
        Your prioritised queue of client messages will appear here, with the most urgent ones first.
      </p>
    </article>
  );
}
