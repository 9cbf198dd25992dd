import { describe, expect, it } from 'vitest';
import { segmentText } from './highlight.std.ts';

describe('segmentText', () => {
  it('cuts at every boundary so overlapping spans highlight without nesting', () => {
    const text = 'I hate biology so much';
    const segments = segmentText(text, [
      { start: 2, end: 6, label: 'anger' },
      { start: 0, end: 6, label: 'annoyance' },
    ]);
    expect(segments.map((s) => [s.text, s.labels])).toEqual([
      ['I ', ['annoyance']],
      ['hate', ['anger', 'annoyance']],
      [' biology so much', []],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });
  it('ignores spans outside the text or empty, and handles no evidence', () => {
    expect(
      segmentText('abc', [
        { start: 2, end: 9, label: 'x' },
        { start: 1, end: 1, label: 'y' },
      ]),
    ).toEqual([{ start: 0, end: 3, text: 'abc', labels: [] }]);
    expect(segmentText('', [])).toEqual([]);
  });
});
