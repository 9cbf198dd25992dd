/**
 * Plain-text measures the reply prompts and the draft coach share: sentences with their
 * offsets, words, syllables and a reading grade. Heuristics for English; pure.
 */

export interface Sentence {
  text: string;
  /** Offsets into the original text (UTF-16 code units, as String.prototype.slice counts). */
  start: number;
  end: number;
}

/**
 * Sentences: runs of text ending in . ! ? … (and any closing quotes or brackets after them)
 * or a line break. Leading and trailing space is trimmed; empty pieces are dropped.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const pattern = /(?:[^\n.!?…]|\.(?=\p{L}))*(?:[.!?…]+["'”’)\]]*|\n|$)/gu;
  for (const match of text.matchAll(pattern)) {
    const raw = match[0];
    if (raw.length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '' || !/\p{L}|\p{N}/u.test(trimmed)) continue;
    const start = (match.index ?? 0) + leading;
    sentences.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return mergeAbbreviations(sentences, text);
}

/** "e.g." and "Dr." do not end a sentence: glue a piece to the next when it ends in one. */
const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|dr|mr|mrs|ms|st|vs|approx|no)\.$/i;

function mergeAbbreviations(sentences: Sentence[], text: string): Sentence[] {
  const merged: Sentence[] = [];
  for (const sentence of sentences) {
    const previous = merged.at(-1);
    if (previous !== undefined && ABBREVIATIONS.test(previous.text)) {
      previous.end = sentence.end;
      previous.text = text.slice(previous.start, previous.end);
    } else {
      merged.push({ ...sentence });
    }
  }
  return merged;
}

/** Words: letters with inner apostrophes or hyphens, or numbers. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Syllables in an English word, by vowel groups with the usual corrections; at least 1. */
export function syllables(word: string): number {
  const lower = word.toLowerCase().replace(/[^a-z]/g, '');
  if (lower.length === 0) return 1;
  if (lower.length <= 3) return 1;
  const trimmed = lower.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 0;
  return Math.max(1, groups);
}

export interface ReadingMeasures {
  words: number;
  sentences: number;
  /** Words per sentence. */
  averageSentenceLength: number;
  /** Share of words with three or more syllables. */
  longWordShare: number;
  /** Flesch–Kincaid grade level (US school grade; about 8 suits a general adult reader). */
  grade: number;
}

export function readingMeasures(text: string): ReadingMeasures {
  const sentenceCount = Math.max(1, splitSentences(text).length);
  const allWords = words(text);
  const wordCount = allWords.length;
  if (wordCount === 0) {
    return { words: 0, sentences: 0, averageSentenceLength: 0, longWordShare: 0, grade: 0 };
  }
  let syllableCount = 0;
  let longWords = 0;
  for (const word of allWords) {
    const count = syllables(word);
    syllableCount += count;
    if (count >= 3) longWords++;
  }
  const averageSentenceLength = wordCount / sentenceCount;
  const grade = 0.39 * averageSentenceLength + 11.8 * (syllableCount / wordCount) - 15.59;
  return {
    words: wordCount,
    sentences: sentenceCount,
    averageSentenceLength: round1(averageSentenceLength),
    longWordShare: Math.round((longWords / wordCount) * 100) / 100,
    grade: round1(Math.max(0, grade)),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** FNV-1a: a small, stable hash, so a message always gets the same choice of wording. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One item of a list, chosen by a seed and a salt: the same inputs always give the same item. */
export function pick<T>(items: readonly T[], seed: number, salt: string): T {
  if (items.length === 0) throw new Error('pick needs at least one item');
  const index = stableHash(`${seed}:${salt}`) % items.length;
  return items[index] as T;
}
