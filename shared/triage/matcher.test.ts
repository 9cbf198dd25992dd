import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IntMap } from './intMap.std.ts';
import { Lexicon } from './lexicon.std.ts';
import { PatternIndex } from './matcher.std.ts';
import { compilePattern, wordMatches } from './patterns.std.ts';
import type { CompiledPattern, Element, WordElement } from './patterns.std.ts';
import rules from './rules/triage-rules.json' with { type: 'json' };
import { tokenise } from './tokenise.std.ts';
import type { Tokens } from './tokenise.std.ts';

const expansions = new Map(Object.entries(rules.expansions as Record<string, string[]>));
const sets = new Map(Object.entries(rules.sets as Record<string, string[]>));
const patterns = rules.rules.flatMap((rule) =>
  rule.patterns.map((source) => compilePattern(source, sets, rule.id)),
);
const barriers = new Set(rules.negation.cues);

/**
 * The pattern language read straight from its definition (patterns.std.ts), word by
 * word, with no index: at a start, the elements in order, a gap as short as it can be
 * (never over a negation), an optional element taken when the rest then matches, and of
 * a phrase group the phrases starting with the token's own word (in order written),
 * then those starting with a prefix or a number. Token index past the match, or -1.
 */
function referenceEnd(
  elements: readonly Element[],
  element: number,
  tokens: Tokens,
  at: number,
  sentence: number,
): number {
  if (element === elements.length) return at;
  const current = elements[element] as Element;
  const stands = (word: WordElement, place: number) =>
    place < tokens.count &&
    tokens.sentence[place] === sentence &&
    wordMatches(word, tokens.words[place] as string);
  if (current.kind === 'gap') {
    for (let skip = 0; skip <= current.max; skip++) {
      const skipped = at + skip - 1;
      if (skip > 0 && (skipped >= tokens.count || tokens.sentence[skipped] !== sentence)) return -1;
      if (skip > 0 && barriers.has(tokens.words[skipped] as string)) return -1;
      const end = referenceEnd(elements, element + 1, tokens, at + skip, sentence);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (current.kind === 'word') {
    if (stands(current, at)) {
      const end = referenceEnd(elements, element + 1, tokens, at + 1, sentence);
      if (end >= 0) return end;
    }
  } else if (at < tokens.count && tokens.sentence[at] === sentence) {
    const word = tokens.words[at] as string;
    const candidates = [
      ...current.phrases.filter((phrase) => (phrase[0] as WordElement).words.has(word)),
      ...current.anywhere,
    ];
    for (const phrase of candidates) {
      if (!phrase.every((part, offset) => stands(part, at + offset))) continue;
      const end = referenceEnd(elements, element + 1, tokens, at + phrase.length, sentence);
      if (end >= 0) return end;
    }
  }
  return current.optional ? referenceEnd(elements, element + 1, tokens, at, sentence) : -1;
}

function referenceMatches(tokens: Tokens): [string, string, number, number][] {
  const found: [string, string, number, number][] = [];
  for (let start = 0; start < tokens.count; start++) {
    for (const pattern of patterns as CompiledPattern<string>[]) {
      const end = referenceEnd(pattern.elements, 0, tokens, start, tokens.sentence[start] as number);
      if (end > start) found.push([pattern.owner, pattern.source, start, end]);
    }
  }
  return found;
}

const corpus = readFileSync(new URL('../../data/triage/corpus-risk.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => (JSON.parse(line) as { text: string }).text);

describe('PatternIndex', () => {
  it('finds exactly what the pattern language says, at every start, with the same ends', () => {
    const index = new PatternIndex(patterns, { gapBarriers: barriers });
    const lexicon = new Lexicon(expansions, index.words());
    index.useLexicon(lexicon);
    const awkward = [
      "I'm not going to kill myself tonight but I have the pills ready",
      'took 30 sertraline ~ 2 hours ago, not suicidal, never had thoughts of ending my life',
      'kill '.repeat(40),
      'i i i am am am not not so so tired tired of of it all all',
    ];
    let found = 0;
    for (const text of [...corpus.slice(0, 150), ...awkward]) {
      const tokens = tokenise(text, lexicon);
      const matches = index
        .matchAll(tokens)
        .map((match): [string, string, number, number] => [
          match.pattern.owner,
          match.pattern.source,
          match.first,
          match.last,
        ]);
      expect(matches).toEqual(referenceMatches(tokens));
      found += matches.length;
    }
    expect(found).toBeGreaterThan(150);
  });
});

describe('IntMap', () => {
  it('maps integers to integers, growing as it fills', () => {
    const map = new IntMap(2);
    for (let key = 0; key < 5000; key++) map.set(key * 7919, key);
    for (let key = 0; key < 5000; key++) expect(map.get(key * 7919)).toBe(key);
    expect(map.get(3)).toBe(-1);
    map.set(7919, 42);
    expect(map.get(7919)).toBe(42);
    expect(() => map.set(-1, 0)).toThrow(RangeError);
  });
});
