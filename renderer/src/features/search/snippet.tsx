import type { ReactNode } from 'react';

const MARK_START = '\u0002';
const MARK_END = '\u0003';

/**
 * The core marks matched words in a snippet with \u0002 … \u0003. They become <mark>
 * elements built by React, so nothing in a note can ever be read as HTML.
 */
export function renderSnippet(snippet: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let rest = snippet;
  let key = 0;
  while (rest.length > 0) {
    const start = rest.indexOf(MARK_START);
    if (start < 0) {
      parts.push(rest);
      break;
    }
    if (start > 0) parts.push(rest.slice(0, start));
    const end = rest.indexOf(MARK_END, start + 1);
    const marked = rest.slice(start + 1, end < 0 ? undefined : end);
    parts.push(
      <mark key={key++} className="match">
        {marked}
      </mark>,
    );
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return parts;
}

export function hasMarks(snippet: string): boolean {
  return snippet.includes(MARK_START);
}

/** The snippet without its markers, for an accessible name. */
export function plainSnippet(snippet: string): string {
  return snippet.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
}

/**
 * Marks the words of `text` that start with a searched word, the way the core matches
 * (each word a prefix). Used for titles, which the core's snippet does not cover.
 */
export function markQueryWords(text: string, query: string): ReactNode[] {
  const words = (query.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).map((word) =>
    word.toLocaleLowerCase(),
  );
  if (words.length === 0) return [text];
  const parts: ReactNode[] = [];
  let key = 0;
  // Split into runs of word characters and the rest, keeping both.
  for (const run of text.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? []) {
    const lower = run.toLocaleLowerCase();
    if (words.some((word) => lower.startsWith(word))) {
      parts.push(
        <mark key={key++} className="match">
          {run}
        </mark>,
      );
    } else parts.push(run);
  }
  return parts;
}
