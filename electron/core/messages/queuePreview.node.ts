/**
 * What a queue row shows of a message: a short window of its text around the first piece
 * of triage evidence, with the evidence spans inside that window, so the reason a message
 * sits where it does is visible without opening it.
 */
import type { VaultDatabase } from '../storage/database.node.ts';
import { evidenceSpans } from './compactTriage.node.ts';

export interface PreviewMark {
  start: number;
  end: number;
}

export interface QueuePreview {
  text: string;
  marks: PreviewMark[];
}

export const PREVIEW_LENGTH = 240;
/** How much text to keep before the first evidence span when the window has to move. */
const LEAD_IN = 60;

interface EvidenceSpan {
  start: number;
  end: number;
}

/** Cuts a preview of `body` that contains the first evidence span, with spans relative to it. */
export function previewWithEvidence(body: string, evidence: readonly EvidenceSpan[]): QueuePreview {
  const spans = evidence
    .filter((span) => span.start >= 0 && span.end > span.start && span.end <= body.length)
    .toSorted((a, b) => a.start - b.start);
  const first = spans[0];
  let from = 0;
  if (first !== undefined && first.end > PREVIEW_LENGTH) from = Math.max(0, first.start - LEAD_IN);
  // Start and end on word boundaries where one is near, so the window does not cut words.
  if (from > 0) {
    const space = body.lastIndexOf(' ', from);
    if (space >= 0 && from - space < 20) from = space + 1;
  }
  let to = Math.min(body.length, from + PREVIEW_LENGTH);
  if (to < body.length) {
    const space = body.lastIndexOf(' ', to);
    if (space > from + PREVIEW_LENGTH / 2) to = space;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < body.length ? '…' : '';
  const text = `${prefix}${collapseSpace(body.slice(from, to))}${suffix}`;
  // Collapsing whitespace moves offsets, so marks are found again in the collapsed window.
  const marks: PreviewMark[] = [];
  let searchFrom = 0;
  for (const span of spans) {
    if (span.start < from || span.end > to) continue;
    const needle = collapseSpace(body.slice(span.start, span.end));
    const at = text.indexOf(needle, searchFrom);
    if (at < 0 || needle.length === 0) continue;
    marks.push({ start: at, end: at + needle.length });
    searchFrom = at + needle.length;
  }
  return { text, marks };
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Previews for a page of queue rows, reading each message's latest triage evidence. */
export function queuePreviews(db: VaultDatabase, ids: readonly string[]): Map<string, QueuePreview> {
  const previews = new Map<string, QueuePreview>();
  if (ids.length === 0) return previews;
  const rows = db
    .prepare(
      `SELECT m.id, m.body,
         (SELECT json_extract(t.result, '$.evidence') FROM message_triage t
           WHERE t.message_id = m.id ORDER BY t.id DESC LIMIT 1) AS evidence
       FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: string; body: string; evidence: string | null }[];
  for (const row of rows) {
    // Stored packed, or (from earlier versions) one array or one object per span.
    const evidence = row.evidence === null ? [] : evidenceSpans(JSON.parse(row.evidence));
    previews.set(row.id, previewWithEvidence(row.body, evidence));
  }
  return previews;
}
