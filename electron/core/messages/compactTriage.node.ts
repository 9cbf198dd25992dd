/**
 * The triage result as stored: the same top-level keys (analytics and replies read
 * service_level, categories and cssrs_level from the JSON), with each list of spans
 * packed into numbers. A result carries dozens of spans, and as objects they were most
 * of what an import writes, so most of its time.
 *
 * A packed list is `{ "names": [...], "spans": [...] }`: the distinct signal, rule and
 * reason strings once, then a fixed number of integers per span (offsets and indexes
 * into `names`). Every span's `text` is a slice of the message body, so it is read back
 * from the body; a span whose text is not that slice keeps it in `texts`.
 *
 * Two older forms still read as they are: each span a short array (`[start, end, signal,
 * rule, text?]`, 2026-11-23) and each span the engine's object (before that).
 */
import type { Evidence, SetAside, TriageResult } from '../../../shared/triage/triageEngine.std.ts';

interface PackedSpans {
  names: string[];
  spans: number[];
  /** Span texts the body cannot give back, by span number ("3") or its because ("3b"). */
  texts?: Record<string, string>;
}

/** Integers per span: start, end, signal, rule. */
const EVIDENCE_STRIDE = 4;
/** Integers per set-aside span: start, end, signal, rule, reason, then its because (signal -1 when none). */
const SET_ASIDE_STRIDE = 9;
const NO_SPAN = -1;

/** The array-per-span form of 2026-11-23, still read. */
type ArrayEvidence = [number, number, string, string] | [number, number, string, string, string];
type ArraySetAside =
  | [number, number, string, string, SetAside['reason'], ArrayEvidence | null]
  | [number, number, string, string, SetAside['reason'], ArrayEvidence | null, string];
type StoredList<Item, Old> = PackedSpans | (Item | Old)[];

class Packer {
  readonly packed: PackedSpans = { names: [], spans: [] };
  private readonly indexes = new Map<string, number>();
  private readonly body: string;

  constructor(body: string) {
    this.body = body;
  }

  name(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.packed.names.push(value) - 1;
      this.indexes.set(value, index);
    }
    return index;
  }

  /** Span number `index` (`suffix` "b" for a because); its text is kept only when the body cannot give it back. */
  span(item: Evidence, index: number, suffix: '' | 'b' = ''): void {
    const { start, end, text } = item;
    this.packed.spans.push(start, end, this.name(item.signal), this.name(item.rule));
    // Compared in place: most spans are slices of the body, and slicing each to check was most of packing.
    if (text.length !== end - start || !this.body.startsWith(text, start))
      (this.packed.texts ??= {})[`${index}${suffix}`] = text;
  }
}

function packEvidence(body: string, items: readonly Evidence[]): PackedSpans {
  const packer = new Packer(body);
  items.forEach((item, i) => packer.span(item, i));
  return packer.packed;
}

function packSetAside(body: string, items: readonly SetAside[]): PackedSpans {
  const packer = new Packer(body);
  items.forEach((item, i) => {
    packer.span(item, i);
    packer.packed.spans.push(packer.name(item.reason));
    if (item.because === null) packer.packed.spans.push(0, 0, NO_SPAN, NO_SPAN);
    else packer.span(item.because, i, 'b');
  });
  return packer.packed;
}

/** What an import keeps of a triage result until it stores it: the queue's fields and the JSON. */
export interface StoredTriage {
  tier: TriageResult['tier'];
  score: number;
  rulesVersion: string;
  json: string;
}

export function storedTriage(body: string, triage: TriageResult): StoredTriage {
  return {
    tier: triage.tier,
    score: triage.score,
    rulesVersion: triage.rules_version,
    json: compactTriageJson(body, triage),
  };
}

/** The JSON stored for a result of triaging `body`. */
export function compactTriageJson(body: string, triage: TriageResult): string {
  // Unpaired surrogates: SQLite would not store them as they are, so such a body is not a reference.
  if (!body.isWellFormed()) return JSON.stringify(triage);
  return JSON.stringify({
    ...triage,
    evidence: packEvidence(body, triage.evidence),
    set_aside: packSetAside(body, triage.set_aside),
    protective_factors: packEvidence(body, triage.protective_factors),
  });
}

function isPacked<Item, Old>(stored: StoredList<Item, Old>): stored is PackedSpans {
  return !Array.isArray(stored);
}

function unpackSpan(body: string, packed: PackedSpans, at: number, key: string): Evidence {
  const { names, spans } = packed;
  const start = spans[at] ?? 0;
  const end = spans[at + 1] ?? 0;
  return {
    start,
    end,
    text: packed.texts?.[key] ?? body.slice(start, end),
    signal: names[spans[at + 2] ?? 0] ?? '',
    rule: names[spans[at + 3] ?? 0] ?? '',
  };
}

function unpackEvidence(body: string, packed: PackedSpans): Evidence[] {
  const items: Evidence[] = [];
  for (let at = 0, i = 0; at < packed.spans.length; at += EVIDENCE_STRIDE, i++)
    items.push(unpackSpan(body, packed, at, String(i)));
  return items;
}

function unpackSetAside(body: string, packed: PackedSpans): SetAside[] {
  const items: SetAside[] = [];
  for (let at = 0, i = 0; at < packed.spans.length; at += SET_ASIDE_STRIDE, i++) {
    const becauseAt = at + EVIDENCE_STRIDE + 1;
    items.push({
      ...unpackSpan(body, packed, at, String(i)),
      reason: packed.names[packed.spans[at + EVIDENCE_STRIDE] ?? 0] as SetAside['reason'],
      because: packed.spans[becauseAt + 2] === NO_SPAN ? null : unpackSpan(body, packed, becauseAt, `${i}b`),
    });
  }
  return items;
}

function fromArrayEvidence(body: string, stored: ArrayEvidence | Evidence): Evidence {
  if (!Array.isArray(stored)) return stored;
  const [start, end, signal, rule, text] = stored;
  return { start, end, text: text ?? body.slice(start, end), signal, rule };
}

function fromArraySetAside(body: string, stored: ArraySetAside | SetAside): SetAside {
  if (!Array.isArray(stored)) return stored;
  const [start, end, signal, rule, reason, because, text] = stored;
  return {
    start,
    end,
    text: text ?? body.slice(start, end),
    signal,
    rule,
    reason,
    because: because === null ? null : fromArrayEvidence(body, because),
  };
}

function readEvidence(body: string, stored: StoredList<Evidence, ArrayEvidence>): Evidence[] {
  return isPacked(stored)
    ? unpackEvidence(body, stored)
    : stored.map((item) => fromArrayEvidence(body, item));
}

/**
 * Where the evidence spans lie in the body, from the stored `evidence` value in any of
 * its forms, without rebuilding their texts (the queue preview reads many at once).
 */
export function evidenceSpans(stored: unknown): { start: number; end: number }[] {
  const list = stored as StoredList<Evidence, ArrayEvidence> | null;
  if (list === null) return [];
  if (isPacked(list)) {
    const spans: { start: number; end: number }[] = [];
    for (let at = 0; at < list.spans.length; at += EVIDENCE_STRIDE)
      spans.push({ start: list.spans[at] ?? 0, end: list.spans[at + 1] ?? 0 });
    return spans;
  }
  return list.map((item) => (Array.isArray(item) ? { start: item[0], end: item[1] } : item));
}

/** A stored result (in any of its forms) as the engine returned it. */
export function readTriageJson(body: string, json: string): TriageResult {
  const stored = JSON.parse(json) as Omit<TriageResult, 'evidence' | 'set_aside' | 'protective_factors'> & {
    evidence: StoredList<Evidence, ArrayEvidence>;
    set_aside: StoredList<SetAside, ArraySetAside>;
    protective_factors: StoredList<Evidence, ArrayEvidence>;
  };
  const setAside = stored.set_aside;
  return {
    ...stored,
    evidence: readEvidence(body, stored.evidence),
    set_aside: isPacked(setAside)
      ? unpackSetAside(body, setAside)
      : setAside.map((item) => fromArraySetAside(body, item)),
    protective_factors: readEvidence(body, stored.protective_factors),
  };
}
