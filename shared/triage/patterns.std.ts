/**
 * The small pattern language the triage rules are written in, compiled once and matched
 * over tokens (see tokenise.std.ts), never over raw text.
 *
 *   word            the normalised word itself
 *   word*           any word starting with "word" (at least three letters before the *)
 *   a|b*|@set       any one of several words; @set names a word list in the rules file
 *   (a b|c|d e f)   any one of several phrases
 *   #num            a number written in digits
 *   element?        the element (a word choice or a phrase group) may be missing
 *   ~N              up to N words of anything (within the sentence)
 *
 * A pattern never crosses a sentence. Its first element must be a plain word choice.
 */
import type { Tokens } from './tokenise.std.ts';

interface WordElement {
  kind: 'word';
  words: ReadonlySet<string>;
  prefixes: readonly string[];
  numeric: boolean;
  optional: boolean;
}
interface GapElement {
  kind: 'gap';
  max: number;
}
interface PhraseElement {
  kind: 'phrase';
  phrases: readonly (readonly WordElement[])[];
  optional: boolean;
  /** Phrases by their first word, so only those that can start here are tried. */
  byFirstWord: ReadonlyMap<string, readonly (readonly WordElement[])[]>;
  /** Phrases starting with a prefix or a number, tried everywhere. */
  anywhere: readonly (readonly WordElement[])[];
}

function phraseElement(phrases: (readonly WordElement[])[], optional: boolean): PhraseElement {
  const byFirstWord = new Map<string, (readonly WordElement[])[]>();
  const anywhere: (readonly WordElement[])[] = [];
  for (const phrase of phrases) {
    const first = phrase[0] as WordElement;
    if (first.prefixes.length > 0 || first.numeric) anywhere.push(phrase);
    for (const word of first.words) {
      const list = byFirstWord.get(word);
      if (list === undefined) byFirstWord.set(word, [phrase]);
      else list.push(phrase);
    }
  }
  return { kind: 'phrase', phrases, optional, byFirstWord, anywhere };
}
type Element = WordElement | GapElement | PhraseElement;

export interface CompiledPattern<T> {
  readonly source: string;
  readonly elements: readonly Element[];
  readonly owner: T;
  /**
   * Word sets of which the message must contain at least one word each, for the pattern
   * to have any chance: checked once per message so most patterns are never tried.
   */
  readonly required?: readonly ReadonlySet<string>[];
}

export class PatternError extends Error {
  constructor(pattern: string, reason: string) {
    super(`Pattern "${pattern}": ${reason}`);
    this.name = 'PatternError';
  }
}

const DIGITS = /^\d+$/;
const MIN_PREFIX = 3;

/** Splits a pattern into elements; a parenthesised group is one element. */
function splitElements(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of source.trim()) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth < 0) throw new PatternError(source, 'a ")" without its "(".');
    if (/\s/.test(char) && depth === 0) {
      if (current.length > 0) parts.push(current);
      current = '';
    } else current += char;
  }
  if (depth !== 0) throw new PatternError(source, 'a "(" without its ")".');
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Splits "a|(b c|d)|e" on the bars outside parentheses. */
function splitTopLevel(body: string, source: string): string[] {
  const choices: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === '|' && depth === 0) {
      choices.push(current);
      current = '';
    } else current += char;
  }
  choices.push(current);
  if (choices.some((choice) => choice.length === 0)) throw new PatternError(source, 'an empty choice.');
  return choices;
}

function compileWord(
  source: string,
  body: string,
  optional: boolean,
  sets: ReadonlyMap<string, readonly string[]>,
): WordElement {
  const words = new Set<string>();
  const prefixes: string[] = [];
  let numeric = false;
  const addChoice = (choice: string) => {
    if (choice === '#num') numeric = true;
    else if (choice.endsWith('*')) {
      const prefix = choice.slice(0, -1);
      if (prefix.length < MIN_PREFIX) throw new PatternError(source, `"${choice}" is too short a prefix.`);
      prefixes.push(prefix);
    } else if (choice.length > 0) words.add(choice);
    else throw new PatternError(source, 'an empty choice.');
  };
  for (const choice of body.split('|')) {
    if (choice.startsWith('@')) {
      const members = sets.get(choice.slice(1));
      if (members === undefined) throw new PatternError(source, `unknown word list "${choice}".`);
      for (const member of members) {
        // A multi-word list member can only be matched inside a phrase group.
        if (!member.includes(' ')) addChoice(member);
      }
    } else addChoice(choice);
  }
  return { kind: 'word', words, prefixes, numeric, optional };
}

export function compilePattern<T>(
  source: string,
  sets: ReadonlyMap<string, readonly string[]>,
  owner: T,
): CompiledPattern<T> {
  const elements: Element[] = splitElements(source).map((part): Element => {
    const gap = /^~(\d)$/.exec(part);
    if (gap !== null) return { kind: 'gap', max: Number(gap[1]) };
    const optional = part.endsWith('?') && part.length > 1;
    const body = optional ? part.slice(0, -1) : part;
    if (body.includes('(')) {
      // Choices mixing phrases and words: "(on earth)|alive|ever".
      const phrases = splitTopLevel(body, source).flatMap((choice) => {
        if (!choice.startsWith('(')) return [[compileWord(source, choice, false, sets)]];
        if (!choice.endsWith(')')) throw new PatternError(source, `"${choice}" has text after its ")".`);
        return choice
          .slice(1, -1)
          .split('|')
          .map((phrase) => {
            const words = phrase.trim().split(/\s+/);
            if (words.some((word) => word.length === 0)) throw new PatternError(source, 'an empty phrase.');
            return words.map((word) => compileWord(source, word, false, sets));
          });
      });
      return phraseElement(phrases, optional);
    }
    return compileWord(source, body, optional, sets);
  });
  const first = elements[0];
  if (first === undefined || first.kind === 'gap' || first.optional) {
    throw new PatternError(source, 'it must start with a word or phrase that is not optional.');
  }
  if (elements.at(-1)?.kind === 'gap') throw new PatternError(source, 'it must not end with a gap.');
  return { source, elements, owner, required: requiredWords(elements) };
}

/**
 * For each element that must match, words one of which must then be in the message. A
 * phrase needs all its words, so its longest (usually rarest) word stands for it.
 */
function requiredWords(elements: readonly Element[]): ReadonlySet<string>[] {
  const required: ReadonlySet<string>[] = [];
  for (const element of elements) {
    if (element.kind === 'gap' || element.optional) continue;
    const words = new Set<string>();
    let checkable = true;
    const choices = element.kind === 'word' ? [[element]] : element.phrases;
    for (const phrase of choices) {
      const literal = phrase.filter((word) => word.prefixes.length === 0 && !word.numeric);
      if (literal.length === 0) {
        checkable = false;
        break;
      }
      const rarest = literal.reduce((best, word) =>
        Math.min(...[...word.words].map((w) => w.length)) > Math.min(...[...best.words].map((w) => w.length))
          ? word
          : best,
      );
      for (const choice of rarest.words) words.add(choice);
    }
    if (checkable) required.push(words);
  }
  return required;
}

function wordMatches(element: WordElement, word: string): boolean {
  if (element.words.has(word)) return true;
  if (element.numeric && DIGITS.test(word)) return true;
  for (const prefix of element.prefixes) if (word.startsWith(prefix)) return true;
  return false;
}

/** Token index just past the match, or -1. Shortest gaps are tried first. */
function matchFrom<T>(
  pattern: CompiledPattern<T>,
  tokens: Tokens,
  element: number,
  at: number,
  sentence: number,
): number {
  if (element === pattern.elements.length) return at;
  const current = pattern.elements[element] as Element;
  if (current.kind === 'gap') {
    for (let skip = 0; skip <= current.max; skip++) {
      const next = at + skip;
      if (next >= tokens.count || tokens.sentence[next] !== sentence) return -1;
      const end = matchFrom(pattern, tokens, element + 1, next, sentence);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (current.kind === 'phrase') {
    if (at < tokens.count && tokens.sentence[at] === sentence) {
      const here = current.byFirstWord.get(tokens.words[at] as string);
      for (const candidates of here === undefined ? [current.anywhere] : [here, current.anywhere]) {
        for (const phrase of candidates) {
          const after = matchWords(phrase, tokens, at, sentence);
          if (after < 0) continue;
          const end = matchFrom(pattern, tokens, element + 1, after, sentence);
          if (end >= 0) return end;
        }
      }
    }
    return current.optional ? matchFrom(pattern, tokens, element + 1, at, sentence) : -1;
  }
  if (wordAt(current, tokens, at, sentence)) {
    const end = matchFrom(pattern, tokens, element + 1, at + 1, sentence);
    if (end >= 0) return end;
  }
  return current.optional ? matchFrom(pattern, tokens, element + 1, at, sentence) : -1;
}

function wordAt(element: WordElement, tokens: Tokens, at: number, sentence: number): boolean {
  return (
    at < tokens.count && tokens.sentence[at] === sentence && wordMatches(element, tokens.words[at] as string)
  );
}

function matchWords(words: readonly WordElement[], tokens: Tokens, at: number, sentence: number): number {
  for (let offset = 0; offset < words.length; offset++) {
    if (!wordAt(words[offset] as WordElement, tokens, at + offset, sentence)) return -1;
  }
  return at + words.length;
}

export interface PatternMatch<T> {
  readonly pattern: CompiledPattern<T>;
  /** Token range [first, last). */
  readonly first: number;
  readonly last: number;
}

/**
 * All patterns indexed by what their first word can be, so each token costs one or two
 * map lookups whatever the number of rules.
 */
export class PatternIndex<T> {
  private readonly byWord = new Map<string, CompiledPattern<T>[]>();
  private readonly byPrefix = new Map<string, CompiledPattern<T>[]>();
  private readonly byNumber: CompiledPattern<T>[] = [];

  constructor(patterns: readonly CompiledPattern<T>[]) {
    const add = (map: Map<string, CompiledPattern<T>[]>, key: string, pattern: CompiledPattern<T>) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [pattern]);
      else if (!list.includes(pattern)) list.push(pattern);
    };
    for (const pattern of patterns) {
      const first = pattern.elements[0] as WordElement | PhraseElement;
      const starts =
        first.kind === 'phrase' ? first.phrases.map((phrase) => phrase[0] as WordElement) : [first];
      for (const start of starts) {
        for (const word of start.words) add(this.byWord, word, pattern);
        for (const prefix of start.prefixes) add(this.byPrefix, prefix.slice(0, MIN_PREFIX), pattern);
        if (start.numeric && !this.byNumber.includes(pattern)) this.byNumber.push(pattern);
      }
    }
  }

  /** Every match, in token order; at one start, each pattern matches at most once. */
  matchAll(tokens: Tokens): PatternMatch<T>[] {
    const matches: PatternMatch<T>[] = [];
    const present = new Set(tokens.words);
    const possible = new Map<CompiledPattern<T>, boolean>();
    const couldMatch = (pattern: CompiledPattern<T>) => {
      let verdict = possible.get(pattern);
      if (verdict === undefined) {
        verdict = (pattern.required ?? []).every((words) => anyPresent(words, present));
        possible.set(pattern, verdict);
      }
      return verdict;
    };
    for (let at = 0; at < tokens.count; at++) {
      const word = tokens.words[at] as string;
      const sentence = tokens.sentence[at] as number;
      const tryList = (list: readonly CompiledPattern<T>[] | undefined) => {
        if (list === undefined) return;
        for (const pattern of list) {
          if (!couldMatch(pattern)) continue;
          const end = matchFrom(pattern, tokens, 0, at, sentence);
          if (end > at) matches.push({ pattern, first: at, last: end });
        }
      };
      tryList(this.byWord.get(word));
      if (word.length >= MIN_PREFIX && this.byPrefix.size > 0)
        tryList(this.byPrefix.get(word.slice(0, MIN_PREFIX)));
      if (this.byNumber.length > 0 && word.charCodeAt(0) >= 48 && word.charCodeAt(0) <= 57)
        tryList(this.byNumber);
    }
    return matches;
  }
}

function anyPresent(words: ReadonlySet<string>, present: ReadonlySet<string>): boolean {
  if (words.size <= present.size) {
    for (const word of words) if (present.has(word)) return true;
  } else {
    for (const word of present) if (words.has(word)) return true;
  }
  return false;
}
