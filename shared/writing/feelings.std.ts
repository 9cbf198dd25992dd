/**
 * Plain words for feelings: what the reply prompts offer for each GoEmotions label and
 * Ekman group, and the vocabulary the draft coach looks for when it asks "is the client's
 * feeling named?". Everyday words, several per feeling, so replies do not all sound alike.
 */
import type { Sentiment } from '../emotions/emotionModel.std.ts';
import { SENTIMENT_MEMBERS } from '../emotions/sentimentGroups.std.ts';

/** What the writing tools need from an emotion analysis (the `writing.analyse` answer). */
export interface EmotionReading {
  labels: readonly string[];
  scores: Readonly<Record<string, number>>;
  ekman: readonly string[];
  sentiment: Sentiment;
  evidence: readonly { start: number; end: number; text: string; label: string; weight: number }[];
}

/** Each reads after "you're feeling …" or "you seem …". */
export const FEELING_PHRASES: Readonly<Record<string, readonly string[]>> = {
  admiration: ['impressed', 'full of respect for them', 'inspired'],
  amusement: ['amused', 'able to see the funny side', 'entertained by it all'],
  anger: ['angry', 'furious', 'really fed up'],
  annoyance: ['frustrated', 'irritated', 'worn down by it'],
  approval: ['reassured', 'comfortable with how things went', 'positive about it'],
  caring: ['protective of the people you care about', 'concerned for others', 'caring'],
  confusion: ['confused', 'unsure which way to turn', 'pulled in different directions'],
  curiosity: ['curious', 'keen to find out more', 'interested in what comes next'],
  desire: ['eager for a change', 'longing for something different', 'keen to move on'],
  disappointment: ['disappointed', 'let down', 'deflated'],
  disapproval: ['unhappy with how this was handled', 'that this was not fair', 'critical of how it went'],
  disgust: ['disgusted', 'sickened by it', 'appalled'],
  embarrassment: ['embarrassed', 'exposed', 'awkward about it'],
  excitement: ['excited', 'buzzing', 'full of energy about it'],
  fear: ['frightened', 'scared', 'afraid of what might happen'],
  gratitude: ['grateful', 'thankful', 'appreciative'],
  grief: ['heartbroken', 'grieving', 'full of loss'],
  joy: ['happy', 'delighted', 'glad'],
  love: ['full of love', 'deeply attached', 'warm towards them'],
  nervousness: ['anxious', 'on edge', 'worried'],
  optimism: ['hopeful', 'optimistic', 'that things could turn a corner'],
  pride: ['proud', 'pleased with yourself, and rightly so', 'a sense of achievement'],
  realization: ['that something has just clicked', 'clearer about it', 'that you see it differently now'],
  relief: ['relieved', 'a weight has lifted', 'lighter'],
  remorse: ['guilty', 'sorry about it', 'full of regret'],
  sadness: ['sad', 'low', 'heavy-hearted'],
  surprise: ['surprised', 'caught off guard', 'taken aback'],
};

/** When the labels say neutral but an Ekman group does not. */
export const EKMAN_PHRASES: Readonly<Record<string, readonly string[]>> = {
  anger: ['angry', 'frustrated', 'fed up'],
  disgust: ['disgusted', 'appalled', 'sickened by it'],
  fear: ['worried', 'anxious', 'scared'],
  joy: ['pleased', 'glad', 'happy'],
  sadness: ['low', 'sad', 'down'],
  surprise: ['surprised', 'thrown', 'caught off guard'],
};

/**
 * Words that name a feeling, for the coach. Stems match their inflections
 * ("worr" → worried, worrying): each entry is matched at the start of a word.
 */
const FEELING_STEMS = [
  'afraid',
  'alone',
  'anger',
  'angry',
  'anguish',
  'annoy',
  'anxi',
  'apprehensi',
  'ashamed',
  'awkward',
  'betray',
  'bewilder',
  'bitter',
  'cheerful',
  'concern',
  'confus',
  'crushed',
  'dejected',
  'delight',
  'depress',
  'despair',
  'desperat',
  'devastat',
  'disappoint',
  'discourag',
  'disgust',
  'dismay',
  'distress',
  'drained',
  'dread',
  'eager',
  'embarrass',
  'excit',
  'exhaust',
  'fed up',
  'fear',
  'frighten',
  'frustrat',
  'furious',
  'glad',
  'grate',
  'grief',
  'griev',
  'guilt',
  'happi',
  'happy',
  'heartbr',
  'helpless',
  'hopeful',
  'hopeless',
  'hurt',
  'insecur',
  'irritat',
  'isolat',
  'jealous',
  'let down',
  'lonel',
  'miserab',
  'nervous',
  'on edge',
  'overwhelm',
  'panic',
  'pressur',
  'proud',
  'pride',
  'regret',
  'relie',
  'resent',
  'sad',
  'scared',
  'shame',
  'shock',
  'sorrow',
  'stress',
  'stuck',
  'tense',
  'terrif',
  'thankful',
  'thrill',
  'tired',
  'trapped',
  'uncertain',
  'uneas',
  'unhappy',
  'unsettl',
  'unsure',
  'upset',
  'weary',
  'worr',
] as const;

const FEELING_PATTERN = new RegExp(
  `\\b(?:${FEELING_STEMS.map((stem) => stem.replace(/ /g, '\\s+')).join('|')})[\\p{L}'’-]*`,
  'giu',
);

/** Words that are feelings only after a feeling verb ("you sound low", not "low-paid"). */
const CONTEXT_FEELING_PATTERN =
  /\b(?:feel|feels|feeling|felt|seem|seems|seemed|sound|sounds|sounded|are|you're|youre|be|been|is|so|very|quite|really)\s+(?:(?:so|very|quite|really|a bit|a little|pretty)\s+)?(down|low|lost|blue|heavy|mad|calm|content|flat|worn out)\b/giu;

/** "I'm glad", "I feel sad": the writer's own feeling, not the reader's. */
const SELF_BEFORE =
  /\b(?:i'm|i’m|i\s+am|i\s+was|i\s+feel|i\s+felt|we're|we’re|we\s+are)\s+(?:(?:so|very|really|quite|truly|a\s+bit|a\s+little)\s+)?$/i;

/** The feeling words a text attributes to its reader: the writer's own ("I'm glad") left out. */
export function feelingWordsForReader(text: string): string[] {
  const found: string[] = [];
  for (const { at, word } of locateFeelingWords(text)) {
    if (!SELF_BEFORE.test(text.slice(Math.max(0, at - 30), at))) found.push(word);
  }
  return found;
}

/** The feeling words in a text, as written, in order of position. */
export function feelingWords(text: string): string[] {
  return locateFeelingWords(text).map(({ word }) => word);
}

function locateFeelingWords(text: string): { at: number; word: string }[] {
  const found: { at: number; word: string }[] = [];
  for (const match of text.matchAll(FEELING_PATTERN)) found.push({ at: match.index ?? 0, word: match[0] });
  for (const match of text.matchAll(CONTEXT_FEELING_PATTERN)) {
    const word = match[1] ?? '';
    found.push({ at: (match.index ?? 0) + match[0].length - word.length, word });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** GoEmotions labels of positive sentiment, as in the dataset's sentiment mapping. */
export const POSITIVE_LABELS: ReadonlySet<string> = new Set(SENTIMENT_MEMBERS.positive);

/** The non-neutral labels of a reading, most probable first; positive ones left out when `withoutPositive`. */
export function strongestLabels(
  reading: EmotionReading | null,
  limit: number,
  withoutPositive = false,
): string[] {
  if (reading === null) return [];
  return reading.labels
    .filter((label) => label !== 'neutral' && FEELING_PHRASES[label] !== undefined)
    .filter((label) => !withoutPositive || !POSITIVE_LABELS.has(label))
    .sort((a, b) => (reading.scores[b] ?? 0) - (reading.scores[a] ?? 0) || (a < b ? -1 : 1))
    .slice(0, limit);
}

/** Ekman groups other than neutral; joy left out when `withoutPositive`. */
export function feltGroups(reading: EmotionReading | null, withoutPositive = false): string[] {
  if (reading === null) return [];
  return reading.ekman.filter((group) => group !== 'neutral' && (!withoutPositive || group !== 'joy'));
}

/** Negative feelings to the reader: sadness, fear, anger, disgust, or a negative sentiment. */
export function soundsDistressed(reading: EmotionReading | null): boolean {
  if (reading === null) return false;
  return (
    reading.sentiment === 'negative' ||
    reading.ekman.some((group) => ['sadness', 'fear', 'anger', 'disgust'].includes(group))
  );
}

/** No feeling detected at all: neutral labels, groups and sentiment. */
export function soundsNeutral(reading: EmotionReading | null): boolean {
  if (reading === null) return true;
  return strongestLabels(reading, 1).length === 0 && feltGroups(reading).length === 0;
}
