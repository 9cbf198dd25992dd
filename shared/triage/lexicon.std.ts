/**
 * The words the triage engine knows, each numbered once: the rules' expansions ("im" ->
 * "i am"), the words that start a clause, and every word the patterns and the risk model
 * look up. The tokeniser finds a word's number from its code units as it reads them
 * (a hash of the folded units into an open-addressing table), without making a string;
 * everything after compares numbers, not text.
 */

export type Expansions = ReadonlyMap<string, readonly string[]>;

/** FNV-1a over UTF-16 code units: words are hashed as they are read, then found by number. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

function hashOf(word: string): number {
  let hash = HASH_SEED;
  for (let at = 0; at < word.length; at++) hash = Math.imul(hash ^ word.charCodeAt(at), HASH_PRIME);
  return hash;
}

/** Words that start a new clause, so a negation before them does not reach past them. */
export const CLAUSE_WORDS = new Set(['but', 'although', 'though', 'however', 'except', 'whereas', 'yet']);
/** Regular English contractions; irregular ones ("can't", "won't") are in the rules' table. */
export const CONTRACTION = /^(.+?)'(t|re|ve|ll|d|m|s)$/;
export const CONTRACTION_MEANINGS: Record<string, string | undefined> = {
  t: undefined,
  re: 'are',
  ve: 'have',
  ll: 'will',
  d: 'would',
  m: 'am',
  s: undefined,
};
/**
 * The words tokenising needs to know (the expansions, and the words that start a clause)
 * and any others a caller will look up, each numbered once. A word is looked up once as
 * it is read, from its code units, without making a string of it; the triage patterns and
 * the risk model then compare numbers, not text.
 */
export class Lexicon {
  readonly expansions: Expansions;
  /** Word -> id. */
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  /** Per id: the ids and words it expands to, when it does. */
  private readonly expandedIds: (readonly number[] | undefined)[] = [];
  private readonly expandedWords: (readonly string[] | undefined)[] = [];
  /** Per id: STARTS_CLAUSE and EXPANDS, for the tokeniser's one look per word. */
  readonly flags: Uint8Array;
  /** Per id that expands: its parts' ids, expansionParts[expansionFrom[id]] to [expansionFrom[id + 1]]. */
  readonly expansionFrom: Int32Array;
  readonly expansionParts: Int32Array;
  /** Open addressing by hash: slot -> (hash, id + 1) side by side (id + 1 = 0: empty). */
  private readonly slots: Int32Array;
  /** Every word's code units, one after another: word id runs from spelling[id] to spelling[id + 1]. */
  private readonly units: Uint16Array;
  private readonly spelling: Int32Array;

  constructor(expansions: Expansions, words: Iterable<string> = []) {
    this.expansions = expansions;
    for (const [from, to] of expansions) {
      this.add(from);
      for (const part of to) this.add(part);
    }
    for (const word of CLAUSE_WORDS) this.add(word);
    for (const word of Object.values(CONTRACTION_MEANINGS)) if (word !== undefined) this.add(word);
    this.add('not');
    this.add('?');
    for (const word of words) this.add(word);
    for (const [from, to] of expansions) {
      const id = this.ids.get(from) as number;
      this.expandedWords[id] = to;
      this.expandedIds[id] = to.map((part) => this.ids.get(part) as number);
    }
    this.flags = new Uint8Array(this.words.length);
    for (const word of CLAUSE_WORDS) this.flags[this.ids.get(word) as number] = STARTS_CLAUSE;
    this.expansionFrom = new Int32Array(this.words.length + 1);
    const parts: number[] = [];
    this.expandedIds.forEach((expanded, id) => {
      this.expansionFrom[id] = parts.length;
      if (expanded === undefined) return;
      this.flags[id] = (this.flags[id] as number) | EXPANDS;
      parts.push(...expanded);
    });
    this.expansionFrom[this.words.length] = parts.length;
    this.expansionParts = Int32Array.from(parts);

    let capacity = 16;
    while (capacity < this.words.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.spelling = new Int32Array(this.words.length + 1);
    this.units = new Uint16Array(this.words.reduce((sum, word) => sum + word.length, 0));
    let written = 0;
    this.words.forEach((word, id) => {
      this.spelling[id] = written;
      for (let at = 0; at < word.length; at++) this.units[written++] = word.charCodeAt(at);
      this.spelling[id + 1] = written;
      const hash = hashOf(word);
      let slot = hash & (capacity - 1);
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & (capacity - 1);
      this.slots[slot * 2] = hash;
      this.slots[slot * 2 + 1] = id + 1;
    });
  }

  private add(word: string): void {
    if (this.ids.has(word)) return;
    this.ids.set(word, this.words.length);
    this.words.push(word);
    this.expandedIds.push(undefined);
    this.expandedWords.push(undefined);
  }

  /** How many words it holds: ids run from 0 to size - 1. */
  get size(): number {
    return this.words.length;
  }

  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /** The id of the word spelt by units[from..to), whose hashOf is hash; -1 if it holds none. */
  idOfUnits(units: Uint16Array, from: number, to: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (slots[slot * 2 + 1] as number) - 1;
      if (id < 0) return -1;
      if (slots[slot * 2] !== hash) continue;
      let at = this.spelling[id] as number;
      const end = this.spelling[id + 1] as number;
      if (end - at !== to - from) continue;
      for (let read = from; at < end && this.units[at] === units[read]; read++) at++;
      if (at === end) return id;
    }
  }

  wordOf(id: number): string | undefined {
    return this.words[id];
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  expansionIds(id: number): readonly number[] | undefined {
    return this.expandedIds[id];
  }

  expansionWords(id: number): readonly string[] | undefined {
    return this.expandedWords[id];
  }

  isClauseWord(id: number): boolean {
    return ((this.flags[id] as number) & STARTS_CLAUSE) !== 0;
  }
}

/** Lexicon.flags. */
export const STARTS_CLAUSE = 1;
export const EXPANDS = 2;

/** The lexicon of just an expansions table, made once per table. */
const lexicons = new WeakMap<Expansions, Lexicon>();
export function lexiconOf(expansions: Expansions): Lexicon {
  let lexicon = lexicons.get(expansions);
  if (lexicon === undefined) {
    lexicon = new Lexicon(expansions);
    lexicons.set(expansions, lexicon);
  }
  return lexicon;
}
