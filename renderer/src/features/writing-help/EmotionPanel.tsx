import { useId } from 'react';
import { ANALYSE_TEXT_MAX } from '../../../../shared/rpc/writingSchemas.std.ts';
import type { EmotionAnalysisResult } from '../../../../shared/rpc/writingSchemas.std.ts';
import { segmentText } from '../../../../shared/writing/highlight.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { labelText, percent, SENTIMENT_TEXT } from './emotionText.ts';
import { useEmotionAnalysis } from './useEmotionAnalysis.ts';
import './writingHelp.css';

interface EmotionPanelProps {
  /** The client's message. */
  text: string;
  /** The panel's heading; "Emotions in this message" unless given. */
  label?: string;
}

/**
 * The emotions the model reads in a text: labels with scores, Ekman groups and sentiment,
 * and the text itself with the words behind each emotion highlighted.
 */
export function EmotionPanel({ text, label = 'Emotions in this message' }: EmotionPanelProps) {
  const headingId = useId();
  const state = useEmotionAnalysis(text);
  return (
    <section className="writing-panel emotion-panel" aria-labelledby={headingId} data-testid="emotion-panel">
      <h3 id={headingId}>{label}</h3>
      {state.status === 'empty' && <p className="muted">There is no text to read.</p>}
      {state.status === 'too_long' && (
        <ErrorNotice>
          This text has {state.length.toLocaleString()} characters; emotions are read for texts of up to{' '}
          {ANALYSE_TEXT_MAX.toLocaleString()}.
        </ErrorNotice>
      )}
      {state.status === 'failed' && (
        <ErrorNotice>The emotions could not be read. {state.message}</ErrorNotice>
      )}
      {state.status === 'loading' && state.previous === null && <PendingBar label="Reading the emotions…" />}
      {state.status === 'loading' && state.previous !== null && (
        <EmotionDetails text={text} analysis={state.previous} isStale />
      )}
      {state.status === 'ready' && <EmotionDetails text={text} analysis={state.analysis} isStale={false} />}
    </section>
  );
}

function EmotionDetails({
  text,
  analysis,
  isStale,
}: {
  text: string;
  analysis: EmotionAnalysisResult;
  isStale: boolean;
}) {
  const detected = analysis.labels
    .filter((name) => name !== 'neutral')
    .sort((a, b) => (analysis.scores[b] ?? 0) - (analysis.scores[a] ?? 0));
  const groups = analysis.ekman.filter((group) => group !== 'neutral');
  // The highlighted text only makes sense for the text it was computed on.
  const evidence = isStale ? [] : analysis.evidence;
  const evidenceByLabel = new Map<string, string[]>();
  for (const span of evidence) {
    const words = evidenceByLabel.get(span.label) ?? [];
    if (!words.includes(span.text)) words.push(span.text);
    evidenceByLabel.set(span.label, words);
  }
  return (
    <div className="emotion-details" aria-busy={isStale}>
      <div className="emotion-summary">
        <Badge tone="info" testId="emotion-sentiment">
          {SENTIMENT_TEXT[analysis.sentiment] ?? analysis.sentiment} overall
        </Badge>
        {groups.map((group) => (
          <Badge key={group} tone="neutral">
            {labelText(group)}
          </Badge>
        ))}
      </div>
      {detected.length === 0 ? (
        <p className="muted">No clear emotion: the message reads as neutral.</p>
      ) : (
        <ul className="emotion-labels" aria-label="Detected emotions">
          {detected.map((name) => (
            <li key={name} data-testid={`emotion-label-${name}`}>
              <span className="emotion-label-name">{labelText(name)}</span>
              <span className="emotion-score">{percent(analysis.scores[name] ?? 0)}</span>
              <span className="emotion-bar" aria-hidden="true">
                <span style={{ width: percent(analysis.scores[name] ?? 0) }} />
              </span>
              {(evidenceByLabel.get(name)?.length ?? 0) > 0 && (
                <span className="emotion-evidence-words" data-testid={`emotion-evidence-${name}`}>
                  from {(evidenceByLabel.get(name) ?? []).map((word) => `“${word}”`).join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <HighlightedText text={text} evidence={evidence} />
      <p className="writing-caveat">
        Read by a small model trained on GoEmotions (Reddit comments). A prompt for your own reading, not a
        judgement.
      </p>
    </div>
  );
}

function HighlightedText({ text, evidence }: { text: string; evidence: EmotionAnalysisResult['evidence'] }) {
  return (
    <blockquote className="emotion-text" data-testid="emotion-text">
      {segmentText(text, evidence).map((segment) =>
        segment.labels.length === 0 ? (
          <span key={segment.start}>{segment.text}</span>
        ) : (
          <mark
            key={segment.start}
            className="evidence-mark"
            data-testid="evidence-mark"
            data-labels={segment.labels.join(' ')}
            title={segment.labels.map(labelText).join(', ')}
          >
            {segment.text}
            <span className="visually-hidden"> ({segment.labels.map(labelText).join(', ')})</span>
          </mark>
        ),
      )}
    </blockquote>
  );
}
