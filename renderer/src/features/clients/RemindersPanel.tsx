import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { ShieldCheckIcon } from '../../ui/recordIcons.tsx';
import { ConsentStatusBadge } from './ConsentStatusBadge.tsx';
import { clientSelection } from './clientSelection.ts';
import { formatDay } from './dates.ts';
import { CONSENT_KIND_LABELS, plural } from './recordText.ts';
import { useLoad } from './useLoad.ts';

function openConsent(clientId: string): void {
  clientSelection.set({ clientId, tab: 'consent', noteId: null });
}

/** Consent that needs attention across all active clients. */
export function RemindersPanel() {
  const [loaded, reload] = useLoad(() => outpost.call('consent.reminders', {}), 'reminders');

  return (
    <section className="records-panel" aria-labelledby="reminders-heading" data-testid="reminders">
      <h2 id="reminders-heading">Consent reminders</h2>
      {loaded.status === 'loading' && <PendingBar label="Checking consent…" />}
      {loaded.status === 'failed' && (
        <div className="records-error">
          <ErrorNotice>{loaded.message}</ErrorNotice>
          <Button className="button" onPress={reload}>
            Try again
          </Button>
        </div>
      )}
      {loaded.status === 'ready' &&
        (loaded.data.expiringSoon.length === 0 && loaded.data.withoutConsent.length === 0 ? (
          <div className="reminders-empty">
            <ShieldCheckIcon />
            <div>
              <p>
                <strong>Nothing needs attention.</strong> Every active client has distance-counselling consent
                in force, and none expires soon.
              </p>
              <p className="muted">
                Reminders appear here when a client has no distance-counselling consent yet, or when consent
                is about to expire (the warning period is set in Settings). Open a client and use the Consent
                tab to record or renew it.
              </p>
            </div>
          </div>
        ) : (
          <>
            {loaded.data.expiringSoon.length > 0 && (
              <div className="reminder-group">
                <h3>Expiring soon ({loaded.data.expiringSoon.length})</h3>
                <p className="muted">Ask these clients to renew their consent before it lapses.</p>
                <ul className="reminder-list">
                  {loaded.data.expiringSoon.map((record) => (
                    <li key={record.id}>
                      <span className="reminder-name">{record.clientName}</span>
                      <span className="reminder-what">
                        {CONSENT_KIND_LABELS[record.kind]}
                        {record.expiresAt !== null && `, expires ${formatDay(record.expiresAt)}`}
                      </span>
                      <ConsentStatusBadge status={record.status} />
                      <Button
                        className="button button-small"
                        onPress={() => openConsent(record.clientId)}
                        aria-label={`Open consent for ${record.clientName}`}
                      >
                        Open consent
                      </Button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {loaded.data.withoutConsent.length > 0 && (
              <div className="reminder-group">
                <h3>No distance-counselling consent in force ({loaded.data.withoutConsent.length})</h3>
                <p className="muted">
                  {plural(loaded.data.withoutConsent.length, 'client')} cannot be seen by email, chat, phone,
                  video or social media until their consent is recorded, except with a recorded reason such as
                  a crisis contact.
                </p>
                <ul className="reminder-list">
                  {loaded.data.withoutConsent.map((entry) => (
                    <li key={entry.clientId}>
                      <span className="reminder-name">{entry.clientName}</span>
                      <span className="reminder-what">None in force</span>
                      <Button
                        className="button button-small"
                        onPress={() => openConsent(entry.clientId)}
                        aria-label={`Record consent for ${entry.clientName}`}
                      >
                        Record consent
                      </Button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        ))}
    </section>
  );
}
