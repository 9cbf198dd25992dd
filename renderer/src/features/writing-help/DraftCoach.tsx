import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import type { SafetyTriageFacts } from '../../../../shared/domain/safetyChecklist.std.ts';
import { coachDraft } from '../../../../shared/writing/draftCoach.std.ts';
import type {
  CheckStatus,
  CoachCheckId,
  CoachCheckResult,
} from '../../../../shared/writing/draftCoach.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import type { BadgeTone } from '../../ui/Badge.tsx';
import { latestAnalysis, useDebouncedValue, useEmotionAnalysis } from './useEmotionAnalysis.ts';
import './writingHelp.css';

/** Long enough not to re-check between keystrokes, short enough to feel live. */
export const COACH_DEBOUNCE_MS = 400;

interface DraftCoachProps {
  /** The client's message the draft answers. */
  clientText: string;
  /** The practitioner's draft, as it is now. */
  draft: string;
  /** The message's triage, when known: the safety check applies only to risk. */
  triage?: SafetyTriageFacts | null;
}

export const STATUS_TEXT: Record<CheckStatus, { word: string; tone: BadgeTone }> = {
  pass: { word: 'Good', tone: 'success' },
  warn: { word: 'Worth a look', tone: 'warning' },
  fail: { word: 'Needs attention', tone: 'danger' },
  not_applicable: { word: 'Does not apply', tone: 'neutral' },
};

/**
 * Live feedback on a draft: each check with what it found and why it matters, dismissible
 * for this draft. Advice only; nothing here blocks the reply.
 */
export function DraftCoach({ clientText, draft, triage = null }: DraftCoachProps) {
  const headingId = useId();
  const settledDraft = useDebouncedValue(draft, COACH_DEBOUNCE_MS);
  const clientState = useEmotionAnalysis(clientText);
  const draftState = useEmotionAnalysis(settledDraft);
  // Dismissals belong to the reply to one message: another message starts afresh.
  const [dismissed, setDismissed] = useState<{ clientText: string; ids: readonly CoachCheckId[] }>({
    clientText,
    ids: [],
  });
  const dismissedIds = dismissed.clientText === clientText ? dismissed.ids : [];
  const isSettling = settledDraft !== draft || draftState.status === 'loading';

  const isEmpty = settledDraft.trim() === '';
  const results = isEmpty
    ? []
    : coachDraft({
        clientText,
        draft: settledDraft,
        clientEmotions: latestAnalysis(clientState),
        draftEmotions: latestAnalysis(draftState),
        triage,
      });
  const shown = results.filter((check) => !dismissedIds.includes(check.id));
  const applicable = results.filter((check) => check.status !== 'not_applicable');
  const passing = applicable.filter((check) => check.status === 'pass');
  const attention = applicable.filter((check) => check.status !== 'pass' && !dismissedIds.includes(check.id));
  const summary = isEmpty
    ? ''
    : `${passing.length} of ${applicable.length} checks look good.` +
      (attention.length > 0 ? ` Worth a look: ${attention.map((check) => check.title).join(', ')}.` : '');

  return (
    <section
      className="writing-panel draft-coach"
      aria-labelledby={headingId}
      data-testid="draft-coach"
      aria-busy={isSettling}
    >
      <h3 id={headingId}>Draft coach</h3>
      {/* Always in the page, so screen readers hear each new summary (politely, after what they are reading). */}
      <p className="coach-summary" role="status" aria-live="polite" data-testid="coach-summary">
        {summary}
      </p>
      {isEmpty && <p className="muted">Start writing your reply and the coach will comment as you go.</p>}
      <ul className="coach-checks">
        {shown.map((check) => (
          <CoachCheck
            key={check.id}
            check={check}
            onDismiss={() => setDismissed({ clientText, ids: [...dismissedIds, check.id] })}
          />
        ))}
      </ul>
      {dismissedIds.length > 0 && (
        <Button className="link-button" onPress={() => setDismissed({ clientText, ids: [] })}>
          Show {dismissedIds.length} dismissed {dismissedIds.length === 1 ? 'check' : 'checks'}
        </Button>
      )}
    </section>
  );
}

function CoachCheck({ check, onDismiss }: { check: CoachCheckResult; onDismiss: () => void }) {
  const status = STATUS_TEXT[check.status];
  return (
    <li
      className={`coach-check coach-check-${check.status}`}
      data-testid={`coach-check-${check.id}`}
      data-status={check.status}
    >
      <div className="coach-check-head">
        <span className="coach-check-title">{check.title}</span>
        <Badge tone={status.tone}>{status.word}</Badge>
        <Button
          className="link-button coach-dismiss"
          aria-label={`Dismiss ${check.title}`}
          onPress={onDismiss}
        >
          Dismiss
        </Button>
      </div>
      <p className="coach-message">{check.message}</p>
      <p className="coach-why">
        <span className="coach-why-label">Why it matters: </span>
        {check.why}
      </p>
    </li>
  );
}
