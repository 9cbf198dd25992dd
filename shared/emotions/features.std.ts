import { tokenise } from './tokenise.std.ts';

/** How text becomes features; stored in the model file so inference matches training. */
export interface FeatureSettings {
  /** Words after a negator ("not", "never", "didn't") within this many tokens get a "not_" prefix; 0 turns it off. */
  negationScope: number;
  /** Adjacent token pairs within a clause ("thank you", "not sure") as features too. */
  bigrams: boolean;
}

/** One feature where it occurs: a word (unigram) or two adjacent words (bigram, joined by a space). */
export interface FeatureOccurrence {
  feature: string;
  start: number;
  end: number;
}

export const NEGATION_PREFIX = 'not_';

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

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

export function featureOccurrences(text: string, settings: FeatureSettings): FeatureOccurrence[] {
  const tokens = tokenise(text);
  const occurrences: FeatureOccurrence[] = [];
  let negatedLeft = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) continue;
    if (token.startsClause) negatedLeft = 0;
    const negated = negatedLeft > 0;
    occurrences.push({
      feature: negated ? NEGATION_PREFIX + token.text : token.text,
      start: token.start,
      end: token.end,
    });
    negatedLeft = isNegator(token.text) ? settings.negationScope : Math.max(0, negatedLeft - 1);
    const previous = tokens[i - 1];
    if (settings.bigrams && previous !== undefined && !token.startsClause) {
      occurrences.push({ feature: `${previous.text} ${token.text}`, start: previous.start, end: token.end });
    }
  }
  return occurrences;
}
