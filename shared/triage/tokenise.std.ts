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
  readonly starts: number[];
  readonly ends: number[];
  /** Sentence number of each word: matches never cross a sentence. */
  readonly sentence: number[];
  /** Clause number of each word: negation reaches only within its clause. */
  readonly clause: number[];
  readonly count: number;
}

export type Expansions = ReadonlyMap<string, readonly string[]>;

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
const NON_ASCII = /[^\u0020-\u007e]/u;
const NON_ASCII_ALL = /[^\u0020-\u007e]/gu;
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
  if (!NON_ASCII.test(lower)) return lower;
  const folded = lower.replace(NON_ASCII_ALL, (char) => {
    if (char === '\t' || char === '\n' || char === '\r') return char;
    if (APOSTROPHES.has(char)) return "'";
    if (PICTOGRAPH.test(char) || !WORD_CHAR.test(char)) return char;
    return fold(char);
  });
  return folded.length === text.length ? folded : null;
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

const TRIPLED = /(.)\1\1/;
const REPEATS = /(.)\1{2,}/g;

/** Three or more of one letter collapse to one ("pleaseee" -> "please"); doubles stay. */
function collapseRepeats(word: string): string {
  return TRIPLED.test(word) ? word.replace(REPEATS, '$1') : word;
}

export function tokenise(text: string, expansions: Expansions): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sentence: number[] = [];
  const clause: number[] = [];
  let sentenceNo = 0;
  let clauseNo = 0;
  let word = '';
  let wordStart = -1;
  let wordEnd = -1;

  const push = (normalised: string, start: number, end: number) => {
    words.push(normalised);
    starts.push(start);
    ends.push(end);
    sentence.push(sentenceNo);
    clause.push(clauseNo);
  };

  const pushWord = (normalised: string) => {
    const unit =
      normalised.length > 1 && normalised.charCodeAt(0) <= 57 ? NUMBER_AND_UNIT.exec(normalised) : null;
    if (unit !== null) {
      push(unit[1] as string, wordStart, wordEnd);
      push(unit[2] as string, wordStart, wordEnd);
    } else if (normalised.length > 0) {
      push(normalised, wordStart, wordEnd);
    }
  };

  const flush = () => {
    if (word.length === 0) return;
    let normalised = word.length > 2 ? collapseRepeats(word) : word;
    if (normalised.endsWith("'")) normalised = normalised.replace(/'+$/, '');
    if (CLAUSE_WORDS.has(normalised)) clauseNo++;
    const expanded = expansions.get(normalised);
    if (expanded !== undefined) {
      for (const part of expanded) push(part, wordStart, wordEnd);
    } else {
      const contraction = normalised.includes("'") ? CONTRACTION.exec(normalised) : null;
      if (contraction === null) pushWord(normalised);
      else {
        const [, stem = '', suffix = ''] = contraction;
        const negative = suffix === 't' && stem.endsWith('n');
        const base = negative ? stem.slice(0, -1) : stem;
        for (const part of expansions.get(base) ?? [base]) pushWord(part);
        const meaning = negative ? 'not' : CONTRACTION_MEANINGS[suffix];
        if (meaning !== undefined) push(meaning, wordStart, wordEnd);
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

  const endSentence = (questionMark: boolean) => {
    // A question keeps a "?" word, so rules can recognise questions.
    if (questionMark && words.length > 0 && sentence[sentence.length - 1] === sentenceNo) {
      push('?', ends[ends.length - 1] as number, ends[ends.length - 1] as number);
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
        for (; end < length; end++) {
          const next = folded.charCodeAt(end);
          if (!isWordCode(next) && next !== 39 && next !== 96) break;
        }
        const piece = folded.slice(at, end);
        word = piece.includes('`') ? piece.replaceAll('`', "'") : piece;
        wordStart = at;
        wordEnd = end;
        flush();
        at = end;
        continue;
      }
      const width = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      const char = width === 1 ? (folded[at] as string) : folded.slice(at, at + 2);
      if ((code >= 128 && PICTOGRAPH.test(char)) || CURRENCY.has(char)) push(char, at, at + width);
      else if (char === '\n') lineBreak();
      else if (SENTENCE_END.has(char)) endSentence(char === '?' || char === '\uff1f');
      else if (CLAUSE_END.has(char)) clauseNo++;
      at += width;
    }
    return { words, starts, ends, sentence, clause, count: words.length };
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
      if (CURRENCY.has(char)) push(char, i, i + 1);
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
      push(point, i, i + width);
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
  return { words, starts, ends, sentence, clause, count: words.length };
}
