/**
 * A learned second opinion beside the triage rules: logistic regression over the words
 * and word pairs of a message, giving P(crisis or urgent) and, from a second head,
 * P(crisis). It reads the same tokens the engine does (shared/triage/tokenise.std.ts with
 * the rules' expansions), so its evidence spans point into the original text.
 *
 * The model file (shared/triage/model/risk-model.json) is written by
 * scripts/train-triage-model.node.ts; risk-model-metrics.json beside it says how well it
 * does on a writer it has not seen. Pure code: no Node or DOM APIs.
 */
import { z } from 'zod';
import { IntMap } from './intMap.std.ts';
import type { Expansions, Lexicon } from './lexicon.std.ts';
import type { TokenBuffer, Tokens } from './tokenise.std.ts';

export const RISK_MODEL_FORMAT_VERSION = 1;

/** Words after a negation cue, within its clause, are distinct features: "not_safe". */
export const NEGATED_PREFIX = 'not_';

const featureSettingsSchema = z.object({
  /** Adjacent word pairs within a clause ("end it", "kill myself") as features too. */
  bigrams: z.boolean(),
  negation: z.object({
    cues: z.array(z.string().min(1)),
    /** How many following words in the clause a cue marks; 0 turns marking off. */
    scope: z.number().int().min(0),
  }),
  /** "l2": each present feature counts 1/sqrt(number of distinct features); "none": 1. */
  normalise: z.enum(['l2', 'none']),
});
export type RiskFeatureSettings = z.infer<typeof featureSettingsSchema>;

const headSchema = z.object({
  bias: z.number(),
  /** One weight (log-odds) per vocabulary entry. */
  weights: z.array(z.number()),
  /** Flag when the probability reaches this, chosen by cross-validation across writers. */
  threshold: z.number().min(0).max(1),
  /**
   * Other thresholds on the same trade-off: each reached `recall` of crisis+urgent (or
   * crisis) on writers held out in turn. Stricter ones flag fewer hard negatives.
   */
  operatingPoints: z.array(
    z.object({ recall: z.number().min(0).max(1), threshold: z.number().min(0).max(1) }),
  ),
});

const riskModelFileSchema = z.object({
  formatVersion: z.literal(RISK_MODEL_FORMAT_VERSION),
  modelVersion: z.string().min(1),
  features: featureSettingsSchema,
  /** Fingerprint of the rules' expansions the model was trained with (see expansionsFingerprint). */
  expansionsFingerprint: z.string(),
  vocabulary: z.array(z.string().min(1)),
  heads: z.object({
    /** P(the message is crisis or urgent). */
    risk: headSchema,
    /** P(the message is crisis). */
    crisis: headSchema.optional(),
  }),
  training: z.record(z.string(), z.unknown()),
});
export type RiskModelFile = z.infer<typeof riskModelFileSchema>;

export interface RiskHead {
  bias: number;
  weights: Float64Array;
  threshold: number;
  operatingPoints: readonly { recall: number; threshold: number }[];
}

export interface RiskModel {
  modelVersion: string;
  features: RiskFeatureSettings;
  expansionsFingerprint: string;
  vocabulary: readonly string[];
  /** Feature text -> index into each head's weights. */
  rows: ReadonlyMap<string, number>;
  risk: RiskHead;
  crisis: RiskHead | null;
}

export interface RiskEvidence {
  start: number;
  end: number;
  text: string;
  /** The normalised feature: a word, "not_" + word, or two words joined by a space. */
  feature: string;
  /** The feature's contribution to the log-odds of crisis or urgent. */
  weight: number;
}

export interface RiskScore {
  /** P(crisis or urgent), 0..1. */
  probability: number;
  /** P(crisis), when the model has that head. */
  crisisProbability?: number;
  /** Whether probability reached the model's chosen threshold. */
  flagged: boolean;
  /** Whether crisisProbability reached the crisis head's threshold (false without that head). */
  crisisFlagged: boolean;
  /** The features that pushed the probability up most, strongest first. */
  evidence: RiskEvidence[];
}

export class RiskModelError extends Error {
  override name = 'RiskModelError';
}

/** Validates a parsed model file and decodes it for scoring; throws RiskModelError if it does not fit. */
export function parseRiskModel(json: unknown): RiskModel {
  const parsed = riskModelFileSchema.safeParse(json);
  if (!parsed.success) throw new RiskModelError(`Invalid risk model file: ${parsed.error.message}`);
  const file = parsed.data;
  const rows = new Map<string, number>();
  file.vocabulary.forEach((feature, row) => rows.set(feature, row));
  if (rows.size !== file.vocabulary.length) throw new RiskModelError('The vocabulary has duplicates.');
  const decodeHead = (name: string, head: RiskModelFile['heads']['risk']): RiskHead => {
    if (head.weights.length !== file.vocabulary.length)
      throw new RiskModelError(`The ${name} head needs one weight per vocabulary entry.`);
    return {
      bias: head.bias,
      weights: Float64Array.from(head.weights),
      threshold: head.threshold,
      operatingPoints: head.operatingPoints,
    };
  };
  return {
    modelVersion: file.modelVersion,
    features: file.features,
    expansionsFingerprint: file.expansionsFingerprint,
    vocabulary: file.vocabulary,
    rows,
    risk: decodeHead('risk', file.heads.risk),
    crisis: file.heads.crisis === undefined ? null : decodeHead('crisis', file.heads.crisis),
  };
}

/**
 * Calls visit(feature, first, last) for every feature occurrence, last inclusive, in
 * token order. Training and scoring both go through here, so they cannot drift apart.
 */
export function forEachFeature(
  tokens: Tokens,
  settings: RiskFeatureSettings,
  visit: (feature: string, first: number, last: number) => void,
): void {
  const cues = new Set(settings.negation.cues);
  const { words, clause } = tokens;
  let negatedLeft = 0;
  for (let i = 0; i < tokens.count; i++) {
    const word = words[i] as string;
    const sameClause = i > 0 && clause[i - 1] === clause[i];
    if (!sameClause) negatedLeft = 0;
    visit(negatedLeft > 0 ? NEGATED_PREFIX + word : word, i, i);
    negatedLeft = cues.has(word) ? settings.negation.scope : Math.max(0, negatedLeft - 1);
    // Pairs stay within a clause: "pills, tonight" is two thoughts.
    if (settings.bigrams && sameClause) visit(`${words[i - 1] as string} ${word}`, i - 1, i);
  }
}

const SPANS_PER_FEATURE = 3;
const EVIDENCE_FEATURES = 6;
/** Contributions under this share of the strongest one ("i", "the") are noise to a reader. */
const EVIDENCE_MIN_SHARE = 0.15;

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The model's vocabulary arranged for scoring, built once per model: a negated word and a
 * word pair are found without building their feature text, and each message's features
 * are counted in arrays the model keeps rather than in a new map.
 */
interface FeatureLookup {
  features: RiskFeatureSettings;
  cues: ReadonlySet<string>;
  /** "not_" + word -> row, by word. */
  negated: ReadonlyMap<string, number>;
  /** first + " " + second -> row, by first, then second (split at every space). */
  pairs: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Per row: the message it was last seen in, and its place among that message's features. */
  seenIn: Int32Array;
  place: Int32Array;
  message: number;
  /** The same, by the ids of a lexicon that holds every word of featureWords(). */
  byId: WeakMap<Lexicon, IdLookup | null>;
}

interface IdLookup {
  /** Per id: its row as a word, as a negated word ("not_" + word), and whether it is a cue; -1 for none. */
  word: Int32Array;
  negated: Int32Array;
  cue: Uint8Array;
  /** first id * lexicon size + second id -> row (-1: none). */
  pairs: IntMap;
  /** Per id: 1 when some pair feature starts with it, so other words are not looked up as pairs. */
  startsPair: Uint8Array;
  size: number;
}

/** Every word the model's features are made of, and its negation cues. */
export function featureWords(model: RiskModel): string[] {
  const words = new Set<string>(model.features.negation.cues);
  for (const feature of model.rows.keys()) {
    // A pair or a negated word is never one token (tokens have no spaces or underscores),
    // unless an expansion makes it one: the lexicon holds every expansion anyway.
    if (feature.startsWith(NEGATED_PREFIX)) words.add(feature.slice(NEGATED_PREFIX.length));
    else if (!feature.includes(' ')) words.add(feature);
    for (let space = feature.indexOf(' '); space >= 0; space = feature.indexOf(' ', space + 1)) {
      words.add(feature.slice(0, space));
      words.add(feature.slice(space + 1));
    }
  }
  return [...words];
}

function idLookup(model: RiskModel, lookup: FeatureLookup, lexicon: Lexicon): IdLookup | null {
  let byId = lookup.byId.get(lexicon);
  if (byId !== undefined) return byId;
  byId = null;
  // Pairs of ids are keyed by one 31-bit number, which a lexicon of up to 46,340 words allows.
  if (lexicon.size * lexicon.size <= 0x7fffffff && featureWords(model).every((word) => lexicon.has(word))) {
    const size = lexicon.size;
    const word = new Int32Array(size).fill(-1);
    const negated = new Int32Array(size).fill(-1);
    const cue = new Uint8Array(size);
    let pairCount = 0;
    for (const seconds of lookup.pairs.values()) pairCount += seconds.size;
    const pairs = new IntMap(pairCount);
    const startsPair = new Uint8Array(size);
    for (const [feature, row] of model.rows) {
      const id = lexicon.idOf(feature);
      if (id >= 0) word[id] = row;
      if (feature.startsWith(NEGATED_PREFIX))
        negated[lexicon.idOf(feature.slice(NEGATED_PREFIX.length))] = row;
    }
    for (const [first, seconds] of lookup.pairs) {
      for (const [second, row] of seconds) pairs.set(lexicon.idOf(first) * size + lexicon.idOf(second), row);
      startsPair[lexicon.idOf(first)] = 1;
    }
    for (const word of lookup.cues) cue[lexicon.idOf(word)] = 1;
    byId = { word, negated, cue, pairs, startsPair, size };
  }
  lookup.byId.set(lexicon, byId);
  return byId;
}

const lookups = new WeakMap<RiskModel, FeatureLookup>();

function featureLookup(model: RiskModel): FeatureLookup {
  let lookup = lookups.get(model);
  if (lookup !== undefined && lookup.features === model.features) return lookup;
  const negated = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  for (const [feature, row] of model.rows) {
    if (feature.startsWith(NEGATED_PREFIX)) negated.set(feature.slice(NEGATED_PREFIX.length), row);
    for (let space = feature.indexOf(' '); space >= 0; space = feature.indexOf(' ', space + 1)) {
      const first = feature.slice(0, space);
      let seconds = pairs.get(first);
      if (seconds === undefined) pairs.set(first, (seconds = new Map()));
      seconds.set(feature.slice(space + 1), row);
    }
  }
  lookup = {
    features: model.features,
    cues: new Set(model.features.negation.cues),
    negated,
    pairs,
    seenIn: new Int32Array(model.vocabulary.length),
    place: new Int32Array(model.vocabulary.length),
    message: 0,
    byId: new WeakMap(),
  };
  lookups.set(model, lookup);
  return lookup;
}

/** A message's known features, each once, in the order first seen, with its first spans. */
interface Occurrences {
  rows: number[];
  /** For the feature at each place: up to SPANS_PER_FEATURE (first, last) token pairs. */
  spans: number[][];
}

/** The same features forEachFeature visits, looked up without building their text. */
function occurrencesOf(model: RiskModel, tokens: Tokens, withSpans: boolean): Occurrences {
  const lookup = featureLookup(model);
  if (lookup.message >= 0x3fffffff) {
    lookup.message = 0;
    lookup.seenIn.fill(0);
  }
  const message = ++lookup.message;
  const { seenIn, place } = lookup;
  const found: Occurrences = { rows: [], spans: [] };
  const visit = (row: number | undefined, first: number, last: number) => {
    if (row === undefined) return;
    let at: number;
    if (seenIn[row] !== message) {
      seenIn[row] = message;
      at = found.rows.length;
      place[row] = at;
      found.rows.push(row);
      if (withSpans) found.spans.push([]);
    } else at = place[row] as number;
    if (withSpans) {
      const spans = found.spans[at] as number[];
      if (spans.length < SPANS_PER_FEATURE * 2) spans.push(first, last);
    }
  };
  const { words, clause } = tokens;
  const settings = model.features;
  let negatedLeft = 0;
  const byId = idLookup(model, lookup, tokens.lexicon);
  if (byId !== null) {
    // Every feature word is in the lexicon, so a word without an id is no feature.
    const { ids } = tokens;
    for (let i = 0; i < tokens.count; i++) {
      const id = ids[i] as number;
      const sameClause = i > 0 && clause[i - 1] === clause[i];
      if (!sameClause) negatedLeft = 0;
      if (id >= 0) {
        const row = (negatedLeft > 0 ? byId.negated[id] : byId.word[id]) as number;
        if (row >= 0) visit(row, i, i);
      }
      negatedLeft = id >= 0 && byId.cue[id] === 1 ? settings.negation.scope : Math.max(0, negatedLeft - 1);
      if (settings.bigrams && sameClause && id >= 0) {
        const previous = ids[i - 1] as number;
        if (previous >= 0) {
          const row = byId.pairs.get(previous * byId.size + id);
          if (row >= 0) visit(row, i - 1, i);
        }
      }
    }
    return found;
  }
  for (let i = 0; i < tokens.count; i++) {
    const word = words[i] as string;
    const sameClause = i > 0 && clause[i - 1] === clause[i];
    if (!sameClause) negatedLeft = 0;
    visit(negatedLeft > 0 ? lookup.negated.get(word) : model.rows.get(word), i, i);
    negatedLeft = lookup.cues.has(word) ? settings.negation.scope : Math.max(0, negatedLeft - 1);
    if (settings.bigrams && sameClause) visit(lookup.pairs.get(words[i - 1] as string)?.get(word), i - 1, i);
  }
  return found;
}

function logitOf(head: RiskHead, occurrences: Occurrences, value: number): number {
  let sum = 0;
  for (const row of occurrences.rows) sum += head.weights[row] as number;
  return head.bias + value * sum;
}

function featureValue(model: RiskModel, occurrences: Occurrences): number {
  return model.features.normalise === 'l2' && occurrences.rows.length > 0
    ? 1 / Math.sqrt(occurrences.rows.length)
    : 1;
}

/** P(crisis or urgent) alone, as scoreRisk gives it: what the engine needs for every message. */
export function riskProbability(model: RiskModel, tokens: Tokens): number {
  const occurrences = occurrencesOf(model, tokens, false);
  return sigmoid(logitOf(model.risk, occurrences, featureValue(model, occurrences)));
}

/**
 * riskProbability for tokens read into a buffer, in one pass over their ids: each feature
 * adds its weight the first time it is seen, in the order occurrencesOf lists them, so
 * the sum (and the probability) is the same to the last bit.
 */
export function riskProbabilityOfBuffer(model: RiskModel, tokens: TokenBuffer): number {
  const lookup = featureLookup(model);
  const byId = idLookup(model, lookup, tokens.lexicon);
  if (byId === null) return riskProbability(model, tokens.toTokens());
  if (lookup.message >= 0x3fffffff) {
    lookup.message = 0;
    lookup.seenIn.fill(0);
  }
  const message = ++lookup.message;
  const { seenIn } = lookup;
  const weights = model.risk.weights;
  const { ids, clause, count } = tokens;
  const { word, negated, cue, startsPair, pairs, size } = byId;
  const scope = model.features.negation.scope;
  const bigrams = model.features.bigrams;
  let sum = 0;
  let distinct = 0;
  let negatedLeft = 0;
  /** The token before, and its clause (-1 before the first). */
  let previous = -1;
  let previousClause = -1;
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    const tokenClause = clause[i] as number;
    const sameClause = previousClause === tokenClause;
    if (!sameClause) negatedLeft = 0;
    if (id >= 0) {
      const row = (negatedLeft > 0 ? negated[id] : word[id]) as number;
      if (row >= 0 && seenIn[row] !== message) {
        seenIn[row] = message;
        sum += weights[row] as number;
        distinct++;
      }
    }
    negatedLeft = id >= 0 && cue[id] === 1 ? scope : Math.max(0, negatedLeft - 1);
    if (bigrams && sameClause && id >= 0 && previous >= 0 && startsPair[previous] === 1) {
      const row = pairs.get(previous * size + id);
      if (row >= 0 && seenIn[row] !== message) {
        seenIn[row] = message;
        sum += weights[row] as number;
        distinct++;
      }
    }
    previous = id;
    previousClause = tokenClause;
  }
  const value = model.features.normalise === 'l2' && distinct > 0 ? 1 / Math.sqrt(distinct) : 1;
  return sigmoid(model.risk.bias + value * sum);
}

/**
 * Scores a message's tokens (from tokenise(text, the rules' expansions)). Each known
 * feature counts once however often it occurs. Linear in the length of the text: the
 * evidence is picked by a bounded insertion, never a sort of every feature.
 */
export function scoreRisk(model: RiskModel, tokens: Tokens, text: string): RiskScore {
  const occurrences = occurrencesOf(model, tokens, true);
  const value = featureValue(model, occurrences);
  const probability = sigmoid(logitOf(model.risk, occurrences, value));

  // The strongest positive contributions, kept sorted in a short array.
  const strongest: { row: number; weight: number; place: number }[] = [];
  occurrences.rows.forEach((row, place) => {
    const weight = value * (model.risk.weights[row] as number);
    if (weight <= 0) return;
    const last = strongest[strongest.length - 1];
    if (strongest.length === EVIDENCE_FEATURES && last !== undefined && !outranks(weight, row, last)) return;
    let at = strongest.length;
    while (at > 0 && outranks(weight, row, strongest[at - 1] as { row: number; weight: number })) at--;
    strongest.splice(at, 0, { row, weight, place });
    if (strongest.length > EVIDENCE_FEATURES) strongest.pop();
  });
  const floor = (strongest[0]?.weight ?? 0) * EVIDENCE_MIN_SHARE;
  const evidence: RiskEvidence[] = [];
  for (const { row, weight, place } of strongest) {
    if (weight < floor) break;
    const spans = occurrences.spans[place] ?? [];
    for (let k = 0; k + 1 < spans.length; k += 2) {
      const start = tokens.starts[spans[k] as number] as number;
      const end = tokens.ends[spans[k + 1] as number] as number;
      evidence.push({
        start,
        end,
        text: text.slice(start, end),
        feature: model.vocabulary[row] as string,
        weight: roundTo(weight, 3),
      });
    }
  }

  const score: RiskScore = {
    probability,
    flagged: probability >= model.risk.threshold,
    crisisFlagged: false,
    evidence,
  };
  if (model.crisis !== null) {
    score.crisisProbability = sigmoid(logitOf(model.crisis, occurrences, value));
    score.crisisFlagged = score.crisisProbability >= model.crisis.threshold;
  }
  return score;
}

/** Larger weight first; equal weights by vocabulary order, so evidence is stable. */
function outranks(weight: number, row: number, other: { row: number; weight: number }): boolean {
  return weight > other.weight || (weight === other.weight && row < other.row);
}

/**
 * A short fingerprint (FNV-1a, 32 bits) of the expansions table. The model's features
 * depend on it: when the rules change their expansions, the model must be retrained.
 */
export function expansionsFingerprint(expansions: Expansions): string {
  const lines = [...expansions].map(([from, to]) => `${from}=${to.join(' ')}`).sort();
  let hash = 0x811c9dc5;
  for (const line of lines) {
    for (let i = 0; i <= line.length; i++) {
      hash ^= i < line.length ? line.charCodeAt(i) : 10;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, '0');
}
