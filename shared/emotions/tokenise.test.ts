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
});
