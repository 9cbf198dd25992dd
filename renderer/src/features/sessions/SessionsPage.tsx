export function SessionsPage() {
  return (
    <article className="page">
      <h1>Sessions</h1>
      <p className="page-intro">
        Your upcoming and past sessions with clients will appear here, with the notes you keep for each one.
      </p>
    </article>
  );
}
