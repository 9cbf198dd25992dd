import { describe, expect, it } from 'vitest';
import { featureOccurrences } from './features.std.ts';
import { tokenise } from './tokenise.std.ts';

describe('tokenise', () => {
  it('normalises each token but keeps offsets into the original text', () => {
    const text = 'I’M SOOOO Happy!!! ｆｉｎｅ';
    const tokens = tokenise(text);
    expect(tokens.map((token) => token.text)).toEqual(["i'm", 'soo', 'happy', '!!', 'fine']);
    expect(tokens.map((token) => text.slice(token.start, token.end))).toEqual([
      'I’M',
      'SOOOO',
      'Happy',
      '!!!',
      'ｆｉｎｅ',
    ]);
  });

  it('keeps emoji (without skin tone), emoticons and the dataset masks as tokens', () => {
    expect(tokenise('yes 👍🏽 :-) <3 [NAME] ❤️').map((token) => token.text)).toEqual([
      'yes',
      '👍',
      ':)',
      '<3',
      '[NAME]',
      '❤',
    ]);
  });

  it('does not read URLs as emoticons', () => {
    expect(tokenise('see http://example.com').map((token) => token.text)).toEqual([
      'see',
      'http',
      'example',
      'com',
    ]);
  });

  it('marks where clauses start', () => {
    const starts = tokenise('no, really! ok then').map((token) => token.startsClause);
    expect(starts).toEqual([true, true, false, true, false]);
  });

  it('handles empty text and unpaired surrogates', () => {
    expect(tokenise('')).toEqual([]);
    expect(tokenise('a\ud800b').map((token) => token.text)).toEqual(['a', 'b']);
  });
});

describe('featureOccurrences', () => {
  it('marks negated words within the scope and forms bigrams within clauses', () => {
    const features = featureOccurrences("I don't feel good. Good", { negationScope: 3, bigrams: true }).map(
      (occurrence) => occurrence.feature,
    );
    expect(features).toEqual([
      'i',
      "don't",
      "i don't",
      'not_feel',
      "don't feel",
      'not_good',
      'feel good',
      'good',
    ]);
  });

  it('gives bigram spans covering both words', () => {
    const text = 'thank   you';
    const bigram = featureOccurrences(text, { negationScope: 0, bigrams: true }).find(
      (occurrence) => occurrence.feature === 'thank you',
    );
    expect(bigram && text.slice(bigram.start, bigram.end)).toBe(text);
  });

  it('adds character n-grams, word shape and length, each credited to its word', () => {
    const text = 'I LOVE it, not good';
    const occurrences = featureOccurrences(text, {
      negationScope: 2,
      bigrams: false,
      charNgrams: [3],
      charWeight: 0.5,
      negatedCharNgrams: true,
      shape: true,
      lengthBuckets: true,
    });
    const of = (unit: string) =>
      occurrences.filter((occurrence) => occurrence.unit === unit).map((occurrence) => occurrence.feature);
    expect(of('love')).toEqual(['love', '#<lo', '#lov', '#ove', '#ve>', '__caps']);
    expect(of('i')).toEqual(['i']);
    expect(of('not_good')).toEqual(['not_good', '!#<go', '!#goo', '!#ood', '!#od>']);
    for (const occurrence of occurrences.filter((o) => o.unit === 'love')) {
      expect(text.slice(occurrence.start, occurrence.end)).toBe('LOVE');
      expect(occurrence.value).toBe(occurrence.feature.startsWith('#') ? 0.5 : 1);
    }
    expect(occurrences.at(-1)).toMatchObject({ feature: '__len2', unit: undefined });
  });
});
