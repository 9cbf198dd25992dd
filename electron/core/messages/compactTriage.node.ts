/**
 * The triage result as stored: the same top-level keys (analytics and replies read
 * service_level, categories and cssrs_level from the JSON), with each span a short array
 * instead of an object. Every span's `text` is a slice of the message body, so it is left
 * out where it equals `body.slice(start, end)` and read back from the body; a span whose
 * text is not that slice keeps it. Results stored in full before this still read as they are.
 */
import type { Evidence, SetAside, TriageResult } from '../../../shared/triage/triageEngine.std.ts';

/**
 * A span as stored: `[start, end, signal, rule]`, with its text last only when the body
 * cannot give it back. Results stored before this keep every span as an object.
 */
type StoredEvidence = [number, number, string, string] | [number, number, string, string, string];
/** A set-aside span: the span, then why, then the span that set it aside, then its text if kept. */
type StoredSetAside =
  | [number, number, string, string, SetAside['reason'], StoredEvidence | null]
  | [number, number, string, string, SetAside['reason'], StoredEvidence | null, string];

function compactEvidence(body: string, evidence: Evidence): StoredEvidence {
  const { start, end, signal, rule, text } = evidence;
  return text === body.slice(start, end) ? [start, end, signal, rule] : [start, end, signal, rule, text];
}

function compactSetAside(body: string, aside: SetAside): StoredSetAside {
  const { start, end, signal, rule, text, reason } = aside;
  const because = aside.because === null ? null : compactEvidence(body, aside.because);
  return text === body.slice(start, end)
    ? [start, end, signal, rule, reason, because]
    : [start, end, signal, rule, reason, because, text];
}

/** Unpaired surrogates: SQLite would not store them as they are, so such a body is not a reference. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The JSON stored for a result of triaging `body`. */
export function compactTriageJson(body: string, triage: TriageResult): string {
  if (LONE_SURROGATE.test(body)) return JSON.stringify(triage);
  return JSON.stringify({
    ...triage,
    evidence: triage.evidence.map((item) => compactEvidence(body, item)),
    set_aside: triage.set_aside.map((item) => compactSetAside(body, item)),
    protective_factors: triage.protective_factors.map((item) => compactEvidence(body, item)),
  });
}

function fullEvidence(body: string, stored: StoredEvidence | Evidence): Evidence {
  if (!Array.isArray(stored)) return stored;
  const [start, end, signal, rule, text] = stored;
  return { start, end, text: text ?? body.slice(start, end), signal, rule };
}

function fullSetAside(body: string, stored: StoredSetAside | SetAside): SetAside {
  if (!Array.isArray(stored)) return stored;
  const [start, end, signal, rule, reason, because, text] = stored;
  return {
    start,
    end,
    text: text ?? body.slice(start, end),
    signal,
    rule,
    reason,
    because: because === null ? null : fullEvidence(body, because),
  };
}

/** Where a stored evidence item lies in the body, whichever way it was stored. */
export function evidenceSpan(stored: StoredEvidence | Evidence): { start: number; end: number } {
  return Array.isArray(stored) ? { start: stored[0], end: stored[1] } : stored;
}

/** A stored result (compact or, from before, in full) as the engine returned it. */
export function readTriageJson(body: string, json: string): TriageResult {
  const stored = JSON.parse(json) as Omit<TriageResult, 'evidence' | 'set_aside' | 'protective_factors'> & {
    evidence: (StoredEvidence | Evidence)[];
    set_aside: (StoredSetAside | SetAside)[];
    protective_factors: (StoredEvidence | Evidence)[];
  };
  return {
    ...stored,
    evidence: stored.evidence.map((item) => fullEvidence(body, item)),
    set_aside: stored.set_aside.map((item) => fullSetAside(body, item)),
    protective_factors: stored.protective_factors.map((item) => fullEvidence(body, item)),
  };
}
