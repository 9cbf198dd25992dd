/**
 * Turns a message into normalised word tokens that keep their place in the original
 * text, so every piece of evidence can be highlighted exactly where the client wrote it.
 *
 * Normalisation: Unicode compatibility forms and accents folded (NFKD, marks removed),
 * lower case, curly apostrophes straightened, letters repeated three or more times
 * collapsed ("sooo" -> "so"), SMS spellings and contractions expanded from the rules'
 * own table ("im" -> "i am", "dont" -> "do not"). Each emoji is a token of its own.
 * Cost is linear in the length of the text.
 *
 * The engine tokenises into a TokenBuffer it keeps (typed arrays, reused from message to
 * message) and reads words by their lexicon ids; tokenise() gives the same tokens as
 * plain arrays with their words, for training and tests.
 */

import {
  APOSTROPHES,
  CLAUSE_END,
  CURRENCY,
  FOLDED,
  FOLDS_WIDER,
  IS_WORD,
  MARK,
  PICTOGRAPH,
  SENTENCE_END,
  WORD_CHAR,
  fold,
  foldInPlace,
  foldedPair,
  infoAsFolded,
  infoOf,
  isAsciiWordChar,
} from './characters.std.ts';
import {
  CONTRACTION,
  CONTRACTION_MEANINGS,
  EXPANDS,
  HASH_PRIME,
  HASH_SEED,
  Lexicon,
  STARTS_CLAUSE,
  lexiconOf,
} from './lexicon.std.ts';
import type { Expansions } from './lexicon.std.ts';

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

/**
 * One message's tokens in typed arrays that grow as needed and are reused for the next
 * message: an engine keeps one, so tokenising allocates nothing for a word it knows.
 */
export class TokenBuffer {
  ids = new Int32Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  sentence = new Int32Array(256);
  clause = new Int32Array(256);
  /** The text of each word the lexicon lacks (id -1), at its place; not read elsewhere. */
  outside: string[] = new Array<string>(256).fill('');
  count = 0;
  /** The current sentence's number: every token's sentence number is at most this. */
  lastSentence = 0;
  lexicon: Lexicon;
  /** The text folded in place, one code unit per code unit of the original. */
  folded = new Uint16Array(1024);
  private clauseNo = 0;
  /** The token count at the last line break: a second break with no word between ends a sentence. */
  private countAtLastBreak = -1;

  constructor(lexicon: Lexicon) {
    this.lexicon = lexicon;
  }

  /** The word at a place, as text. */
  wordAt(at: number): string {
    const id = this.ids[at] as number;
    return id >= 0 ? (this.lexicon.wordOf(id) as string) : (this.outside[at] as string);
  }

  /** The same tokens as plain arrays. */
  toTokens(): Tokens {
    const count = this.count;
    const words: string[] = [];
    for (let at = 0; at < count; at++) words.push(this.wordAt(at));
    const plain = (array: Int32Array) => Array.from(array.subarray(0, count));
    return {
      words,
      ids: plain(this.ids),
      lexicon: this.lexicon,
      starts: plain(this.starts),
      ends: plain(this.ends),
      sentence: plain(this.sentence),
      clause: plain(this.clause),
      count,
    };
  }

  private start(lexicon: Lexicon, length: number): void {
    this.lexicon = lexicon;
    this.count = 0;
    this.lastSentence = 0;
    this.clauseNo = 0;
    this.countAtLastBreak = -1;
    if (this.folded.length < length) this.folded = new Uint16Array(length * 2);
  }

  private grow(): void {
    const bigger = (array: Int32Array) => {
      const copy = new Int32Array(array.length * 2);
      copy.set(array);
      return copy;
    };
    this.ids = bigger(this.ids);
    this.starts = bigger(this.starts);
    this.ends = bigger(this.ends);
    this.sentence = bigger(this.sentence);
    this.clause = bigger(this.clause);
    this.outside.length = this.ids.length;
    this.outside.fill('', this.count);
  }

  private push(id: number, start: number, end: number): void {
    const at = this.count;
    if (at === this.ids.length) this.grow();
    this.ids[at] = id;
    this.starts[at] = start;
    this.ends[at] = end;
    this.sentence[at] = this.lastSentence;
    this.clause[at] = this.clauseNo;
    this.count = at + 1;
  }

  /** A word given as text (looked up by it); a word the lexicon lacks keeps its text. */
  private pushText(word: string, start: number, end: number): void {
    const id = this.lexicon.idOf(word);
    if (id >= 0) this.push(id, start, end);
    else this.pushOutside(word, start, end);
  }

  private pushOutside(word: string, start: number, end: number): void {
    this.push(-1, start, end);
    this.outside[this.count - 1] = word;
  }

  private endClause(): void {
    this.clauseNo++;
  }

  private endSentence(questionMark: boolean): void {
    // A question keeps a "?" word, so rules can recognise questions.
    const last = this.count - 1;
    if (questionMark && last >= 0 && this.sentence[last] === this.lastSentence) {
      const end = this.ends[last] as number;
      this.push(this.lexicon.idOf('?'), end, end);
    }
    this.lastSentence++;
    this.clauseNo++;
  }

  // A line break is a pause; a blank line ends the sentence. People texting put one
  // thought per line ("bridge the tall one / im here / its cold / sorry").
  private lineBreak(): void {
    if (this.count === this.countAtLastBreak) this.endSentence(false);
    else this.clauseNo++;
    this.countAtLastBreak = this.count;
  }

  /** A word the lexicon knows, by id: a clause word starts a clause; an expansion pushes its parts. */
  private pushKnown(id: number, start: number, end: number): void {
    const lexicon = this.lexicon;
    const flags = lexicon.flags[id] as number;
    if (flags === 0) {
      this.push(id, start, end);
      return;
    }
    if ((flags & STARTS_CLAUSE) !== 0) this.clauseNo++;
    if ((flags & EXPANDS) === 0) this.push(id, start, end);
    else {
      const last = lexicon.expansionFrom[id + 1] as number;
      for (let part = lexicon.expansionFrom[id] as number; part < last; part++)
        this.push(lexicon.expansionParts[part] as number, start, end);
    }
  }

  /**
   * A word as read (folded, apostrophes straightened), normalised the slow way: repeats
   * collapsed, trailing apostrophes dropped, contractions and units split.
   */
  private pushRead(word: string, start: number, end: number): void {
    let normalised = word.length > 2 ? collapseRepeats(word) : word;
    if (normalised.charCodeAt(normalised.length - 1) === 39) normalised = normalised.replace(/'+$/, '');
    const id = this.lexicon.idOf(normalised);
    if (id >= 0 && this.lexicon.expansionIds(id) !== undefined) {
      this.pushKnown(id, start, end);
      return;
    }
    if (id >= 0 && this.lexicon.isClauseWord(id)) this.clauseNo++;
    const contraction = normalised.includes("'") ? CONTRACTION.exec(normalised) : null;
    if (contraction === null) {
      this.pushWithUnit(normalised, start, end);
      return;
    }
    const [, stem = '', suffix = ''] = contraction;
    const negative = suffix === 't' && stem.endsWith('n');
    const base = negative ? stem.slice(0, -1) : stem;
    const parts = this.lexicon.expansionWords(this.lexicon.idOf(base));
    if (parts === undefined) this.pushWithUnit(base, start, end);
    else for (const part of parts) this.pushWithUnit(part, start, end);
    const meaning = negative ? 'not' : CONTRACTION_MEANINGS[suffix];
    if (meaning !== undefined) this.pushText(meaning, start, end);
  }

  /**
   * A word with one apostrophe inside it, read from its folded units as pushRead reads
   * it: the word itself when the rules' table expands it ("can't"), else a regular
   * contraction ("i'm" -> "i am", "wouldn't" -> "would not"). False when it is neither
   * (pushRead then reads it), before anything is pushed.
   */
  private pushContraction(
    start: number,
    apostrophe: number,
    end: number,
    hash: number,
    stemHash: number,
    stemHashLessOne: number,
  ): boolean {
    // A trailing apostrophe is dropped first ("no'"): only pushRead does that.
    if (apostrophe === end - 1) return false;
    const folded = this.folded;
    const lexicon = this.lexicon;
    const id = lexicon.idOfUnits(folded, start, end, hash);
    if (id >= 0 && lexicon.expansionIds(id) !== undefined) {
      this.pushKnown(id, start, end);
      return true;
    }
    const meaning = contractionMeaning(folded, apostrophe + 1, end);
    if (meaning === undefined) return false;
    if (id >= 0 && lexicon.isClauseWord(id)) this.clauseNo++;
    const negative = meaning === 'not' && folded[apostrophe - 1] === 110;
    const baseEnd = negative ? apostrophe - 1 : apostrophe;
    if (baseEnd > start) {
      const baseId = lexicon.idOfUnits(folded, start, baseEnd, negative ? stemHashLessOne : stemHash);
      const parts = baseId >= 0 ? lexicon.expansionWords(baseId) : undefined;
      if (parts !== undefined) for (const part of parts) this.pushWithUnit(part, start, end);
      else if (baseId >= 0) this.push(baseId, start, end);
      else this.pushOutside(unitsText(folded, start, baseEnd), start, end);
    }
    if (negative) this.pushText('not', start, end);
    else if (meaning !== 'not' && meaning !== '') this.pushText(meaning, start, end);
    return true;
  }

  private pushWithUnit(word: string, start: number, end: number): void {
    const unit = word.length > 1 && word.charCodeAt(0) <= 57 ? NUMBER_AND_UNIT.exec(word) : null;
    if (unit !== null) {
      const [, number = '', unitWord = ''] = unit;
      this.pushText(number, start, end);
      this.pushText(unitWord, start, end);
    } else if (word.length > 0) this.pushText(word, start, end);
  }

  /**
   * Tokenises into this buffer. Almost every message folds in place (each character to
   * one of the same width), and one pass over its code units, folding each as it goes,
   * does the work.
   */
  read(text: string, lexicon: Lexicon): void {
    this.start(lexicon, text.length);
    if (this.scan(text, false)) return;
    // A character that folds wider or narrower ("ﬁ", a stray mark) or a lone surrogate:
    // the whole text is folded as a string, as it always was, and read by characters if
    // folding moves any.
    this.start(lexicon, text.length);
    const folded = foldInPlace(text);
    if (folded === null) this.scanUnfolded(text);
    else this.scan(folded, true);
  }

  /**
   * One pass over the text, folding each code unit (unless it is folded already) into
   * this.folded as it is read. False, with the tokens unfinished, at a character that
   * does not fold in place or a lone surrogate, which only the folded text can settle.
   */
  private scan(text: string, prefolded: boolean): boolean {
    const length = text.length;
    const folded = this.folded;
    const lexicon = this.lexicon;
    let at = 0;
    while (at < length) {
      const original = text.charCodeAt(at);
      // Spaces between words, the commonest character, end nothing.
      if (original === 32) {
        at++;
        continue;
      }
      const info = prefolded ? infoAsFolded(original) : infoOf(original);
      if ((info & FOLDS_WIDER) !== 0) return false;
      const code = info & FOLDED;
      if ((info & IS_WORD) !== 0) {
        // Hash the word as it is read; only an unusual word (a letter repeated three
        // times, a number glued to a unit, apostrophes other than one contraction's) is
        // made into a string.
        folded[at] = code;
        let hash = Math.imul(HASH_SEED ^ code, HASH_PRIME);
        let unusual = false;
        let previous = code;
        let beforePrevious = -1;
        let end = at + 1;
        let nextInfo = 0;
        // Letters and digits, the common case, with as little as possible to keep track of.
        for (; end < length; end++) {
          let next = text.charCodeAt(end);
          // A lower-case letter is itself folded: most of a word is read without a look-up.
          if (next < 97 || next > 122) {
            nextInfo = prefolded ? infoAsFolded(next) : infoOf(next);
            if ((nextInfo & IS_WORD) === 0) break;
            next = nextInfo & FOLDED;
          }
          if (next === previous && next === beforePrevious) unusual = true;
          hash = Math.imul(hash ^ next, HASH_PRIME);
          folded[end] = next;
          beforePrevious = previous;
          previous = next;
        }
        let apostrophes = 0;
        let apostrophe = -1;
        /** The hash of the word before its apostrophe, and before the letter ahead of it. */
        let stemHash = 0;
        let stemHashLessOne = 0;
        if (end < length && isApostrophe(nextInfo & FOLDED)) {
          // A word with an apostrophe in it ("can't", "i’m"): read on, keeping where it is.
          let previousHash = HASH_SEED;
          for (let unit = at; unit < end - 1; unit++)
            previousHash = Math.imul(previousHash ^ (folded[unit] as number), HASH_PRIME);
          for (; end < length; end++) {
            nextInfo = prefolded ? infoAsFolded(text.charCodeAt(end)) : infoOf(text.charCodeAt(end));
            let next = nextInfo & FOLDED;
            if (isApostrophe(next)) {
              next = 39;
              if (++apostrophes === 1) {
                apostrophe = end;
                stemHash = hash;
                stemHashLessOne = previousHash;
              }
            } else if ((nextInfo & IS_WORD) === 0) break;
            if (next === previous && next === beforePrevious) unusual = true;
            previousHash = hash;
            hash = Math.imul(hash ^ next, HASH_PRIME);
            folded[end] = next;
            beforePrevious = previous;
            previous = next;
          }
        }
        // A number glued to letters ("30mg") is split by pushRead.
        const digitFirst = code <= 57;
        for (let unit = at + 1; digitFirst && !unusual && unit < end; unit++)
          if ((folded[unit] as number) > 57) unusual = true;
        if (!unusual && apostrophes === 0) {
          const id = lexicon.idOfUnits(folded, at, end, hash);
          if (id >= 0) this.pushKnown(id, at, end);
          // Slicing the text is quicker than joining code units, when it says the same.
          else if (prefolded) this.pushOutside(text.slice(at, end), at, end);
          else if (isAscii(text, at, end)) this.pushOutside(text.slice(at, end).toLowerCase(), at, end);
          else this.pushOutside(unitsText(folded, at, end), at, end);
        } else if (
          unusual ||
          apostrophes > 1 ||
          digitFirst ||
          !this.pushContraction(at, apostrophe, end, hash, stemHash, stemHashLessOne)
        ) {
          this.pushRead(unitsText(folded, at, end), at, end);
        }
        at = end;
        continue;
      }
      if (code < 128) {
        switch (ASCII_ROLE[code]) {
          case CURRENCY_SIGN:
            this.pushText(String.fromCharCode(code), at, at + 1);
            break;
          case LINE_BREAK:
            this.lineBreak();
            break;
          case ENDS_SENTENCE:
            this.endSentence(code === 63);
            break;
          case ENDS_CLAUSE:
            this.clauseNo++;
            break;
          default:
        }
        at++;
        continue;
      }
      // A high surrogate is read with the unit after it, whatever that is.
      let char: string;
      let width = 1;
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = at + 1 < length ? text.charCodeAt(at + 1) : -1;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const pair = prefolded ? code * 0x10000 + next : foldedPair(code, next);
          if (pair < 0) return false;
          char = String.fromCharCode(pair >>> 16, pair & 0xffff);
          width = 2;
        } else if (!prefolded) return false;
        else if (code <= 0xdbff && next >= 0) {
          char = String.fromCharCode(code, next);
          width = 2;
        } else char = String.fromCharCode(code);
      } else char = String.fromCharCode(code);
      if (PICTOGRAPH.test(char) || CURRENCY.has(char)) this.pushText(char, at, at + width);
      else if (SENTENCE_END.has(char)) this.endSentence(char === '\uff1f');
      else if (CLAUSE_END.has(char)) this.clauseNo++;
      at += width;
    }
    return true;
  }

  /** Read character by character, for text whose folding moves characters. */
  private scanUnfolded(text: string): void {
    let word = '';
    let wordStart = -1;
    let wordEnd = -1;
    const flush = () => {
      if (word.length === 0) return;
      this.pushRead(word, wordStart, wordEnd);
      word = '';
      wordStart = -1;
    };
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
        if (CURRENCY.has(char)) this.pushText(char, i, i + 1);
        else if (char === '\n') this.lineBreak();
        else if (SENTENCE_END.has(char)) this.endSentence(char === '?');
        else if (CLAUSE_END.has(char)) this.endClause();
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
        this.pushText(point, i, i + width);
      } else if (MARK.test(point) && word.length > 0) {
        wordEnd = i + width;
      } else {
        flush();
        if (SENTENCE_END.has(point)) this.endSentence(point === '\uff1f');
        else if (CLAUSE_END.has(point)) this.endClause();
      }
      i += width - 1;
    }
    flush();
  }
}

function isApostrophe(folded: number): boolean {
  return folded === 39 || folded === 96;
}

function isAscii(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (text.charCodeAt(at) >= 128) return false;
  return true;
}

/** The text of code units [from, to), in pieces small enough to pass as arguments. */
function unitsText(units: Uint16Array, from: number, to: number): string {
  let text = '';
  for (let at = from; at < to; at++) text += String.fromCharCode(units[at] as number);
  return text;
}

/**
 * What the letters after a contraction's apostrophe mean: '' for none ("'s"), 'not' for
 * "'t" (only after an "n"), undefined when they make no contraction.
 */
function contractionMeaning(units: Uint16Array, from: number, to: number): string | undefined {
  const first = units[from] as number;
  if (to - from === 1) {
    if (first === 116) return 'not';
    if (first === 115) return '';
    if (first === 100) return 'would';
    if (first === 109) return 'am';
    return undefined;
  }
  if (to - from !== 2) return undefined;
  const second = units[from + 1] as number;
  if (first === 114 && second === 101) return 'are';
  if (first === 118 && second === 101) return 'have';
  if (first === 108 && second === 108) return 'will';
  return undefined;
}

/** "30mg", "2x": a number glued to a unit is two words. */
const NUMBER_AND_UNIT = /^(\d+)([a-z]+)$/;

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

/** Where tokenise() reads, before copying the tokens out. */
let shared: TokenBuffer | null = null;

/**
 * Tokenises with an expansions table, or with a lexicon (which holds one) when the
 * caller wants each word's id in it as well.
 */
export function tokenise(text: string, vocabulary: Expansions | Lexicon): Tokens {
  const lexicon = vocabulary instanceof Lexicon ? vocabulary : lexiconOf(vocabulary);
  shared ??= new TokenBuffer(lexicon);
  shared.read(text, lexicon);
  return shared.toTokens();
}
