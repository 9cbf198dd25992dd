import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import type { ReviewRequest, TeamMember } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { fileNameOf, formatBytes, formatDateTimeShort } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TIER_LABELS } from '../../ui/TierBadge.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { EXCLUSION_WORDS, exchangeFailure } from './exchangeText.ts';
import { ExportBundleButton } from './ExportBundleButton.tsx';
import { exportTarget, RecipientFields } from './RecipientFields.tsx';
import type { RecipientChoice } from './RecipientFields.tsx';

function tierLabel(tier: string): string {
  return Object.hasOwn(TIER_LABELS, tier) ? TIER_LABELS[tier as keyof typeof TIER_LABELS] : tier;
}

/**
 * Supervisor side: each reply a colleague sent for review beside the message it answers,
 * approved or returned with comments, and the decisions exported back to them.
 */
export function ReviewQueue({ members, version }: { members: readonly TeamMember[]; version: number }) {
  // reload() keeps the list (and the export's result) on screen while it refreshes.
  const [loaded, reload] = useLoad(() => outpost.call('exchange.reviewRequests', {}), `reviews:${version}`);
  const [recipients, setRecipients] = useState<RecipientChoice>({
    mode: 'members',
    memberIds: [],
    passphrase: '',
  });

  if (loaded.status === 'loading') return <PendingBar label="Loading reviews…" />;
  if (loaded.status === 'failed') return <ErrorNotice>{loaded.message}</ErrorNotice>;
  const requests = loaded.data.requests;
  const open = requests.filter((request) => request.decisionSentAt === null);
  const sent = requests.filter((request) => request.decisionSentAt !== null);
  const undecided = open.filter((request) => request.decision === null).length;
  const toSend = open.length - undecided;
  const target = exportTarget(recipients);

  return (
    <div className="exchange-sections">
      <section className="exchange-panel" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Replies to review</h2>
        <p className="muted" data-testid="review-counts">
          {undecided} waiting for your decision, {toSend} decided and not yet sent back.
        </p>
        {open.length === 0 ? (
          <p className="empty-state">
            Nothing to review. Colleagues’ replies arrive in a bundle you open under Receive.
          </p>
        ) : (
          <ul className="review-list" aria-label="Replies to review">
            {open.map((request) => (
              <li key={request.id}>
                <ReviewItem request={request} onDecided={reload} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="exchange-panel" aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Send decisions back</h2>
        <p className="muted">
          Approved replies go to your colleague’s outbox; returned ones go back to their drafts with your
          comments. A decision can be changed until it is sent.
        </p>
        <RecipientFields
          members={members}
          value={recipients}
          onChange={setRecipients}
          memberLabel="Send decisions to"
        />
        <ExportBundleButton
          label="Export decisions…"
          kind="review decisions"
          isDisabled={toSend === 0 || target === null}
          write={(out) =>
            outpost.call('exchange.exportReviewDecisions', { to: target ?? { memberIds: [] }, out })
          }
          describeDone={(result) => (
            <p>
              {result.entries} {result.entries === 1 ? 'decision' : 'decisions'} written (
              {formatBytes(result.bytes)}): <span className="path">{fileNameOf(result.file)}</span>
            </p>
          )}
          onDone={reload}
        />
      </section>

      {sent.length > 0 && (
        <section className="exchange-panel" aria-labelledby="sent-reviews-heading">
          <h2 id="sent-reviews-heading">Sent back</h2>
          <ul className="sent-review-list">
            {sent.map((request) => (
              <li key={request.id}>
                {request.clientLabel}: reply by {request.senderName},{' '}
                {request.decision === 'approved' ? 'approved' : 'returned'}
                {request.decisionSentAt === null
                  ? ''
                  : ` (sent ${formatDateTimeShort(request.decisionSentAt)})`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function ReviewItem({ request, onDecided }: { request: ReviewRequest; onDecided: () => void }) {
  const [comments, setComments] = useState(request.comments ?? '');
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const replyRef = useRef<HTMLPreElement>(null);
  const headingId = `review-${request.id}`;

  async function decide(approved: boolean): Promise<void> {
    setSaving(true);
    setFailure(null);
    try {
      await outpost.call('exchange.decideReview', {
        id: request.id,
        approved,
        comments: comments.trim() === '' ? null : comments,
      });
      onDecided();
    } catch (error) {
      setFailure(exchangeFailure(error));
    } finally {
      setSaving(false);
    }
  }

  /** Comments tied to the words they are about: the selected passage of the reply, quoted. */
  function quoteSelection(): void {
    const selection = window.getSelection();
    const reply = replyRef.current;
    if (selection === null || reply === null || selection.rangeCount === 0) return;
    if (!reply.contains(selection.anchorNode) || !reply.contains(selection.focusNode)) return;
    const quoted = selection.toString().trim();
    if (quoted === '') return;
    const block = quoted
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    setComments((current) => `${current.trimEnd()}${current.trim() === '' ? '' : '\n\n'}${block}\n`);
  }

  return (
    <article className="review-item" aria-labelledby={headingId} data-testid="review-item">
      <header className="review-head">
        <h3 id={headingId}>
          {request.clientLabel}: reply by {request.reply.author ?? request.senderName}
        </h3>
        {request.decision === null ? (
          <Badge tone="warning" testId="review-decision">
            Waiting for you
          </Badge>
        ) : request.decision === 'approved' ? (
          <Badge tone="success" testId="review-decision">
            Approved, not sent yet
          </Badge>
        ) : (
          <Badge tone="danger" testId="review-decision">
            Returned, not sent yet
          </Badge>
        )}
      </header>
      <div className="review-columns">
        <section className="review-message" aria-label="Client message">
          <h4>Client message</h4>
          <p className="muted">
            {request.message.channel}, {formatDateTimeShort(request.message.receivedAt)},{' '}
            {tierLabel(request.message.tier)}
          </p>
          {request.message.subject !== null && <p className="review-subject">{request.message.subject}</p>}
          <pre className="review-text" data-testid="review-message-text">
            {request.message.text}
          </pre>
        </section>
        <section className="review-reply" aria-label="Reply for review">
          <h4>Reply</h4>
          <p className="muted">Received {formatDateTimeShort(request.receivedAt)}</p>
          {request.reply.subject !== null && <p className="review-subject">{request.reply.subject}</p>}
          <pre className="review-text" ref={replyRef} data-testid="review-reply-text">
            {request.reply.body}
          </pre>
        </section>
      </div>
      <TextAreaField
        label="Comments"
        value={comments}
        onChange={setComments}
        rows={4}
        maxLength={5000}
        description="Required when returning a reply. Select words in the reply and press “Quote selection” to comment on them."
      />
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="button-row">
        <Button className="button" onPress={quoteSelection} isDisabled={isSaving}>
          Quote selection
        </Button>
        <Button className="button button-primary" isPending={isSaving} onPress={() => void decide(true)}>
          Approve
        </Button>
        <Button
          className="button"
          isPending={isSaving}
          isDisabled={comments.trim() === ''}
          onPress={() => void decide(false)}
        >
          Return with comments
        </Button>
      </div>
    </article>
  );
}

/**
 * Practitioner side: replies sent for review travel to a supervisor in a bundle; the
 * supervisor's decisions come back in another, opened under Receive.
 */
export function SendForReview({ members }: { members: readonly TeamMember[] }) {
  const supervisors = members.filter((member) => member.role === 'supervisor');
  const [recipients, setRecipients] = useState<RecipientChoice>(() => ({
    mode: 'members',
    memberIds: supervisors.filter((member) => member.verified).map((member) => member.id),
    passphrase: '',
  }));
  const target = exportTarget(recipients);
  return (
    <section className="exchange-panel" aria-labelledby="send-review-heading">
      <h2 id="send-review-heading">Send replies for review</h2>
      <p className="muted">
        Every reply waiting for review goes into the bundle, with the message it answers, for clients whose
        team-sharing consent is in force. Open your supervisor’s decisions under Receive: approved replies go
        to the outbox, returned ones back to your drafts with the comments.
      </p>
      {supervisors.length === 0 && (
        <p className="muted">
          No supervisor in your team directory yet. Add your supervisor’s card under Team and verify it.
        </p>
      )}
      <RecipientFields
        members={supervisors}
        value={recipients}
        onChange={setRecipients}
        allowPassphrase={false}
        memberLabel="Supervisor"
      />
      <ExportBundleButton
        label="Export replies for review…"
        kind="for review"
        isDisabled={target === null}
        write={(out) =>
          outpost.call('exchange.exportReviewRequests', { to: target ?? { memberIds: [] }, out })
        }
        describeDone={(result) => (
          <>
            <p>
              {result.entries} {result.entries === 1 ? 'reply' : 'replies'} written (
              {formatBytes(result.bytes)}): <span className="path">{fileNameOf(result.file)}</span>
            </p>
            {result.excluded.length > 0 && (
              <p>
                {result.excluded.length} left out:{' '}
                {[...new Set(result.excluded.map((e) => EXCLUSION_WORDS[e.reason]))].join('; ')}.
              </p>
            )}
          </>
        )}
      />
    </section>
  );
}
