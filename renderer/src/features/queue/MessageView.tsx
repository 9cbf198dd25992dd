import { useState } from 'react';
import type { Ref } from 'react';
import { Button } from 'react-aria-components';
import { failureMessage } from '../../client/failureMessage.ts';
import { openClient } from '../clients/clientSelection.ts';
import { formatDateTimeShort } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { TierBadge } from '../../ui/TierBadge.tsx';
import { EmotionPanel } from '../writing-help/EmotionPanel.tsx';
import { claimName, setMessagesStatus } from './messageActions.ts';
import { OverrideTierDialog } from './OverrideTierDialog.tsx';
import { CHANNEL_LABELS, STATUS_LABELS, senderText, waitingText } from './queueText.ts';
import type { MessageDetail, MessageStatus } from './queueText.ts';
import { MarkedText } from './MarkedText.tsx';
import { ReplyPanel } from './ReplyPanel.tsx';
import { queueSelection } from './queueSelection.ts';
import { SnoozeMenu } from './SnoozeMenu.tsx';
import { WhyThisTier } from './WhyThisTier.tsx';

/**
 * One message, opened from the queue: who sent it and when it is due, the text with the
 * triage evidence highlighted, why it has its tier, the state buttons, and the reply.
 */
export function MessageView({
  message,
  practitionerName,
  now,
  editorRef,
  headingRef,
  onChanged,
  onClose,
}: {
  message: MessageDetail;
  practitionerName: string;
  /** The page's clock, ticking so waiting and due times stay current. */
  now: number;
  editorRef: Ref<HTMLTextAreaElement>;
  headingRef: Ref<HTMLHeadingElement>;
  /** Something about the message changed: the queue and this view reload. */
  onChanged: () => void;
  onClose: () => void;
}) {
  const [isOverriding, setOverriding] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = message.triage.at(-1)?.result ?? null;
  const timing = waitingText(message, now);
  const sender = senderText(message);

  function changeStatus(status: MessageStatus, options: Parameters<typeof setMessagesStatus>[2] = {}): void {
    setFailure(null);
    setMessagesStatus([message.id], status, options).then(onChanged, (error: unknown) =>
      setFailure(failureMessage(error)),
    );
  }

  const isOpen = message.status !== 'closed';
  return (
    <article className="message-view" aria-labelledby="message-heading" data-testid="message-view">
      <header className="message-header">
        <div className="message-title-row">
          <TierBadge tier={message.tier} testId="message-tier" />
          <h2 id="message-heading" tabIndex={-1} ref={headingRef}>
            {message.subject ?? `Message from ${sender}`}
          </h2>
          <Button className="button button-small" onPress={onClose} aria-label="Close this message">
            Close view
          </Button>
        </div>
        <dl className="message-facts">
          <div>
            <dt>From</dt>
            <dd>
              {message.senderName ?? message.sender ?? 'Unknown sender'}
              {message.senderName !== null && message.sender !== null && (
                <span className="muted"> ({message.sender})</span>
              )}
              {message.clientId !== null && (
                <>
                  {' · '}
                  <Button className="link-button" onPress={() => openClient(message.clientId ?? '')}>
                    Open client record
                  </Button>
                  {' · '}
                  <Button
                    className="link-button"
                    onPress={() =>
                      queueSelection.set((current) => ({
                        ...current,
                        filters: { ...current.filters, clientId: message.clientId, clientName: sender },
                      }))
                    }
                  >
                    Only this client’s messages
                  </Button>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>Channel</dt>
            <dd>{CHANNEL_LABELS[message.channel]}</dd>
          </div>
          <div>
            <dt>Received</dt>
            <dd>
              {formatDateTimeShort(message.receivedAt)}{' '}
              <span className="muted">({timing.waiting.toLowerCase()})</span>
            </dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd data-overdue={timing.overdue || undefined}>
              {formatDateTimeShort(message.dueAt)}
              {timing.due !== null && <span className="muted"> ({timing.due})</span>}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd data-testid="message-status">
              {STATUS_LABELS[message.status]}
              {message.assignee !== null && ` · ${message.assignee}`}
            </dd>
          </div>
        </dl>
        <div className="button-row message-actions">
          {message.status === 'new' || message.status === 'snoozed' ? (
            <Button
              className="button button-primary"
              onPress={() => changeStatus('claimed', { assignee: claimName(practitionerName) })}
              aria-keyshortcuts="c"
            >
              Claim
            </Button>
          ) : null}
          {isOpen && message.status !== 'awaiting_client' && message.status !== 'new' && (
            <Button className="button" onPress={() => changeStatus('awaiting_client')}>
              Awaiting client
            </Button>
          )}
          {isOpen ? (
            <Button className="button" onPress={() => changeStatus('closed')} aria-keyshortcuts="e">
              Close
            </Button>
          ) : (
            <Button className="button" onPress={() => changeStatus('new', { assignee: null })}>
              Reopen
            </Button>
          )}
          {isOpen && (
            <SnoozeMenu
              onSnooze={(until) => changeStatus('snoozed', { snoozedUntil: until.toISOString() })}
            />
          )}
          <Button className="button" onPress={() => setOverriding(true)}>
            Change tier…
          </Button>
        </div>
        {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      </header>

      <section className="message-body-section" aria-label="Message text">
        <p className="message-body" data-testid="message-body">
          <MarkedText text={message.body} marks={latest?.evidence ?? []} />
        </p>
      </section>

      {message.thread.length > 0 && (
        <section className="message-thread" aria-labelledby="thread-heading" data-testid="message-thread">
          <h3 id="thread-heading">Also in this conversation</h3>
          <ol>
            {message.thread.map((entry) => (
              <li key={entry.id}>
                <TierBadge tier={entry.tier} />{' '}
                <Button
                  className="link-button"
                  onPress={() => queueSelection.set((current) => ({ ...current, messageId: entry.id }))}
                >
                  {formatDateTimeShort(entry.receivedAt)}, {entry.sender ?? 'unknown sender'}
                </Button>{' '}
                <span className="muted">
                  ({STATUS_LABELS[entry.status].toLowerCase()}) {entry.preview}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}

      <div className="message-insights">
        <WhyThisTier message={message} />
        <EmotionPanel text={message.body} label="Emotions in the message" />
      </div>

      <ReplyPanel message={message} editorRef={editorRef} onChanged={onChanged} />

      <OverrideTierDialog
        messageId={message.id}
        currentTier={message.tier}
        isOpen={isOverriding}
        onOpenChange={setOverriding}
        onSaved={onChanged}
      />
    </article>
  );
}
