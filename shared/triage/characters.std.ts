/**
 * What the tokeniser needs to know about characters: which are letters or digits, which
 * end a sentence or a clause, which are emoji or currency, and how each folds (lower
 * case, accents and compatibility forms off: "É" -> "e", "ｋ" -> "k", "’" -> "'"). Folding
 * is learnt per code unit as characters are met and kept in tables, so a character is
 * looked at the slow way once.
 */

export const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '\u02bc', '\u00b4', '`']);
export const SENTENCE_END = new Set(['.', '!', '?', ';', '\u3002', '\uff01', '\uff1f']);
// An ellipsis is a pause, not an ending: "I'm going to hang myself… up on the wall of shame".
export const CLAUSE_END = new Set([
  ',',
  ':',
  '(',
  ')',
  '"',
  '\u2013',
  '\u2014',
  '\u201c',
  '\u201d',
  '\u2026',
]);
export const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}/gu;
export const MARK = /\p{M}/u;
export const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** Currency signs are words of their own: "£85 for uniform" is a fee. */
export const CURRENCY = new Set(['$', '\u00a3', '\u20ac', '\u00a5', '\u20b9', '\u20a6', '\u20b1']);
/** Whether each UTF-16 code unit is a letter or digit, learnt as characters are met. */
const WORD_CODES = new Uint8Array(0x10000);
for (let code = 0; code < 128; code++) WORD_CODES[code] = isAsciiWordChar(code) ? 1 : 2;

export function isWordCode(code: number): boolean {
  let known = WORD_CODES[code] as number;
  if (known === 0) {
    // Surrogates are never letters on their own: astral letters take the full path.
    known = code >= 0xd800 && code <= 0xdfff ? 2 : WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_CODES[code] = known;
  }
  return known === 1;
}

/** What foldedUnit and foldedPair give for a character that does not stay its width. */
const FOLDS_WIDER_UNIT = -1;
/** foldedPair's answers, by code point. */
const foldedPairs = new Map<number, number>();

/**
 * A code unit (not a surrogate) lower-cased and folded as foldInPlace folds it, + 1; or
 * FOLDS_WIDER_UNIT when it does not stay one unit or lower-cases by its context (as a
 * capital sigma does).
 */
function foldedUnit(code: number): number {
  const lower = String.fromCharCode(code).toLowerCase();
  if (lower.length !== 1 || code === 0x3a3) return FOLDS_WIDER_UNIT;
  const folded = isPrintableAscii(lower.charCodeAt(0)) ? lower : foldedCharacter(lower);
  return folded.length === 1 ? folded.charCodeAt(0) + 1 : FOLDS_WIDER_UNIT;
}

/** A surrogate pair lower-cased and folded: high unit * 0x10000 + low unit, or FOLDS_WIDER_UNIT. */
export function foldedPair(high: number, low: number): number {
  const point = (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let folded = foldedPairs.get(point);
  if (folded === undefined) {
    const lower = String.fromCodePoint(point).toLowerCase();
    const char = lower.length === 2 ? foldedCharacter(lower) : '';
    folded = char.length === 2 ? char.charCodeAt(0) * 0x10000 + char.charCodeAt(1) : FOLDS_WIDER_UNIT;
    if (foldedPairs.size < 10_000) foldedPairs.set(point, folded);
  }
  return folded;
}

/**
 * Per UTF-16 code unit, learnt as characters are met: the unit folded in place (lower
 * case, accents off, as foldInPlace folds it), whether that is a letter or digit, or that
 * it does not fold to one unit (or lower-cases by its context, as a capital sigma does).
 * Surrogates stand for themselves: scan() folds pairs by foldedPair.
 */
const UNIT_INFO = new Int32Array(0x10000);
export const FOLDED = 0xffff;
export const IS_WORD = 1 << 16;
export const FOLDS_WIDER = 1 << 17;
const KNOWN = 1 << 18;

// ASCII folds by case alone (foldInPlace keeps every other ASCII character as it is).
for (let code = 0; code < 128; code++) {
  const folded = code >= 65 && code <= 90 ? code + 32 : code;
  UNIT_INFO[code] = folded | (isAsciiWordChar(folded) ? IS_WORD : 0) | KNOWN;
}

export function infoOf(code: number): number {
  const info = UNIT_INFO[code] as number;
  return info !== 0 ? info : learnUnit(code);
}

function learnUnit(code: number): number {
  let info = KNOWN;
  const folded = code >= 0xd800 && code <= 0xdfff ? code + 1 : foldedUnit(code);
  if (folded === FOLDS_WIDER_UNIT) info |= FOLDS_WIDER;
  else info |= (folded - 1) | (isWordCode(folded - 1) ? IS_WORD : 0);
  UNIT_INFO[code] = info;
  return info;
}

/** The info of a unit of text folded already: itself, and whether it is a letter or digit. */
export function infoAsFolded(code: number): number {
  return code | (isWordCode(code) ? IS_WORD : 0) | KNOWN;
}

/**
 * The text lower-cased and folded, if that keeps its length; null when it would not
 * (ligatures, stray marks). Only for text foldUnits turned down.
 */
export function foldInPlace(text: string): string | null {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return null;
  const length = lower.length;
  let folded = '';
  let at = 0;
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

export function isAsciiWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** Folds one non-ASCII character to its plain lower-case form ("É" -> "e", "ｋ" -> "k"). */
const foldCache = new Map<string, string>();
export function fold(char: string): string {
  let folded = foldCache.get(char);
  if (folded === undefined) {
    folded = char.normalize('NFKD').replace(MARKS, '').toLowerCase();
    if (foldCache.size < 10_000) foldCache.set(char, folded);
  }
  return folded;
}
