/**
 * Turns a message into normalised word tokens that keep their place in the original
 * text, so every piece of evidence can be highlighted exactly where the client wrote it.
 *
 * Normalisation: Unicode compatibility forms and accents folded (NFKD, marks removed),
 * lower case, curly apostrophes straightened, letters repeated three or more times
 * collapsed ("sooo" -> "so"), SMS spellings and contractions expanded from the rules'
 * own table ("im" -> "i am", "dont" -> "do not"). Each emoji is a token of its own.
 * Cost is linear in the length of the text.
 */

export interface Tokens {
  /** Normalised words; an expansion yields several words sharing one original span. */
  readonly words: string[];
  /** Each word's number in the lexicon it was tokenised with; -1 for a word it does not hold. */
  readonly ids: number[];
  readonly lexicon: Lexicon;
  readonly starts: number[];
  readonly ends: number[];
  /** Sentence number of each word: matches never cross a sentence. */
  readonly sentence: number[];
  /** Clause number of each word: negation reaches only within its clause. */
  readonly clause: number[];
  readonly count: number;
}

export type Expansions = ReadonlyMap<string, readonly string[]>;

/**
 * The words tokenising needs to know (the expansions, and the words that start a clause)
 * and any others a caller will look up, each numbered once. A word is looked up once as
 * it is read; the triage patterns and the risk model then compare numbers, not text.
 */
export class Lexicon {
  readonly expansions: Expansions;
  /** Word -> id. */
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  /** Per id: the ids and words it expands to, when it does. */
  private readonly expandedIds: (readonly number[] | undefined)[] = [];
  private readonly expandedWords: (readonly string[] | undefined)[] = [];
  private readonly startsClause: boolean[] = [];

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
    for (const word of CLAUSE_WORDS) this.startsClause[this.ids.get(word) as number] = true;
  }

  private add(word: string): void {
    if (this.ids.has(word)) return;
    this.ids.set(word, this.words.length);
    this.words.push(word);
    this.expandedIds.push(undefined);
    this.expandedWords.push(undefined);
    this.startsClause.push(false);
  }

  /** How many words it holds: ids run from 0 to size - 1. */
  get size(): number {
    return this.words.length;
  }

  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
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
    return this.startsClause[id] === true;
  }
}

/** The lexicon of just an expansions table, made once per table. */
const lexicons = new WeakMap<Expansions, Lexicon>();
function lexiconOf(expansions: Expansions): Lexicon {
  let lexicon = lexicons.get(expansions);
  if (lexicon === undefined) {
    lexicon = new Lexicon(expansions);
    lexicons.set(expansions, lexicon);
  }
  return lexicon;
}

const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '\u02bc', '\u00b4', '`']);
const SENTENCE_END = new Set(['.', '!', '?', ';', '\u3002', '\uff01', '\uff1f']);
// An ellipsis is a pause, not an ending: "I'm going to hang myself… up on the wall of shame".
const CLAUSE_END = new Set([',', ':', '(', ')', '"', '\u2013', '\u2014', '\u201c', '\u201d', '\u2026']);
const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}/gu;
const MARK = /\p{M}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** Currency signs are words of their own: "£85 for uniform" is a fee. */
const CURRENCY = new Set(['$', '\u00a3', '\u20ac', '\u00a5', '\u20b9', '\u20a6', '\u20b1']);
/** Whether each UTF-16 code unit is a letter or digit, learnt as characters are met. */
const WORD_CODES = new Uint8Array(0x10000);

function isWordCode(code: number): boolean {
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let known = WORD_CODES[code] as number;
  if (known === 0) {
    // Surrogates are never letters on their own: astral letters take the full path.
    known = code >= 0xd800 && code <= 0xdfff ? 2 : WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_CODES[code] = known;
  }
  return known === 1;
}

/**
 * The text lower-cased and folded, if that keeps every character where it was (so token
 * offsets are offsets into the original); null when it would not (ligatures, stray marks).
 */
function foldInPlace(text: string): string | null {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return null;
  const length = lower.length;
  let at = 0;
  while (at < length && isPrintableAscii(lower.charCodeAt(at))) at++;
  if (at === length) return lower;
  // Only what lies outside printable ASCII changes: copy the rest in runs.
  let folded = lower.slice(0, at);
  while (at < length) {
    let end = at;
    while (end < length && isPrintableAscii(lower.charCodeAt(end))) end++;
    if (end > at) {
      folded += lower.slice(at, end);
      at = end;
      continue;
    }
    const code = lower.charCodeAt(at);
    const next = at + 1 < length ? lower.charCodeAt(at + 1) : 0;
    const width = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    folded += foldedCharacter(width === 1 ? (lower[at] as string) : lower.slice(at, at + 2));
    at += width;
  }
  return folded.length === text.length ? folded : null;
}

function isPrintableAscii(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** One character outside printable ASCII, as folding in place leaves it. */
const foldedCharacters = new Map<string, string>();
function foldedCharacter(char: string): string {
  let folded = foldedCharacters.get(char);
  if (folded === undefined) {
    if (char === '\t' || char === '\n' || char === '\r') folded = char;
    else if (APOSTROPHES.has(char)) folded = "'";
    else if (PICTOGRAPH.test(char) || !WORD_CHAR.test(char)) folded = char;
    else folded = fold(char);
    if (foldedCharacters.size < 10_000) foldedCharacters.set(char, folded);
  }
  return folded;
}

/** Words that start a new clause, so a negation before them does not reach past them. */
const CLAUSE_WORDS = new Set(['but', 'although', 'though', 'however', 'except', 'whereas', 'yet']);
/** Regular English contractions; irregular ones ("can't", "won't") are in the rules' table. */
const CONTRACTION = /^(.+?)'(t|re|ve|ll|d|m|s)$/;
const CONTRACTION_MEANINGS: Record<string, string | undefined> = {
  t: undefined,
  re: 'are',
  ve: 'have',
  ll: 'will',
  d: 'would',
  m: 'am',
  s: undefined,
};
/** "30mg", "2x": a number glued to a unit is two words. */
const NUMBER_AND_UNIT = /^(\d+)([a-z]+)$/;

function isAsciiWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** Folds one non-ASCII character to its plain lower-case form ("É" -> "e", "ｋ" -> "k"). */
const foldCache = new Map<string, string>();
function fold(char: string): string {
  let folded = foldCache.get(char);
  if (folded === undefined) {
    folded = char.normalize('NFKD').replace(MARKS, '').toLowerCase();
    if (foldCache.size < 10_000) foldCache.set(char, folded);
  }
  return folded;
}

const REPEATS = /(.)\1{2,}/g;

/** Three or more of one letter collapse to one ("pleaseee" -> "please"); doubles stay. */
function collapseRepeats(word: string): string {
  for (let at = 2; at < word.length; at++) {
    const code = word.charCodeAt(at);
    if (code === word.charCodeAt(at - 1) && code === word.charCodeAt(at - 2))
      return word.replace(REPEATS, '$1');
  }
  return word;
}

/** What a printable ASCII character that is not part of a word does (0: only ends the word). */
const CURRENCY_SIGN = 1;
const LINE_BREAK = 2;
const ENDS_SENTENCE = 3;
const ENDS_CLAUSE = 4;
const ASCII_ROLE = new Uint8Array(128);
ASCII_ROLE[10] = LINE_BREAK;
for (const char of CURRENCY) if (char.charCodeAt(0) < 128) ASCII_ROLE[char.charCodeAt(0)] = CURRENCY_SIGN;
for (const char of SENTENCE_END) if (char.charCodeAt(0) < 128) ASCII_ROLE[char.charCodeAt(0)] = ENDS_SENTENCE;
for (const char of CLAUSE_END) if (char.charCodeAt(0) < 128) ASCII_ROLE[char.charCodeAt(0)] = ENDS_CLAUSE;

/**
 * Where tokenise writes each word's numbers, reused from call to call (it never runs
 * inside itself), so a message costs one exactly sized array of each, not a growing one.
 */
const scratch = {
  ids: [] as number[],
  starts: [] as number[],
  ends: [] as number[],
  sentence: [] as number[],
  clause: [] as number[],
};

function tokensOf(words: string[], lexicon: Lexicon, count: number): Tokens {
  return {
    words,
    ids: scratch.ids.slice(0, count),
    lexicon,
    starts: scratch.starts.slice(0, count),
    ends: scratch.ends.slice(0, count),
    sentence: scratch.sentence.slice(0, count),
    clause: scratch.clause.slice(0, count),
    count,
  };
}

/**
 * Tokenises with an expansions table, or with a lexicon (which holds one) when the
 * caller wants each word's id in it as well.
 */
export function tokenise(text: string, vocabulary: Expansions | Lexicon): Tokens {
  const lexicon = vocabulary instanceof Lexicon ? vocabulary : lexiconOf(vocabulary);
  const words: string[] = [];
  const { ids, starts, ends, sentence, clause } = scratch;
  let count = 0;
  let sentenceNo = 0;
  let clauseNo = 0;
  let word = '';
  let wordStart = -1;
  let wordEnd = -1;

  const push = (normalised: string, id: number, start: number, end: number) => {
    words.push(normalised);
    ids[count] = id;
    starts[count] = start;
    ends[count] = end;
    sentence[count] = sentenceNo;
    clause[count] = clauseNo;
    count++;
  };

  const pushWord = (normalised: string, id: number) => {
    const unit =
      normalised.length > 1 && normalised.charCodeAt(0) <= 57 ? NUMBER_AND_UNIT.exec(normalised) : null;
    if (unit !== null) {
      const [, number = '', unitWord = ''] = unit;
      push(number, lexicon.idOf(number), wordStart, wordEnd);
      push(unitWord, lexicon.idOf(unitWord), wordStart, wordEnd);
    } else if (normalised.length > 0) {
      push(normalised, id, wordStart, wordEnd);
    }
  };

  const flush = () => {
    if (word.length === 0) return;
    let normalised = word.length > 2 ? collapseRepeats(word) : word;
    if (normalised.charCodeAt(normalised.length - 1) === 39) normalised = normalised.replace(/'+$/, '');
    const id = lexicon.idOf(normalised);
    if (id >= 0 && lexicon.isClauseWord(id)) clauseNo++;
    const expanded = id >= 0 ? lexicon.expansionWords(id) : undefined;
    if (expanded !== undefined) {
      const expandedIds = lexicon.expansionIds(id) as readonly number[];
      for (let part = 0; part < expanded.length; part++)
        push(expanded[part] as string, expandedIds[part] as number, wordStart, wordEnd);
    } else {
      const contraction = normalised.includes("'") ? CONTRACTION.exec(normalised) : null;
      if (contraction === null) pushWord(normalised, id);
      else {
        const [, stem = '', suffix = ''] = contraction;
        const negative = suffix === 't' && stem.endsWith('n');
        const base = negative ? stem.slice(0, -1) : stem;
        const baseId = lexicon.idOf(base);
        const parts = baseId >= 0 ? lexicon.expansionWords(baseId) : undefined;
        if (parts === undefined) pushWord(base, baseId);
        else for (const part of parts) pushWord(part, lexicon.idOf(part));
        const meaning = negative ? 'not' : CONTRACTION_MEANINGS[suffix];
        if (meaning !== undefined) push(meaning, lexicon.idOf(meaning), wordStart, wordEnd);
      }
    }
    word = '';
    wordStart = -1;
  };

  // A line break is a pause; a blank line ends the sentence. People texting put one
  // thought per line ("bridge the tall one / im here / its cold / sorry").
  let wordsAtLastBreak = -1;
  const lineBreak = () => {
    if (words.length === wordsAtLastBreak) endSentence(false);
    else clauseNo++;
    wordsAtLastBreak = words.length;
  };

  const questionId = lexicon.idOf('?');
  const endSentence = (questionMark: boolean) => {
    // A question keeps a "?" word, so rules can recognise questions.
    if (questionMark && count > 0 && sentence[count - 1] === sentenceNo) {
      push('?', questionId, ends[count - 1] as number, ends[count - 1] as number);
    }
    sentenceNo++;
    clauseNo++;
  };

  // Fast path, taken by almost every message: when folding keeps every character's
  // position, one scan over the folded text does the work, slicing whole words.
  const folded = foldInPlace(text);
  if (folded !== null) {
    const length = folded.length;
    let at = 0;
    while (at < length) {
      const code = folded.charCodeAt(at);
      if (isWordCode(code)) {
        let end = at + 1;
        let backtick = false;
        for (; end < length; end++) {
          const next = folded.charCodeAt(end);
          if (next === 96) backtick = true;
          else if (next !== 39 && !isWordCode(next)) break;
        }
        const piece = folded.slice(at, end);
        word = backtick ? piece.replaceAll('`', "'") : piece;
        wordStart = at;
        wordEnd = end;
        flush();
        at = end;
        continue;
      }
      if (code < 128) {
        switch (ASCII_ROLE[code]) {
          case CURRENCY_SIGN:
            push(folded[at] as string, lexicon.idOf(folded[at] as string), at, at + 1);
            break;
          case LINE_BREAK:
            lineBreak();
            break;
          case ENDS_SENTENCE:
            endSentence(code === 63);
            break;
          case ENDS_CLAUSE:
            clauseNo++;
            break;
          default:
        }
        at++;
        continue;
      }
      const width = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      const char = width === 1 ? (folded[at] as string) : folded.slice(at, at + 2);
      if (PICTOGRAPH.test(char) || CURRENCY.has(char)) push(char, lexicon.idOf(char), at, at + width);
      else if (SENTENCE_END.has(char)) endSentence(char === '\uff1f');
      else if (CLAUSE_END.has(char)) clauseNo++;
      at += width;
    }
    return tokensOf(words, lexicon, count);
  }

  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if (isAsciiWordChar(code)) {
        if (wordStart < 0) wordStart = i;
        word += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
        wordEnd = i + 1;
        continue;
      }
      const char = text[i] as string;
      if ((char === "'" || char === '`') && word.length > 0) {
        word += "'";
        continue;
      }
      flush();
      if (CURRENCY.has(char)) push(char, lexicon.idOf(char), i, i + 1);
      else if (char === '\n') lineBreak();
      else if (SENTENCE_END.has(char)) {
        endSentence(char === '?');
      } else if (CLAUSE_END.has(char)) {
        clauseNo++;
      }
      continue;
    }
    // Outside ASCII: take a whole code point (emoji are surrogate pairs).
    const point = String.fromCodePoint(text.codePointAt(i) as number);
    const width = point.length;
    if (APOSTROPHES.has(point)) {
      if (word.length > 0) word += "'";
      continue;
    }
    if (WORD_CHAR.test(point)) {
      const folded = fold(point);
      if (wordStart < 0) wordStart = i;
      word += folded;
      wordEnd = i + width;
    } else if (PICTOGRAPH.test(point) || CURRENCY.has(point)) {
      flush();
      push(point, lexicon.idOf(point), i, i + width);
    } else if (MARK.test(point) && word.length > 0) {
      wordEnd = i + width;
    } else {
      flush();
      if (SENTENCE_END.has(point)) {
        endSentence(point === '\uff1f');
      } else if (CLAUSE_END.has(point)) {
        clauseNo++;
      }
    }
    i += width - 1;
  }
  flush();
  return tokensOf(words, lexicon, count);
}
