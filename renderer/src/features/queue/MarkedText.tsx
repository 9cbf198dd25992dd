import { markedRuns } from './queueText.ts';

/** Text with its triage evidence spans marked (offsets into `text`). */
export function MarkedText({
  text,
  marks,
}: {
  text: string;
  marks: readonly { start: number; end: number }[];
}) {
  return markedRuns(text, marks).map((run, index) =>
    run.marked ? (
      <mark key={index} className="evidence-mark">
        {run.text}
      </mark>
    ) : (
      <span key={index}>{run.text}</span>
    ),
  );
}
