import { useId, useState } from 'react';
import { Button, ListBox, ListBoxItem } from 'react-aria-components';
import { isSafetyChecklistComplete } from '../../../../shared/domain/safetyChecklist.std.ts';
import type { SafetyChecklistItemId } from '../../../../shared/domain/safetyChecklist.std.ts';
import type {
  PracticeAttempt,
  PracticeMessageView,
  PracticeProgress,
} from '../../../../shared/rpc/writingSchemas.std.ts';
import { CHECK_TEXT } from '../../../../shared/writing/draftCoach.std.ts';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { createSelectionStore, useSelection } from '../../app/navigation.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TierBadge } from '../../ui/TierBadge.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { DraftCoach, STATUS_TEXT } from './DraftCoach.tsx';
import { EmotionPanel } from './EmotionPanel.tsx';
import { ReplyPrompts } from './ReplyPrompts.tsx';
import { SafetyChecklist } from './SafetyChecklist.tsx';
import './writingHelp.css';

const CONTEXT_TEXT: Record<PracticeMessageView['context'], string> = {
  career_guidance: 'Career guidance',
  distance_counselling: 'Distance counselling',
};

const CHANNEL_TEXT: Record<PracticeMessageView['channel'], string> = {
  email: 'Email',
  chat: 'Chat',
  sms: 'Text message',
  social_dm: 'Social media message',
  web_form: 'Web form',
};

/** The practice message open, kept (id only) while other sections are shown. */
const practiceSelection = createSelectionStore<string | null>(null);

/** Practice replies to realistic messages, with the coach's feedback, a score, and progress kept in the vault. */
export function PracticeMode() {
  const selectedId = useSelection(practiceSelection);
  const [list, reloadList] = useLoad(() => outpost.call('practice.list', {}), 'practice-list');
  const [progress, reloadProgress] = useLoad(
    () => outpost.call('practice.progress', {}),
    'practice-progress',
  );

  if (list.status === 'loading') return <PendingBar label="Loading practice messages…" />;
  if (list.status === 'failed') {
    return (
      <div className="writing-error">
        <ErrorNotice>{list.message}</ErrorNotice>
        <Button className="button" onPress={reloadList}>
          Try again
        </Button>
      </div>
    );
  }
  const messages = list.data.messages;
  const selected = messages.find((message) => message.id === selectedId);
  return (
    <div className="practice">
      <div className="practice-layout">
        <PracticeList
          messages={messages}
          selectedId={selected?.id ?? null}
          progress={progress.status === 'ready' ? progress.data : null}
        />
        {selected === undefined ? (
          <section className="empty-state practice-empty" aria-labelledby="practice-empty-heading">
            <h2 id="practice-empty-heading">Choose a practice message</h2>
            <p>
              These messages were written for practice; none is from a real client. Pick one, read the
              emotions and prompts, write a reply, and the coach will comment as you type. Saving an attempt
              scores it and keeps it, with your progress, in your vault.
            </p>
          </section>
        ) : (
          <PracticeWorkspace key={selected.id} message={selected} onSaved={reloadProgress} />
        )}
      </div>
      <ProgressPanel
        messages={messages}
        progress={progress.status === 'ready' ? progress.data : null}
        failure={progress.status === 'failed' ? progress.message : null}
        onRetry={reloadProgress}
      />
    </div>
  );
}

function PracticeList({
  messages,
  selectedId,
  progress,
}: {
  messages: readonly PracticeMessageView[];
  selectedId: string | null;
  progress: PracticeProgress | null;
}) {
  const best = new Map(progress?.messages.map((row) => [row.messageId, row.bestTotal]) ?? []);
  return (
    <ListBox
      className="practice-list"
      aria-label="Practice messages"
      selectionMode="single"
      selectedKeys={selectedId === null ? [] : [selectedId]}
      onSelectionChange={(keys) => {
        if (keys === 'all') return;
        const [key] = [...keys];
        if (key !== undefined) practiceSelection.set(String(key));
      }}
      items={messages}
    >
      {(message) => (
        <ListBoxItem id={message.id} className="practice-item" textValue={message.title}>
          <span className="practice-item-title">{message.title}</span>
          <span className="practice-item-facts">
            <TierBadge tier={message.triage.tier} />
            <span>{CONTEXT_TEXT[message.context]}</span>
            {best.has(message.id) && <span>Best {best.get(message.id)}</span>}
          </span>
        </ListBoxItem>
      )}
    </ListBox>
  );
}

function PracticeWorkspace({ message, onSaved }: { message: PracticeMessageView; onSaved: () => void }) {
  const headingId = useId();
  const [reply, setReply] = useState('');
  const [checklist, setChecklist] = useState<Partial<Record<SafetyChecklistItemId, boolean>>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<PracticeAttempt | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const checklistMissing = message.needsSafetyChecklist && !isSafetyChecklistComplete(checklist);
  const insert = (text: string) =>
    setReply((current) => {
      const trimmed = current.replace(/\s+$/, '');
      return trimmed === '' ? text : `${trimmed} ${text}`;
    });
  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const attempt = await outpost.call('practice.saveAttempt', {
        messageId: message.id,
        reply,
        checklist: message.needsSafetyChecklist ? checklist : null,
      });
      setSaved(attempt);
      onSaved();
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="practice-workspace" aria-labelledby={headingId}>
      <header className="practice-header">
        <h2 id={headingId}>{message.title}</h2>
        <p className="practice-facts">
          <TierBadge tier={message.triage.tier} testId="practice-tier" />
          <span>{CONTEXT_TEXT[message.context]}</span>
          <span>{CHANNEL_TEXT[message.channel]}</span>
        </p>
      </header>
      <div className="practice-columns">
        <div className="practice-column">
          <EmotionPanel text={message.text} label="The message and its emotions" />
          <ReplyPrompts messageText={message.text} triage={message.triage} onInsert={insert} />
        </div>
        <div className="practice-column">
          <TextAreaField
            label="Your reply"
            value={reply}
            onChange={(value) => {
              setReply(value);
              setSaved(null);
            }}
            rows={8}
            description="Practice replies are kept only in your vault and are never sent."
          />
          <SafetyChecklist needed={message.needsSafetyChecklist} value={checklist} onChange={setChecklist} />
          <DraftCoach clientText={message.text} draft={reply} triage={message.triage} />
          <div className="button-row">
            <Button
              className="button button-primary"
              isDisabled={saving || reply.trim() === '' || checklistMissing}
              onPress={() => void save()}
            >
              {saving ? 'Saving…' : 'Save attempt'}
            </Button>
            {checklistMissing && reply.trim() !== '' && (
              <span className="muted">Complete the safety checklist to save.</span>
            )}
          </div>
          {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
          {saved !== null && <ScoreBreakdown attempt={saved} />}
        </div>
      </div>
    </section>
  );
}

function ScoreBreakdown({ attempt }: { attempt: PracticeAttempt }) {
  const headingId = useId();
  return (
    <section
      className="writing-panel score-breakdown"
      aria-labelledby={headingId}
      data-testid="score-breakdown"
    >
      <StatusNotice tone="success">Attempt saved. Your score: {attempt.total} out of 100.</StatusNotice>
      <h3 id={headingId}>Score breakdown</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {attempt.checks.map((check) => (
            <tr key={check.id} data-testid={`score-${check.id}`}>
              <th scope="row">{CHECK_TEXT[check.id].title}</th>
              <td>{STATUS_TEXT[check.status].word}</td>
              <td>{check.max === 0 ? '—' : `${check.points} of ${check.max}`}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            <td data-testid="score-total">{attempt.total} of 100</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function ProgressPanel({
  messages,
  progress,
  failure,
  onRetry,
}: {
  messages: readonly PracticeMessageView[];
  progress: PracticeProgress | null;
  failure: string | null;
  onRetry: () => void;
}) {
  const headingId = useId();
  const titles = new Map(messages.map((message) => [message.id, message.title]));
  const date = (iso: string) =>
    new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section
      className="writing-panel practice-progress"
      aria-labelledby={headingId}
      data-testid="practice-progress"
    >
      <h2 id={headingId}>Your progress</h2>
      {failure !== null && (
        <div className="writing-error">
          <ErrorNotice>{failure}</ErrorNotice>
          <Button className="button" onPress={onRetry}>
            Try again
          </Button>
        </div>
      )}
      {progress === null && failure === null && <PendingBar label="Loading your progress…" />}
      {progress !== null && progress.totalAttempts === 0 && (
        <p className="muted">No attempts yet. Saved attempts, with their scores and dates, appear here.</p>
      )}
      {progress !== null && progress.totalAttempts > 0 && (
        <>
          <p>
            <Badge tone="info">
              {progress.totalAttempts} {progress.totalAttempts === 1 ? 'attempt' : 'attempts'}
            </Badge>{' '}
            on {progress.messages.length} of {messages.length} practice messages.
          </p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Message</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Best score</th>
                  <th scope="col">Best on</th>
                  <th scope="col">Last attempt</th>
                </tr>
              </thead>
              <tbody>
                {progress.messages.map((row) => (
                  <tr key={row.messageId} data-testid={`progress-${row.messageId}`}>
                    <th scope="row">{titles.get(row.messageId) ?? row.messageId}</th>
                    <td>{row.attempts}</td>
                    <td>{row.bestTotal}</td>
                    <td className="nowrap">{date(row.bestAt)}</td>
                    <td className="nowrap">{date(row.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
