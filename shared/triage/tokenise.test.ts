import { describe, expect, it } from 'vitest';
import { Lexicon } from './lexicon.std.ts';
import rules from './rules/triage-rules.json' with { type: 'json' };
import { TokenBuffer, tokenise } from './tokenise.std.ts';

const expansions = new Map(Object.entries(rules.expansions as Record<string, string[]>));

/** Words with the span each covers, "word@start-end", for compact expectations. */
const spans = (text: string) => {
  const tokens = tokenise(text, expansions);
  return tokens.words.map((word, at) => `${word}@${tokens.starts[at]}-${tokens.ends[at]}`);
};

describe('tokenise', () => {
  it('folds case, accents and compatibility forms in place', () => {
    expect(spans('Crème brûlée shifts at the CAFÉ')).toEqual([
      'creme@0-5',
      'brulee@6-12',
      'shifts@13-19',
      'at@20-22',
      'the@23-26',
      'cafe@27-31',
    ]);
    // Full-width letters fold to an SMS spelling the rules expand.
    expect(spans('ｋｍｓ tonight')).toEqual(['kill@0-3', 'myself@0-3', 'tonight@4-11']);
    // A capital sigma lower-cases by its place in the word.
    expect(tokenise('ΣΑΣ', expansions).words).toEqual(['σας']);
  });

  it('reads characters that fold wider or narrower one by one, keeping offsets into the text', () => {
    expect(spans('ﬁnished it')).toEqual(['finished@0-7', 'it@8-10']);
    expect(spans('İstanbul kill')).toEqual(['istanbul@0-8', 'kill@9-13']);
    // A lone surrogate is read with the unit after it, as it always was.
    expect(spans('a\ud83db c')).toEqual(['a@0-1', 'c@4-5']);
  });

  it('splits contractions, expands the irregular ones and keeps other apostrophes', () => {
    expect(spans("I'm sure I'd go, I've said wouldn't")).toEqual([
      'i@0-3',
      'am@0-3',
      'sure@4-8',
      'i@9-12',
      'would@9-12',
      'go@13-15',
      'i@17-21',
      'have@17-21',
      'said@22-26',
      'would@27-35',
      'not@27-35',
    ]);
    expect(tokenise("can't won't y'all'd rock'n'roll no' don`t", expansions).words).toEqual([
      'can',
      'not',
      'will',
      'not',
      "y'all",
      'would',
      "rock'n'roll",
      'no',
      'do',
      'not',
    ]);
  });

  it('collapses letters repeated three times, splits numbers from units, keeps currency and emoji', () => {
    expect(tokenise('pleaseee sooo goood', expansions).words).toEqual(['please', 'so', 'god']);
    expect(tokenise('30mg 2x £200 $5', expansions).words).toEqual([
      '30',
      'mg',
      '2',
      'x',
      '£',
      '200',
      '$',
      '5',
    ]);
    expect(spans('ok thanks 👍🏽😭')).toEqual(['ok@0-2', 'thanks@3-9', '👍@10-12', '😭@14-16']);
  });

  it('numbers sentences and clauses: a line break is a pause, a blank line an ending', () => {
    const tokens = tokenise('bridge the tall one\nim here\n\nsorry. is it ok? yes…', expansions);
    expect(tokens.words).toEqual([
      'bridge',
      'the',
      'tall',
      'one',
      'i',
      'am',
      'here',
      'sorry',
      'is',
      'it',
      'ok',
      '?',
      'yes',
    ]);
    expect(tokens.sentence).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 3]);
    expect(tokens.clause).toEqual([0, 0, 0, 0, 1, 1, 1, 3, 4, 4, 4, 4, 5]);
  });

  it('gives each word its lexicon id, and a buffer reused for another message keeps nothing of the last', () => {
    const lexicon = new Lexicon(expansions, ['tonight', 'sertraline']);
    const buffer = new TokenBuffer(lexicon);
    buffer.read('I took 30 Sertraline tonight, unknownword', lexicon);
    const first = buffer.toTokens();
    expect(first.words).toEqual(['i', 'took', '30', 'sertraline', 'tonight', 'unknownword']);
    first.words.forEach((word, at) => expect(first.ids[at]).toBe(lexicon.idOf(word)));
    expect(first.ids.at(-1)).toBe(-1);
    buffer.read('ok', lexicon);
    expect(buffer.toTokens().words).toEqual(['ok']);
    buffer.read('I took 30 Sertraline tonight, unknownword', lexicon);
    expect(buffer.toTokens()).toEqual(first);
  });

  it('reads a long text in time proportional to its length', () => {
    const unit = 'Crème brûlée shifts are ending, I cannot sleep 😭 and I am so tired? ';
    const lexicon = new Lexicon(expansions);
    const buffer = new TokenBuffer(lexicon);
    const time = (repeats: number) => {
      const text = unit.repeat(repeats);
      let fastest = Infinity;
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        buffer.read(text, lexicon);
        fastest = Math.min(fastest, performance.now() - start);
      }
      return fastest;
    };
    time(200);
    const small = time(200);
    const large = time(1600);
    expect(buffer.count).toBeGreaterThan(1600 * 15);
    // Eight times the text should cost about eight times as much; quadratic would be 64.
    expect(large / small).toBeLessThan(24);
  });
});
