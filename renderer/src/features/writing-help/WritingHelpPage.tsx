export function WritingHelpPage() {
  return (
    <article className="page">
      <h1>Writing help</h1>
      <p className="page-intro">
        Help with drafting replies to clients and writing up session notes will appear here.
      </p>
    </article>
  );
}
