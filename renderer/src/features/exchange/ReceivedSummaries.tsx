import { useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { Badge } from '../../ui/Badge.tsx';
import { formatDateTimeShort } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { useLoad } from '../clients/useLoad.ts';

const PAGE_SIZE = 50;

/**
 * Summaries colleagues sent, newest session first. They are read-only: the Markdown
 * is shown as plain text, so nothing in a bundle can add markup or links to the page.
 */
export function ReceivedSummaries({ version }: { version: number }) {
  const [page, setPage] = useState(0);
  const [loaded] = useLoad(
    () => outpost.call('exchange.importedSummaries', { limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    `imported:${page}:${version}`,
  );

  return (
    <section className="exchange-panel" aria-labelledby="received-heading">
      <h2 id="received-heading">Received summaries</h2>
      <p className="muted">Summaries from colleagues are kept as they arrived and cannot be changed here.</p>
      {loaded.status === 'loading' && <PendingBar label="Loading summaries…" />}
      {loaded.status === 'failed' && <ErrorNotice>{loaded.message}</ErrorNotice>}
      {loaded.status === 'ready' && loaded.data.total === 0 && (
        <p className="empty-state">Nothing received yet. Open a bundle under Receive.</p>
      )}
      {loaded.status === 'ready' && loaded.data.total > 0 && (
        <>
          <p data-testid="received-count">
            {loaded.data.total} {loaded.data.total === 1 ? 'summary' : 'summaries'}
          </p>
          <ul className="received-list" aria-label="Received summaries">
            {loaded.data.summaries.map((summary) => (
              <li key={summary.id} className="received-summary" data-testid="received-summary">
                <article aria-labelledby={`summary-${summary.id}`}>
                  <header className="received-head">
                    <h3 id={`summary-${summary.id}`}>
                      {summary.clientLabel}, session {formatDateTimeShort(summary.sessionAt)}
                    </h3>
                    <Badge tone="neutral">Read-only</Badge>
                    {summary.pseudonymised && <Badge tone="info">Pseudonymised</Badge>}
                  </header>
                  <p className="muted">
                    From {summary.senderName}
                    {summary.signer === 'verified' ? ' (verified)' : ' (not verified)'}, received{' '}
                    {formatDateTimeShort(summary.importedAt)}
                  </p>
                  <pre className="summary-text" data-testid="summary-text">
                    {summary.markdown}
                  </pre>
                </article>
              </li>
            ))}
          </ul>
          {loaded.data.total > PAGE_SIZE && (
            <div className="button-row">
              <Button className="button" isDisabled={page === 0} onPress={() => setPage((p) => p - 1)}>
                Newer
              </Button>
              <Button
                className="button"
                isDisabled={(page + 1) * PAGE_SIZE >= loaded.data.total}
                onPress={() => setPage((p) => p + 1)}
              >
                Older
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
