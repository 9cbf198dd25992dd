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
 * matcher.std.ts finds every pattern's matches in a message.
 */

export interface WordElement {
  kind: 'word';
  words: ReadonlySet<string>;
  prefixes: readonly string[];
  numeric: boolean;
  optional: boolean;
}
export interface GapElement {
  kind: 'gap';
  max: number;
}
export interface PhraseElement {
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
export type Element = WordElement | GapElement | PhraseElement;

export interface CompiledPattern<T> {
  readonly source: string;
  readonly elements: readonly Element[];
  readonly owner: T;
}

export class PatternError extends Error {
  constructor(pattern: string, reason: string) {
    super(`Pattern "${pattern}": ${reason}`);
    this.name = 'PatternError';
  }
}

export const DIGITS = /^\d+$/;
export const MIN_PREFIX = 3;
/** The longest gap a pattern may have: longer reaches start matching unrelated words. */
const MAX_GAP = 12;

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
    const gap = /^~(\d{1,2})$/.exec(part);
    if (gap !== null) {
      const max = Number(gap[1]);
      if (max < 1 || max > MAX_GAP) throw new PatternError(source, `a gap must be ~1 to ~${MAX_GAP}.`);
      return { kind: 'gap', max };
    }
    if (part.startsWith('~'))
      throw new PatternError(source, `"${part}" is not a gap; write ~1 to ~${MAX_GAP}.`);
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
  return { source, elements, owner };
}

/** Whether a word read as text (not by its row in an index) is one the element names. */
export function wordMatches(element: WordElement, word: string): boolean {
  if (element.words.has(word)) return true;
  if (element.numeric && DIGITS.test(word)) return true;
  for (const prefix of element.prefixes) if (word.startsWith(prefix)) return true;
  return false;
}
/** A pattern found in a message. */
export interface PatternMatch<T> {
  readonly pattern: CompiledPattern<T>;
  /** Token range [first, last). */
  readonly first: number;
  readonly last: number;
  /** The pattern's place in the rules file. */
  readonly order?: number;
}
