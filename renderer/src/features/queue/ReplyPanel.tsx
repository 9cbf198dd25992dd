import { useCallback, useState } from 'react';
import type { Ref } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import type { Reply } from '../../../../shared/rpc/replySchemas.std.ts';
import {
  isSafetyChecklistComplete,
  replyNeedsSafetyChecklist,
  SAFETY_CHECKLIST_ITEMS,
} from '../../../../shared/domain/safetyChecklist.std.ts';
import type { SafetyChecklist as Checklist } from '../../../../shared/domain/safetyChecklist.std.ts';
import { useLoad } from '../clients/useLoad.ts';
import { formatDateTimeShort } from '../../ui/format.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { SaveStatusText } from '../../ui/SaveStatusText.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { useAutosave } from '../../ui/useAutosave.ts';
import { DraftCoach } from '../writing-help/DraftCoach.tsx';
import { ReplyPrompts } from '../writing-help/ReplyPrompts.tsx';
import { SafetyChecklist } from '../writing-help/SafetyChecklist.tsx';
import { useRepliesNeedReview } from '../exchange/useRepliesNeedReview.ts';
import type { MessageDetail } from './queueText.ts';

const EMPTY_CHECKLIST = Object.fromEntries(
  SAFETY_CHECKLIST_ITEMS.map((item) => [item.id, false]),
) as Checklist;

/**
 * The reply beside the message: written here, autosaved to the vault as it is typed,
 * with the writing help (prompts, coach) and, for risk messages, the safety checklist
 * that must be complete before the reply can go to the outbox.
 */
export function ReplyPanel({
  message,
  editorRef,
  onChanged,
}: {
  message: MessageDetail;
  editorRef: Ref<HTMLTextAreaElement>;
  onChanged: () => void;
}) {
  const [attempt, setAttempt] = useState(0);
  const [isWritingAnother, setWritingAnother] = useState(false);
  const [loaded] = useLoad(
    () => outpost.call('replies.get', { messageId: message.id }),
    `reply:${message.id}:${attempt}`,
  );
  if (loaded.status === 'loading') return <PendingBar label="Loading the reply…" />;
  if (loaded.status === 'failed') return <ErrorNotice>{loaded.message}</ErrorNotice>;
  const reply = loaded.data;
  const reload = () => {
    setAttempt((count) => count + 1);
    onChanged();
  };
  if (reply !== null && reply.status === 'sent' && !isWritingAnother)
    return <SentReply reply={reply} onWriteAnother={() => setWritingAnother(true)} />;
  const open = reply !== null && reply.status !== 'sent' ? reply : null;
  return (
    <ReplyEditor
      key={open?.id ?? 'new'}
      message={message}
      reply={open}
      editorRef={editorRef}
      onStateChanged={reload}
    />
  );
}

function SentReply({ reply, onWriteAnother }: { reply: Reply; onWriteAnother: () => void }) {
  return (
    <section className="reply-panel" aria-labelledby="reply-heading">
      <h3 id="reply-heading">Your reply</h3>
      <p data-testid="reply-state">Sent {reply.sentAt === null ? '' : formatDateTimeShort(reply.sentAt)}.</p>
      <blockquote className="reply-sent-body">{reply.body}</blockquote>
      <Button className="button" onPress={onWriteAnother}>
        Write another reply
      </Button>
    </section>
  );
}

function ReplyEditor({
  message,
  reply,
  editorRef,
  onStateChanged,
}: {
  message: MessageDetail;
  reply: Reply | null;
  editorRef: Ref<HTMLTextAreaElement>;
  onStateChanged: () => void;
}) {
  const latest = message.triage.at(-1)?.result ?? null;
  const needsChecklist =
    reply?.needsSafetyChecklist ??
    (latest !== null &&
      replyNeedsSafetyChecklist({
        tier: message.tier,
        categories: latest.categories,
        cssrs_level: latest.cssrs_level,
      }));
  const [checklist, setChecklist] = useState<Checklist>(reply?.checklist ?? EMPTY_CHECKLIST);
  const [action, setAction] = useState<'idle' | 'working'>('idle');
  const [failure, setFailure] = useState<string | null>(null);
  const isDraft = reply === null || reply.status === 'draft';
  // Supervision (Team exchange): while replies need review, the primary step is "Send for review".
  const needsReview = useRepliesNeedReview();

  const save = useCallback(
    async (body: string) =>
      (await outpost.call('replies.saveDraft', { messageId: message.id, body })).updatedAt,
    [message.id],
  );
  const autosave = useAutosave(reply?.body ?? '', save, reply?.updatedAt ?? null);
  const draft = autosave.value;

  async function run(step: () => Promise<unknown>): Promise<void> {
    setAction('working');
    setFailure(null);
    try {
      await step();
      onStateChanged();
    } catch (error) {
      setFailure(
        error instanceof RpcError && error.code === 'SAFETY_CHECKLIST_INCOMPLETE'
          ? 'Complete the safety checklist first: this message shows risk.'
          : failureMessage(error),
      );
    } finally {
      setAction('idle');
    }
  }

  async function markReady(): Promise<void> {
    if (!(await autosave.saveNow())) throw new Error('not saved');
    const current = await outpost.call('replies.get', { messageId: message.id });
    if (current === null) return;
    await outpost.call('replies.markReady', { id: current.id, checklist });
  }

  async function sendForReview(): Promise<void> {
    if (!(await autosave.saveNow())) throw new Error('not saved');
    const current = await outpost.call('replies.get', { messageId: message.id });
    if (current === null) return;
    await outpost.call('replies.submitForReview', { id: current.id });
  }

  const checklistDone = !needsChecklist || isSafetyChecklistComplete(checklist);
  const canMarkReady =
    isDraft && draft.trim() !== '' && checklistDone && action === 'idle' && needsReview !== null;

  return (
    <section className="reply-panel" aria-labelledby="reply-heading" data-testid="reply-panel">
      <div className="reply-heading-row">
        <h3 id="reply-heading">Your reply</h3>
        {isDraft ? (
          <SaveStatusText status={autosave.status} />
        ) : (
          <p className="reply-state" data-testid="reply-state">
            {reply?.status === 'outbox'
              ? 'In the outbox, ready to send'
              : reply?.status === 'awaiting_review'
                ? 'Awaiting your supervisor’s review'
                : ''}
          </p>
        )}
      </div>

      {reply?.reviewComments != null && reply.status === 'draft' && (
        <StatusNotice tone="warning">Returned by your supervisor: {reply.reviewComments}</StatusNotice>
      )}

      <div className="reply-layout">
        <div className="reply-main">
          <TextAreaField
            label="Reply"
            value={draft}
            onChange={(text) => autosave.update(text)}
            isReadOnly={!isDraft}
            rows={8}
            maxLength={50_000}
            textAreaRef={editorRef}
            className="reply-editor"
            description={
              isDraft
                ? 'Saved in the vault as you type. Sending happens outside Outpost, from the outbox.'
                : 'Take it back to draft to change it.'
            }
          />
          {needsChecklist && <SafetyChecklist needed value={checklist} onChange={setChecklist} />}
          {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
          <div className="button-row">
            {isDraft ? (
              <>
                <Button
                  className="button button-primary"
                  isDisabled={!canMarkReady}
                  isPending={action === 'working'}
                  onPress={() => void run(needsReview === true ? sendForReview : markReady)}
                >
                  {needsReview === true ? 'Send for review' : 'Ready to send'}
                </Button>
                {needsChecklist && !checklistDone && (
                  <p className="muted reply-gate" data-testid="checklist-gate">
                    Complete the safety checklist to put this reply in the outbox.
                  </p>
                )}
              </>
            ) : (
              <Button
                className="button"
                isPending={action === 'working'}
                onPress={() => void run(() => outpost.call('replies.returnToDraft', { id: reply?.id ?? '' }))}
              >
                Back to draft
              </Button>
            )}
          </div>
          {isDraft && <DraftCoach clientText={message.body} draft={draft} triage={latest} />}
        </div>
        {isDraft && (
          <aside className="reply-help" aria-label="Reply prompts">
            <ReplyPrompts
              messageText={message.body}
              triage={latest}
              onInsert={(text) =>
                autosave.update((current) =>
                  current.trim() === '' ? text : `${current.trimEnd()}\n\n${text}`,
                )
              }
            />
          </aside>
        )}
      </div>
    </section>
  );
}
