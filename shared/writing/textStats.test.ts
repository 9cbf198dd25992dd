import { describe, expect, it } from 'vitest';
import { pick, readingMeasures, splitSentences, stableHash, syllables, words } from './textStats.std.ts';

describe('splitSentences', () => {
  it('splits on end punctuation and line breaks, with offsets into the text', () => {
    const text = 'Hi there. Are you OK?\nI hope so!  e.g. this stays.';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Hi there.',
      'Are you OK?',
      'I hope so!',
      'e.g. this stays.',
    ]);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });
  it('keeps a last sentence without punctuation and drops empty ones', () => {
    expect(splitSentences('one... two').map((s) => s.text)).toEqual(['one...', 'two']);
    expect(splitSentences('  \n ?! ')).toEqual([]);
  });
});

describe('reading measures', () => {
  it('counts words and syllables', () => {
    expect(words("I'm well-read, aren't I? 42")).toEqual(["I'm", 'well-read', "aren't", 'I', '42']);
    expect(syllables('cat')).toBe(1);
    expect(syllables('table')).toBe(2);
    expect(syllables('opportunity')).toBe(5);
  });
  it('grades long words in long sentences higher than short ones', () => {
    const easy = readingMeasures('I am here. We can talk. What helps you?');
    const hard = readingMeasures(
      'Comprehensive consideration of organisational opportunities necessitates considerable deliberation regarding institutional expectations.',
    );
    expect(hard.grade).toBeGreaterThan(easy.grade + 8);
    expect(readingMeasures('').words).toBe(0);
  });
});

describe('stable choices', () => {
  it('hash and pick are deterministic', () => {
    expect(stableHash('hello')).toBe(stableHash('hello'));
    expect(stableHash('hello')).not.toBe(stableHash('hellp'));
    expect(pick(['a', 'b', 'c'], 7, 'x')).toBe(pick(['a', 'b', 'c'], 7, 'x'));
  });
});
