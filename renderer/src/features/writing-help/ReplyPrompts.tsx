import { useId } from 'react';
import { Button } from 'react-aria-components';
import type { TriageResult } from '../../../../shared/triage/triageEngine.std.ts';
import { buildReplyPrompts } from '../../../../shared/writing/replyPrompts.std.ts';
import type { ReplyPromptGroup } from '../../../../shared/writing/replyPrompts.std.ts';
import { latestAnalysis, useEmotionAnalysis } from './useEmotionAnalysis.ts';
import './writingHelp.css';

interface ReplyPromptsProps {
  /** The client's message being answered. */
  messageText: string;
  /** Its triage; risk puts the safety items first. */
  triage: TriageResult | null;
  /** Called with a prompt's words when its Insert button is pressed. */
  onInsert: (text: string) => void;
}

/**
 * Ways to answer this message, grouped (safety first when triage shows risk), each with an
 * Insert button. The wording is chosen from the message itself, so it stays the same on
 * every render and differs between messages.
 */
export function ReplyPrompts({ messageText, triage, onInsert }: ReplyPromptsProps) {
  const headingId = useId();
  const analysis = useEmotionAnalysis(messageText);
  const emotions = latestAnalysis(analysis);
  const groups = buildReplyPrompts({ messageText, emotions, triage });
  return (
    <section className="writing-panel reply-prompts" aria-labelledby={headingId} data-testid="reply-prompts">
      <h3 id={headingId}>Reply prompts</h3>
      {analysis.status === 'failed' && (
        <p className="muted">The emotions could not be read, so these prompts are general ones.</p>
      )}
      {groups.map((group) => (
        <PromptGroup key={group.id} group={group} onInsert={onInsert} />
      ))}
    </section>
  );
}

function PromptGroup({ group, onInsert }: { group: ReplyPromptGroup; onInsert: (text: string) => void }) {
  const headingId = useId();
  const idPrefix = useId();
  return (
    <section
      className={`prompt-group prompt-group-${group.id}`}
      aria-labelledby={headingId}
      data-testid={`prompt-group-${group.id}`}
    >
      <h4 id={headingId}>{group.title}</h4>
      <p className="prompt-why">{group.why}</p>
      <ul className="prompt-list">
        {group.prompts.map((prompt) => {
          const textId = `${idPrefix}-${prompt.id}`;
          return (
            <li key={prompt.id} className="prompt-item">
              <span id={textId} className="prompt-text">
                {prompt.text}
              </span>
              <Button
                className="button button-small"
                aria-describedby={textId}
                onPress={() => onInsert(prompt.text)}
              >
                Insert
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
