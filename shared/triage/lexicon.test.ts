import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import modelFile from './model/risk-model.json' with { type: 'json' };
import { PatternIndex } from './matcher.std.ts';
import { compilePattern } from './patterns.std.ts';
import { featureWords, parseRiskModel, riskProbability, scoreRisk } from './riskModel.std.ts';
import rules from './rules/triage-rules.json' with { type: 'json' };
import { Lexicon } from './lexicon.std.ts';
import { tokenise } from './tokenise.std.ts';

// The engine reads tokens by their lexicon ids; everything it finds must be what the
// same code finds reading the words themselves.
const expansions = new Map(Object.entries(rules.expansions as Record<string, string[]>));
const sets = new Map(Object.entries(rules.sets as Record<string, string[]>));
const patterns = rules.rules.flatMap((rule) =>
  rule.patterns.map((source) => compilePattern(source, sets, rule.id)),
);
const byText = new PatternIndex(patterns, { gapBarriers: new Set(rules.negation.cues) });
const byId = new PatternIndex(patterns, { gapBarriers: new Set(rules.negation.cues) });
const model = parseRiskModel(modelFile);
const lexicon = new Lexicon(expansions, [...byId.words(), ...featureWords(model)]);
byId.useLexicon(lexicon);

const corpus = readFileSync(new URL('../../data/triage/corpus-risk.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => (JSON.parse(line) as { text: string }).text);
const awkward = [
  "I CAN'T do this anymoooore… im not ok\n\nbye",
  'ﬁnished with it all 😭😭 £200 fee?? 30mg x2',
  "rock'n'roll y'all'd won't can't shan't",
  'İstanbul ǅ ß ① Ⅻ ｋｍｓ tonight',
  '',
];

const summary = (matches: ReturnType<PatternIndex<string>['matchAll']>) =>
  matches.map((match) => [match.pattern.owner, match.pattern.source, match.first, match.last]);

describe('tokens read by lexicon id', () => {
  it('are the same words, with the id of each word the lexicon holds', () => {
    for (const text of [...corpus, ...awkward]) {
      const plain = tokenise(text, expansions);
      const numbered = tokenise(text, lexicon);
      expect(numbered.words).toEqual(plain.words);
      expect([numbered.starts, numbered.ends, numbered.sentence, numbered.clause]).toEqual([
        plain.starts,
        plain.ends,
        plain.sentence,
        plain.clause,
      ]);
      numbered.words.forEach((word, at) => expect(numbered.ids[at]).toBe(lexicon.idOf(word)));
    }
  });

  it('match exactly the patterns the words match', () => {
    let found = 0;
    for (const text of [...corpus, ...awkward]) {
      const matches = summary(byId.matchAll(tokenise(text, lexicon)));
      expect(matches).toEqual(summary(byText.matchAll(tokenise(text, expansions))));
      found += matches.length;
    }
    expect(found).toBeGreaterThan(corpus.length);
  });

  it('give the risk model the same features, probability and evidence', () => {
    for (const text of [...corpus, ...awkward]) {
      const plain = scoreRisk(model, tokenise(text, expansions), text);
      const numbered = tokenise(text, lexicon);
      expect(scoreRisk(model, numbered, text)).toEqual(plain);
      expect(riskProbability(model, numbered)).toBe(plain.probability);
    }
  });

  it('refuses a lexicon that lacks a pattern word', () => {
    const index = new PatternIndex(patterns);
    expect(() => index.useLexicon(new Lexicon(expansions))).toThrow(/lacks a word/);
  });
});
