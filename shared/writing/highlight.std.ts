/** Cutting a text into pieces for highlighting evidence spans. Pure. */

export interface TextSegment {
  start: number;
  end: number;
  text: string;
  /** The labels whose evidence covers this piece; empty for plain text. */
  labels: string[];
}

/**
 * The text cut at every evidence boundary, each piece knowing which labels' evidence covers
 * it, so overlapping spans ("hate" and "I hate") highlight without nesting.
 */
export function segmentText(
  text: string,
  evidence: readonly { start: number; end: number; label: string }[],
): TextSegment[] {
  const spans = evidence.filter((span) => span.start < span.end && span.end <= text.length);
  const cuts = new Set<number>([0, text.length]);
  for (const span of spans) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] ?? 0;
    const end = points[i + 1] ?? start;
    if (end <= start) continue;
    const labels = [
      ...new Set(spans.filter((span) => span.start <= start && span.end >= end).map((span) => span.label)),
    ];
    segments.push({ start, end, text: text.slice(start, end), labels });
  }
  return segments;
}
