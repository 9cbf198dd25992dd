import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';

type Change = MethodOutput<'consent.compareTemplates'>['changes'][number];

const MARKERS: Record<Change['change'], { symbol: string; words: string }> = {
  added: { symbol: '+', words: 'Added: ' },
  removed: { symbol: '−', words: 'Removed: ' },
  same: { symbol: ' ', words: '' },
};

/**
 * Line-by-line changes between two versions of a consent text. Added and removed lines
 * carry a + or − marker and a spoken word, so colour is never the only cue.
 */
export function TemplateDiff({ changes }: { changes: readonly Change[] }) {
  const added = changes.filter((line) => line.change === 'added').length;
  const removed = changes.filter((line) => line.change === 'removed').length;
  return (
    <div className="template-diff-wrap">
      <p className="muted" aria-live="polite">
        {added === 0 && removed === 0
          ? 'The two versions have the same text.'
          : `${added} ${added === 1 ? 'line' : 'lines'} added, ${removed} removed.`}
      </p>
      {/* Focusable so the list can be scrolled with the keyboard. */}
      <ol
        className="template-diff"
        data-testid="template-diff"
        tabIndex={0}
        aria-label="Changes, line by line"
      >
        {changes.map((line, index) => (
          <li key={index} className={`diff-line diff-${line.change}`} data-change={line.change}>
            <span className="diff-marker" aria-hidden="true">
              {MARKERS[line.change].symbol}
            </span>
            <span className="diff-text">
              {MARKERS[line.change].words !== '' && (
                <span className="visually-hidden">{MARKERS[line.change].words}</span>
              )}
              {line.text === '' ? '\u00a0' : line.text}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
