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
}

export class PatternError extends Error {
  constructor(pattern: string, reason: string) {
    super(`Pattern "${pattern}": ${reason}`);
    this.name = 'PatternError';
  }
}

const DIGITS = /^\d+$/;
const MIN_PREFIX = 3;
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

function wordMatches(element: WordElement, word: string): boolean {
  if (element.words.has(word)) return true;
  if (element.numeric && DIGITS.test(word)) return true;
  for (const prefix of element.prefixes) if (word.startsWith(prefix)) return true;
  return false;
}

/** Words a gap may not skip; set once from the rules file's negation words. */
let gapBarriers: ReadonlySet<string> = new Set();

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
      // Skipped words must lie in the sentence, and a gap never skips a negation:
      // "I am *not* suicidal" must not match "i am ~2 suicidal".
      if (skip > 0) {
        const skipped = at + skip - 1;
        if (skipped >= tokens.count || tokens.sentence[skipped] !== sentence) return -1;
        if (gapBarriers.has(tokens.words[skipped] as string)) return -1;
      }
      const end = matchFrom(pattern, tokens, element + 1, at + skip, sentence);
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
  /** The pattern's place in the rules file. */
  readonly order?: number;
}

/** Words so common that a pattern is never looked up by them if it has anything rarer. */
const COMMON_WORDS = new Set(
  (
    'i me my myself we our you your he him his she her it its they them their this that these those a an the ' +
    'and or but if so to of in on at by for with from up out about into over after before than then there here ' +
    'is am are was were be been being have has had do does did will would can could should may might must shall ' +
    'not no never just all any some more most very really too also only even still again now today get got go ' +
    'going gonna want like know think feel one what which who when where why how ? anyone someone everyone ' +
    'something anything everything time day week way good bad much many'
  ).split(' '),
);

/** Where a pattern is looked up: one of its required elements, and how far its start can lie before it. */
interface Anchor<T> {
  readonly pattern: CompiledPattern<T>;
  readonly id: number;
  /** The pattern's start lies between these many tokens before the anchor's token. */
  readonly minBefore: number;
  readonly maxBefore: number;
}

function widthRange(element: Element): [number, number] {
  if (element.kind === 'gap') return [0, element.max];
  const [low, high] =
    element.kind === 'word'
      ? [1, 1]
      : [
          Math.min(...element.phrases.map((p) => p.length)),
          Math.max(...element.phrases.map((p) => p.length)),
        ];
  return [element.optional ? 0 : low, high];
}

function wordCost(word: WordElement): number {
  let cost = word.prefixes.length * 50 + (word.numeric ? 200 : 0);
  for (const choice of word.words) cost += COMMON_WORDS.has(choice) ? 100 : 1;
  return cost;
}

/** In one phrase, the position of its rarest word. */
function rarestIn(phrase: readonly WordElement[]): number {
  let best = 0;
  phrase.forEach((word, index) => {
    if (wordCost(word) < wordCost(phrase[best] as WordElement)) best = index;
  });
  return best;
}

/** What an element is looked up by: a word and its distance from the element's start. */
function lookupsOf(element: WordElement | PhraseElement): { word: WordElement; offset: number }[] {
  if (element.kind === 'word') return [{ word: element, offset: 0 }];
  return element.phrases.map((phrase) => {
    const offset = rarestIn(phrase);
    return { word: phrase[offset] as WordElement, offset };
  });
}

/** The required element whose lookup words are rarest (common words cost most). */
function chooseAnchor(elements: readonly Element[]): number {
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  elements.forEach((element, index) => {
    if (element.kind === 'gap' || element.optional) return;
    const cost = lookupsOf(element).reduce((sum, lookup) => sum + wordCost(lookup.word), 0);
    if (cost < bestCost) {
      best = index;
      bestCost = cost;
    }
  });
  return best;
}

/**
 * All patterns indexed by the rarest word they require, so each token costs a map
 * lookup or two and a pattern is only tried near a token it could not match without.
 */
export class PatternIndex<T> {
  private readonly byWord = new Map<string, Anchor<T>[]>();
  private readonly byPrefix = new Map<string, Anchor<T>[]>();
  private readonly byNumber: Anchor<T>[] = [];

  private readonly barriers: ReadonlySet<string>;

  constructor(patterns: readonly CompiledPattern<T>[], options: { gapBarriers?: ReadonlySet<string> } = {}) {
    this.barriers = options.gapBarriers ?? new Set();
    const add = (map: Map<string, Anchor<T>[]>, key: string, anchor: Anchor<T>) => {
      const list = map.get(key);
      if (list === undefined) map.set(key, [anchor]);
      else if (!list.includes(anchor)) list.push(anchor);
    };
    patterns.forEach((pattern, id) => {
      const at = chooseAnchor(pattern.elements);
      let minBefore = 0;
      let maxBefore = 0;
      for (const element of pattern.elements.slice(0, at)) {
        const [low, high] = widthRange(element);
        minBefore += low;
        maxBefore += high;
      }
      for (const { word, offset } of lookupsOf(pattern.elements[at] as WordElement | PhraseElement)) {
        const anchor: Anchor<T> = {
          pattern,
          id,
          minBefore: minBefore + offset,
          maxBefore: maxBefore + offset,
        };
        for (const choice of word.words) add(this.byWord, choice, anchor);
        for (const prefix of word.prefixes) add(this.byPrefix, prefix.slice(0, MIN_PREFIX), anchor);
        if (word.numeric) this.byNumber.push(anchor);
      }
    });
  }

  /** Every match, in token order of discovery; at one start, each pattern matches at most once. */
  matchAll(tokens: Tokens): PatternMatch<T>[] {
    gapBarriers = this.barriers;
    const matches: PatternMatch<T>[] = [];
    const tried = new Set<number>();
    const tryAnchors = (list: readonly Anchor<T>[] | undefined, at: number, sentence: number) => {
      if (list === undefined) return;
      for (const anchor of list) {
        const from = Math.max(0, at - anchor.maxBefore);
        for (let start = at - anchor.minBefore; start >= from; start--) {
          if (tokens.sentence[start] !== sentence) break;
          const key = anchor.id * 4_194_304 + start;
          if (tried.has(key)) continue;
          tried.add(key);
          const end = matchFrom(anchor.pattern, tokens, 0, start, sentence);
          if (end > start)
            matches.push({ pattern: anchor.pattern, first: start, last: end, order: anchor.id });
        }
      }
    };
    for (let at = 0; at < tokens.count; at++) {
      const word = tokens.words[at] as string;
      const sentence = tokens.sentence[at] as number;
      tryAnchors(this.byWord.get(word), at, sentence);
      if (word.length >= MIN_PREFIX && this.byPrefix.size > 0) {
        tryAnchors(this.byPrefix.get(word.slice(0, MIN_PREFIX)), at, sentence);
      }
      const first = word.charCodeAt(0);
      if (this.byNumber.length > 0 && first >= 48 && first <= 57) tryAnchors(this.byNumber, at, sentence);
    }
    // Token order, then rule-file order: where two patterns of one rule start together,
    // the one written first is the one kept.
    return matches.sort((a, b) => a.first - b.first || (a.order ?? 0) - (b.order ?? 0));
  }
}
