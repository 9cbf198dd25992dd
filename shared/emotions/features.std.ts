import { tokenise } from './tokenise.std.ts';

/** How text becomes features; stored in the model file so inference matches training. */
export interface FeatureSettings {
  /** Words after a negator ("not", "never", "didn't") within this many tokens get a "not_" prefix; 0 turns it off. */
  negationScope: number;
  /** Adjacent token pairs within a clause ("thank you", "not sure") as features too. */
  bigrams: boolean;
  /** Lengths of the character n-grams taken inside each word ("<love>" gives "#<lo", "#lov", ...); none when empty. */
  charNgrams?: readonly number[] | undefined;
  /** The value of a character n-gram feature, relative to 1 for every other feature. */
  charWeight?: number | undefined;
  /** Character n-grams of a negated word are features of their own ("!#lov"). */
  negatedCharNgrams?: boolean | undefined;
  /** Word shape: a word in capitals ("__caps"), a word with a letter drawn out ("__elong"). */
  shape?: boolean | undefined;
  /** The text's length in tokens, in five buckets ("__len1" .. "__len5"). */
  lengthBuckets?: boolean | undefined;
}

/**
 * One feature where it occurs. `unit` is the word or phrase the feature is credited to in
 * explanations: a word or bigram is its own unit; a character n-gram or a shape feature
 * belongs to the word it came from (its unigram feature, "not_" included); the length
 * bucket belongs to no span and has no unit.
 */
export interface FeatureOccurrence {
  feature: string;
  start: number;
  end: number;
  /** Feature value before the text's L2 normalisation. */
  value: number;
  unit: string | undefined;
}

export const NEGATION_PREFIX = 'not_';
export const CHAR_PREFIX = '#';
export const NEGATED_CHAR_PREFIX = '!#';

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'neither',
  'nor',
  'cannot',
  'without',
  'dont',
  'cant',
  'wont',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'couldnt',
  'shouldnt',
  'wouldnt',
  'havent',
  'hasnt',
  'aint',
]);

/** Tokens that are words (letters, digits, marks), not emoji, emoticons, masks or "!?" runs. */
const WORD_START = /^[\p{L}\p{N}\p{M}]/u;
const HAS_UPPER = /\p{Lu}/u;
const TWO_LETTERS = /\p{L}\p{M}*\p{L}/u;
const DRAWN_OUT = /(\p{L})\1{2,}/u;
/** Code points outside the Basic Multilingual Plane need Array.from to be cut whole. */
const ASTRAL = /[\uD800-\uDFFF]/;

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

function lengthBucket(tokenCount: number): string {
  if (tokenCount <= 3) return '__len1';
  if (tokenCount <= 7) return '__len2';
  if (tokenCount <= 15) return '__len3';
  if (tokenCount <= 30) return '__len4';
  return '__len5';
}

/**
 * Character n-gram features of a word: n-grams of "<word>" for each length, except the whole
 * padded word (the unigram already covers it), each with `prefix` ("#", or "!#" when negated).
 */
export function charNgramFeatures(word: string, prefix: string, lengths: readonly number[]): string[] {
  const padded = `<${word}>`;
  const chars = ASTRAL.test(padded) ? Array.from(padded) : undefined;
  const length = chars === undefined ? padded.length : chars.length;
  const grams: string[] = [];
  for (const n of lengths) {
    if (n >= length) continue;
    for (let s = 0; s + n <= length; s++) {
      grams.push(prefix + (chars === undefined ? padded.slice(s, s + n) : chars.slice(s, s + n).join('')));
    }
  }
  return grams;
}

/** Receives a text's features in order; scoring and training both walk a text through this. */
export interface FeatureVisitor {
  /** A word, bigram, shape or length feature (value 1). */
  feature(feature: string, start: number, end: number, unit: string | undefined): void;
  /**
   * A word whose character n-grams are features: charNgramFeatures(word, prefix, settings.charNgrams),
   * each of value settings.charWeight, credited to `unit`.
   */
  charNgrams(word: string, prefix: string, start: number, end: number, unit: string): void;
}

export function visitFeatures(text: string, settings: FeatureSettings, visitor: FeatureVisitor): void {
  const tokens = tokenise(text);
  const withCharNgrams = (settings.charNgrams ?? []).length > 0;
  let negatedLeft = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) continue;
    if (token.startsClause) negatedLeft = 0;
    const negated = negatedLeft > 0;
    const unigram = negated ? NEGATION_PREFIX + token.text : token.text;
    const { start, end } = token;
    visitor.feature(unigram, start, end, unigram);
    if ((withCharNgrams || settings.shape === true) && WORD_START.test(token.text)) {
      if (withCharNgrams) {
        const prefix = negated && settings.negatedCharNgrams === true ? NEGATED_CHAR_PREFIX : CHAR_PREFIX;
        visitor.charNgrams(token.text, prefix, start, end, unigram);
      }
      if (settings.shape === true) {
        const raw = text.slice(start, end);
        if (HAS_UPPER.test(raw) && raw === raw.toUpperCase() && TWO_LETTERS.test(raw)) {
          visitor.feature('__caps', start, end, unigram);
        }
        if (DRAWN_OUT.test(raw)) visitor.feature('__elong', start, end, unigram);
      }
    }
    negatedLeft = isNegator(token.text) ? settings.negationScope : Math.max(0, negatedLeft - 1);
    const previous = tokens[i - 1];
    if (settings.bigrams && previous !== undefined && !token.startsClause) {
      const bigram = `${previous.text} ${token.text}`;
      visitor.feature(bigram, previous.start, end, bigram);
    }
  }
  if (settings.lengthBuckets === true) visitor.feature(lengthBucket(tokens.length), 0, 0, undefined);
}

/** Every feature occurrence of a text, character n-grams spelled out (training uses this). */
export function featureOccurrences(text: string, settings: FeatureSettings): FeatureOccurrence[] {
  const occurrences: FeatureOccurrence[] = [];
  const lengths = settings.charNgrams ?? [];
  const charWeight = settings.charWeight ?? 1;
  visitFeatures(text, settings, {
    feature(feature, start, end, unit) {
      occurrences.push({ feature, start, end, value: 1, unit });
    },
    charNgrams(word, prefix, start, end, unit) {
      for (const feature of charNgramFeatures(word, prefix, lengths)) {
        occurrences.push({ feature, start, end, value: charWeight, unit });
      }
    },
  });
  return occurrences;
}
