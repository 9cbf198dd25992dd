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
import type { Lexicon, Tokens } from './tokenise.std.ts';

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

/*
 * Matching. The index gives every word any pattern names a row number once, when the
 * rules are loaded; a message's tokens are looked up once each, and from then on every
 * comparison is between integers.
 */

/** A token no pattern names and no prefix covers: it matches nothing. */
const NO_PATTERN_WORD = -1;
/** A number no pattern names as a word: only #num matches it. */
const OTHER_NUMBER = -2;
/** A word outside the vocabulary that a prefix may cover: compared by its text. */
const BY_TEXT = -3;

interface IndexedWord {
  readonly kind: 'word';
  readonly source: WordElement;
  readonly optional: boolean;
  /** The one vocabulary row it matches; -1 when it matches several (see rows) or none. */
  readonly only: number;
  /** Every vocabulary row it matches: its words, and the words its prefixes or #num cover. */
  readonly rows: ReadonlySet<number> | null;
}
/** Phrases of plain words, by the rows of their words: a phrase ends at each node in `ends`. */
interface PhraseTrie {
  next: Map<number, PhraseTrie> | null;
  readonly ends: number[];
}
interface IndexedPhrase {
  readonly kind: 'phrase';
  readonly optional: boolean;
  readonly phrases: readonly (readonly IndexedWord[])[];
  /** The phrases whose words are all plain words, found in one walk along the tokens. */
  readonly trie: ReadonlyMap<number, PhraseTrie>;
  /** The other phrases (a prefix or #num among their words) by the rows of their first words. */
  readonly checkedByFirstRow: ReadonlyMap<number, readonly number[]>;
  /** PhraseElement.anywhere: phrases starting with a prefix or a number, tried everywhere. */
  readonly anywhere: readonly (readonly IndexedWord[])[];
}
type IndexedElement = IndexedWord | GapElement | IndexedPhrase;

interface IndexedPattern<T> {
  readonly pattern: CompiledPattern<T>;
  /** The pattern's place in the list the index was built from. */
  readonly id: number;
  readonly elements: readonly IndexedElement[];
  /** The words its first element can begin with, for tokens compared by text. */
  readonly firstWords: readonly IndexedWord[];
  readonly firstNumeric: boolean;
}

/** Where a pattern is looked up: one of its required elements, and how far its start can lie before it. */
interface Anchor<T> {
  readonly pattern: IndexedPattern<T>;
  /** This anchor's own number, for remembering which starts it has tried. */
  readonly slot: number;
  readonly lookup: IndexedWord;
  /** The pattern's start lies between these many tokens before the anchor's token. */
  readonly minBefore: number;
  readonly maxBefore: number;
  /** Its word is the first the pattern can begin with, so a token that has it is a start. */
  readonly startsPattern: boolean;
}

/** One message's tokens as the matcher reads them. */
interface Scan {
  readonly rows: Int32Array;
  readonly words: readonly string[];
  readonly sentence: readonly number[];
  readonly count: number;
  /** 1 for the vocabulary rows a gap may not skip. */
  readonly barriers: Uint8Array;
}

function tokenMatches(element: IndexedWord, scan: Scan, at: number): boolean {
  const row = scan.rows[at] as number;
  if (row >= 0) return row === element.only || (element.rows !== null && element.rows.has(row));
  if (row === NO_PATTERN_WORD) return false;
  if (row === OTHER_NUMBER) return element.source.numeric;
  return wordMatches(element.source, scan.words[at] as string);
}

function wordAt(element: IndexedWord, scan: Scan, at: number, sentence: number): boolean {
  return at < scan.count && scan.sentence[at] === sentence && tokenMatches(element, scan, at);
}

function matchWords(words: readonly IndexedWord[], scan: Scan, at: number, sentence: number): number {
  for (let offset = 0; offset < words.length; offset++) {
    if (!wordAt(words[offset] as IndexedWord, scan, at + offset, sentence)) return -1;
  }
  return at + words.length;
}

/** Token index just past the match, or -1. Shortest gaps are tried first. */
function matchFrom(
  elements: readonly IndexedElement[],
  scan: Scan,
  element: number,
  at: number,
  sentence: number,
): number {
  if (element === elements.length) return at;
  const current = elements[element] as IndexedElement;
  if (current.kind === 'gap') {
    for (let skip = 0; skip <= current.max; skip++) {
      // Skipped words must lie in the sentence, and a gap never skips a negation:
      // "I am *not* suicidal" must not match "i am ~2 suicidal".
      if (skip > 0) {
        const skipped = at + skip - 1;
        if (skipped >= scan.count || scan.sentence[skipped] !== sentence) return -1;
        const row = scan.rows[skipped] as number;
        if (row >= 0 && scan.barriers[row] === 1) return -1;
      }
      const end = matchFrom(elements, scan, element + 1, at + skip, sentence);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (current.kind === 'phrase') {
    if (at < scan.count && scan.sentence[at] === sentence) {
      const row = scan.rows[at] as number;
      if (row >= 0) {
        const end = matchPhrasesStartingWith(current, row, elements, scan, element, at, sentence);
        if (end >= 0) return end;
      }
      const end = matchPhrases(current.anywhere, elements, scan, element, at, sentence);
      if (end >= 0) return end;
    }
    return current.optional ? matchFrom(elements, scan, element + 1, at, sentence) : -1;
  }
  if (wordAt(current, scan, at, sentence)) {
    const end = matchFrom(elements, scan, element + 1, at + 1, sentence);
    if (end >= 0) return end;
  }
  return current.optional ? matchFrom(elements, scan, element + 1, at, sentence) : -1;
}

/**
 * The phrases whose first word is this token's word (PhraseElement.byFirstWord), in the
 * order written: the first after which the rest of the pattern matches decides the end.
 */
function matchPhrasesStartingWith(
  current: IndexedPhrase,
  row: number,
  elements: readonly IndexedElement[],
  scan: Scan,
  element: number,
  at: number,
  sentence: number,
): number {
  let found: number[] | null = null;
  let node = current.trie.get(row);
  for (let next = at + 1; node !== undefined; next++) {
    if (node.ends.length > 0) {
      found ??= [];
      for (let index = 0; index < node.ends.length; index++) found.push(node.ends[index] as number);
    }
    if (node.next === null || next >= scan.count || scan.sentence[next] !== sentence) break;
    const nextRow = scan.rows[next] as number;
    node = nextRow >= 0 ? node.next.get(nextRow) : undefined;
  }
  const checked = current.checkedByFirstRow.size > 0 ? current.checkedByFirstRow.get(row) : undefined;
  if (checked !== undefined) {
    for (let index = 0; index < checked.length; index++) {
      const phrase = checked[index] as number;
      if (matchWords(current.phrases[phrase] as readonly IndexedWord[], scan, at, sentence) >= 0)
        (found ??= []).push(phrase);
    }
  }
  if (found === null) return -1;
  if (found.length > 1) found.sort((a, b) => a - b);
  for (let index = 0; index < found.length; index++) {
    const phrase = found[index] as number;
    const after = at + (current.phrases[phrase] as readonly IndexedWord[]).length;
    const end = matchFrom(elements, scan, element + 1, after, sentence);
    if (end >= 0) return end;
  }
  return -1;
}

/** The first of these phrases (in order) after which the rest of the pattern matches. */
function matchPhrases(
  phrases: readonly (readonly IndexedWord[])[],
  elements: readonly IndexedElement[],
  scan: Scan,
  element: number,
  at: number,
  sentence: number,
): number {
  for (let index = 0; index < phrases.length; index++) {
    const phrase = phrases[index] as readonly IndexedWord[];
    const after = matchWords(phrase, scan, at, sentence);
    if (after < 0) continue;
    const end = matchFrom(elements, scan, element + 1, after, sentence);
    if (end >= 0) return end;
  }
  return -1;
}

function isDigits(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The most word pairs one phrase is looked up by; beyond this, by one word. */
const MAX_PAIRS = 256;

/**
 * All patterns indexed by the rarest word they require, so each token costs a lookup and
 * a pattern is only tried near a token it could not match without, and only at a start
 * where its first word stands.
 */
export class PatternIndex<T> {
  /** Every word any pattern names, and every gap barrier: word -> row. */
  private readonly vocabulary = new Map<string, number>();
  private readonly barrierRows: Uint8Array;
  /** Anchors whose lookup word matches each vocabulary row. */
  private readonly anchorsByRow: (Anchor<T>[] | undefined)[];
  /** Anchors looked up by a prefix, by its first three letters, for words outside the vocabulary. */
  private readonly byPrefix = new Map<string, Anchor<T>[]>();
  private readonly byNumber: Anchor<T>[] = [];
  /** Anchors looked up by two neighbouring words: key row * pairWidth + next row. */
  private readonly byPair = new Map<number, Anchor<T>[]>();
  private readonly pairWidth: number;
  /** 1 for the rows some pair begins with. */
  private readonly pairStarts: Uint8Array;
  /** Every prefix any pattern uses, by its first three letters. */
  private readonly prefixes = new Map<string, string[]>();
  /** Bit (row, pattern): the pattern's first element matches that vocabulary word. */
  private readonly firstBits: Uint32Array;
  private readonly stride: number;
  /** Per anchor: the last start tried for the current message (valid when its stamp is current). */
  private readonly triedUpTo: Int32Array;
  private readonly triedStamp: Int32Array;
  private stamp = 0;
  private rowScratch = new Int32Array(256);
  /** The lexicon whose ids tokens may be read by, and each id's row. */
  private lexicon: Lexicon | null = null;
  private rowById = new Int32Array(0);

  constructor(patterns: readonly CompiledPattern<T>[], options: { gapBarriers?: ReadonlySet<string> } = {}) {
    const vocabulary = this.vocabulary;
    const words: string[] = [];
    const addWord = (word: string) => {
      if (!vocabulary.has(word)) {
        vocabulary.set(word, words.length);
        words.push(word);
      }
    };
    const forEachWord = (element: Element, visit: (word: WordElement) => void) => {
      if (element.kind === 'word') visit(element);
      else if (element.kind === 'phrase') for (const phrase of element.phrases) phrase.forEach(visit);
    };
    for (const pattern of patterns) {
      for (const element of pattern.elements) {
        forEachWord(element, (word) => {
          for (const choice of word.words) addWord(choice);
          for (const prefix of word.prefixes) {
            const key = prefix.slice(0, MIN_PREFIX);
            const list = this.prefixes.get(key);
            if (list === undefined) this.prefixes.set(key, [prefix]);
            else if (!list.includes(prefix)) list.push(prefix);
          }
        });
      }
    }
    const barriers = options.gapBarriers ?? new Set<string>();
    for (const word of barriers) addWord(word);
    this.barrierRows = new Uint8Array(words.length);
    for (const word of barriers) this.barrierRows[vocabulary.get(word) as number] = 1;

    // The vocabulary words #num and each prefix can cover, found without a scan per element.
    const numberRows: number[] = [];
    const rowsByFirstLetters = new Map<string, number[]>();
    words.forEach((word, row) => {
      if (DIGITS.test(word)) numberRows.push(row);
      if (word.length < MIN_PREFIX) return;
      const key = word.slice(0, MIN_PREFIX);
      const list = rowsByFirstLetters.get(key);
      if (list === undefined) rowsByFirstLetters.set(key, [row]);
      else list.push(row);
    });

    // Each word element once, with the vocabulary rows it matches.
    const indexed = new Map<WordElement, IndexedWord>();
    const indexWord = (word: WordElement): IndexedWord => {
      let result = indexed.get(word);
      if (result !== undefined) return result;
      const rows = new Set<number>();
      for (const choice of word.words) rows.add(vocabulary.get(choice) as number);
      if (word.numeric) for (const row of numberRows) rows.add(row);
      for (const prefix of word.prefixes) {
        for (const row of rowsByFirstLetters.get(prefix.slice(0, MIN_PREFIX)) ?? []) {
          if ((words[row] as string).startsWith(prefix)) rows.add(row);
        }
      }
      const [only] = rows;
      result = {
        kind: 'word',
        source: word,
        optional: word.optional,
        only: rows.size === 1 ? (only as number) : -1,
        rows: rows.size > 1 ? rows : null,
      };
      indexed.set(word, result);
      return result;
    };
    const indexPhrase = (element: PhraseElement): IndexedPhrase => {
      const phrases = element.phrases.map((phrase) => phrase.map(indexWord));
      const trie = new Map<number, PhraseTrie>();
      const checkedByFirstRow = new Map<number, number[]>();
      phrases.forEach((phrase, index) => {
        if (phrase.some((word) => word.source.numeric || word.source.prefixes.length > 0)) {
          for (const word of (phrase[0] as IndexedWord).source.words) {
            const row = vocabulary.get(word) as number;
            checkedByFirstRow.set(row, [...(checkedByFirstRow.get(row) ?? []), index]);
          }
          return;
        }
        // Plain words match exactly their rows, so the phrase is a set of row paths.
        let level = [trie];
        let nodes: PhraseTrie[] = [];
        phrase.forEach((word, offset) => {
          const reached = new Set<PhraseTrie>();
          const rows = word.only >= 0 ? [word.only] : [...(word.rows ?? [])];
          for (const map of level) {
            for (const row of rows) {
              let node = map.get(row);
              if (node === undefined) {
                node = { next: null, ends: [] };
                map.set(row, node);
              }
              reached.add(node);
            }
          }
          nodes = [...reached];
          if (offset < phrase.length - 1) level = nodes.map((node) => (node.next ??= new Map()));
        });
        for (const node of nodes) node.ends.push(index);
      });
      return {
        kind: 'phrase',
        optional: element.optional,
        phrases,
        trie,
        checkedByFirstRow,
        anywhere: element.anywhere.map((phrase) => phrase.map(indexWord)),
      };
    };

    /** The keys of two neighbouring plain words, or null when they are not plain or too many. */
    const pairRows = (first: WordElement, second: WordElement): number[] | null => {
      const rowsOf = (word: IndexedWord) => (word.only >= 0 ? [word.only] : [...(word.rows ?? [])]);
      const [a, b] = [indexWord(first), indexWord(second)];
      if ([a, b].some((word) => word.source.numeric || word.source.prefixes.length > 0)) return null;
      const [firstRows, secondRows] = [rowsOf(a), rowsOf(b)];
      if (firstRows.length * secondRows.length > MAX_PAIRS) return null;
      return firstRows.flatMap((row) => secondRows.map((next) => row * words.length + next));
    };

    this.stride = Math.ceil(patterns.length / 32);
    this.firstBits = new Uint32Array(words.length * this.stride);
    this.anchorsByRow = Array.from({ length: words.length }, () => undefined);
    const anchors: Anchor<T>[] = [];
    const pairStarts = new Set<number>();
    patterns.forEach((pattern, id) => {
      const elements = pattern.elements.map((element): IndexedElement =>
        element.kind === 'gap'
          ? element
          : element.kind === 'word'
            ? indexWord(element)
            : indexPhrase(element),
      );
      const first = pattern.elements[0] as WordElement | PhraseElement;
      const firstWords = [
        ...new Set(first.kind === 'word' ? [first] : first.phrases.map((phrase) => phrase[0] as WordElement)),
      ].map(indexWord);
      for (const first of firstWords) {
        const mark = (row: number) => {
          const at = row * this.stride + (id >>> 5);
          this.firstBits[at] = ((this.firstBits[at] as number) | (1 << (id & 31))) >>> 0;
        };
        if (first.only >= 0) mark(first.only);
        for (const row of first.rows ?? []) mark(row);
      }
      const entry: IndexedPattern<T> = {
        pattern,
        id,
        elements,
        firstWords,
        firstNumeric: firstWords.some((word) => word.source.numeric),
      };

      const at = chooseAnchor(pattern.elements);
      let minBefore = 0;
      let maxBefore = 0;
      for (const element of pattern.elements.slice(0, at)) {
        const [low, high] = widthRange(element);
        minBefore += low;
        maxBefore += high;
      }
      const anchorElement = pattern.elements[at] as WordElement | PhraseElement;
      for (const phrase of anchorElement.kind === 'word' ? [[anchorElement]] : anchorElement.phrases) {
        const offset = rarestIn(phrase);
        const word = phrase[offset] as WordElement;
        const lookup = indexWord(word);
        // In a phrase, two neighbouring words are looked up together: "not only" is far
        // rarer than "not", and a pattern is only tried where both stand.
        const pairAt = offset + 1 < phrase.length ? offset : offset - 1;
        const pair =
          pairAt >= 0 ? pairRows(phrase[pairAt] as WordElement, phrase[pairAt + 1] as WordElement) : null;
        const anchor: Anchor<T> = {
          pattern: entry,
          slot: anchors.length,
          lookup,
          minBefore: minBefore + (pair === null ? offset : pairAt),
          maxBefore: maxBefore + (pair === null ? offset : pairAt),
          startsPattern: at === 0 && (pair === null ? offset : pairAt) === 0,
        };
        anchors.push(anchor);
        const add = (list: Anchor<T>[] | undefined): Anchor<T>[] => {
          if (list === undefined) return [anchor];
          if (!list.includes(anchor)) list.push(anchor);
          return list;
        };
        if (pair !== null) {
          for (const key of pair) {
            this.byPair.set(key, add(this.byPair.get(key)));
            pairStarts.add(Math.floor(key / words.length));
          }
          continue;
        }
        if (lookup.only >= 0) this.anchorsByRow[lookup.only] = add(this.anchorsByRow[lookup.only]);
        for (const row of lookup.rows ?? []) this.anchorsByRow[row] = add(this.anchorsByRow[row]);
        for (const prefix of word.prefixes) {
          const key = prefix.slice(0, MIN_PREFIX);
          this.byPrefix.set(key, add(this.byPrefix.get(key)));
        }
        if (word.numeric) add(this.byNumber);
      }
    });
    this.pairStarts = new Uint8Array(words.length);
    for (const row of pairStarts) this.pairStarts[row] = 1;
    this.triedUpTo = new Int32Array(anchors.length);
    this.pairWidth = words.length;
    this.triedStamp = new Int32Array(anchors.length);
  }

  /** The vocabulary row of each token, or how a word outside it is compared. */
  private rowsOf(tokens: Tokens): Int32Array {
    if (this.rowScratch.length < tokens.count) this.rowScratch = new Int32Array(tokens.count * 2);
    const rows = this.rowScratch;
    const rowById = tokens.lexicon === this.lexicon ? this.rowById : null;
    for (let at = 0; at < tokens.count; at++) {
      const id = tokens.ids[at] as number;
      if (rowById !== null && id >= 0) rows[at] = rowById[id] as number;
      else {
        // A word the lexicon lacks is no vocabulary word either, when the lexicon is ours.
        const word = tokens.words[at] as string;
        const row = rowById === null ? this.vocabulary.get(word) : undefined;
        rows[at] = row ?? this.rowOutside(word);
      }
    }
    return rows;
  }

  private rowOutside(word: string): number {
    return this.mayMatchPrefix(word) ? BY_TEXT : isDigits(word) ? OTHER_NUMBER : NO_PATTERN_WORD;
  }

  /** Every word the patterns name, and the gap barriers: a lexicon for this index holds them all. */
  words(): string[] {
    return [...this.vocabulary.keys()];
  }

  /**
   * Reads tokens made with this lexicon by their ids, not their text. The lexicon must
   * hold every word of words().
   */
  useLexicon(lexicon: Lexicon): void {
    const missing = this.words().find((word) => !lexicon.has(word));
    if (missing !== undefined) throw new Error('The lexicon lacks a word the patterns name.');
    const rowById = new Int32Array(lexicon.size);
    for (let id = 0; id < lexicon.size; id++) {
      const word = lexicon.wordOf(id) as string;
      rowById[id] = this.vocabulary.get(word) ?? this.rowOutside(word);
    }
    this.lexicon = lexicon;
    this.rowById = rowById;
  }

  private mayMatchPrefix(word: string): boolean {
    if (this.prefixes.size === 0 || word.length < MIN_PREFIX) return false;
    const candidates = this.prefixes.get(word.slice(0, MIN_PREFIX));
    return candidates !== undefined && candidates.some((prefix) => word.startsWith(prefix));
  }

  private firstMatches(pattern: IndexedPattern<T>, scan: Scan, start: number): boolean {
    const row = scan.rows[start] as number;
    if (row >= 0) {
      const bits = this.firstBits[row * this.stride + (pattern.id >>> 5)] as number;
      return (bits & (1 << (pattern.id & 31))) !== 0;
    }
    if (row === NO_PATTERN_WORD) return false;
    if (row === OTHER_NUMBER) return pattern.firstNumeric;
    const word = scan.words[start] as string;
    return pattern.firstWords.some((first) => wordMatches(first.source, word));
  }

  /** Every match, ordered by first token, then by the pattern's place in the list. */
  matchAll(tokens: Tokens): PatternMatch<T>[] {
    const scan: Scan = {
      rows: this.rowsOf(tokens),
      words: tokens.words,
      sentence: tokens.sentence,
      count: tokens.count,
      barriers: this.barrierRows,
    };
    if (this.stamp >= 0x3fffffff) {
      this.stamp = 0;
      this.triedStamp.fill(0);
    }
    const stamp = ++this.stamp;
    const matches: PatternMatch<T>[] = [];
    let sentenceFirst = 0;
    for (let at = 0; at < scan.count; at++) {
      const sentence = scan.sentence[at] as number;
      if (sentence !== scan.sentence[sentenceFirst]) sentenceFirst = at;
      const row = scan.rows[at] as number;
      if (row >= 0) {
        const single = this.anchorsByRow[row];
        if (single !== undefined) this.tryAnchors(single, true, scan, at, sentenceFirst, stamp, matches);
        const next = at + 1;
        if (
          this.pairStarts[row] === 1 &&
          next < scan.count &&
          scan.sentence[next] === sentence &&
          (scan.rows[next] as number) >= 0
        ) {
          const pair = this.byPair.get(row * this.pairWidth + (scan.rows[next] as number));
          if (pair !== undefined) this.tryAnchors(pair, true, scan, at, sentenceFirst, stamp, matches);
        }
      } else if (row === OTHER_NUMBER) {
        this.tryAnchors(this.byNumber, false, scan, at, sentenceFirst, stamp, matches);
      } else if (row === BY_TEXT) {
        const list = this.textAnchors(scan.words[at] as string);
        if (list !== undefined) this.tryAnchors(list, false, scan, at, sentenceFirst, stamp, matches);
      }
    }
    // Token order, then rule-file order: where two patterns of one rule start together,
    // the one written first is the one kept. A pattern found through two of its anchors
    // is kept once.
    matches.sort((a, b) => a.first - b.first || (a.order ?? 0) - (b.order ?? 0));
    let kept = 0;
    for (let index = 0; index < matches.length; index++) {
      const match = matches[index] as PatternMatch<T>;
      const previous = kept > 0 ? (matches[kept - 1] as PatternMatch<T>) : null;
      if (previous !== null && previous.first === match.first && previous.order === match.order) continue;
      matches[kept++] = match;
    }
    matches.length = kept;
    return matches;
  }

  /** exact: the token has the anchors' own words (not just a prefix's first letters or a digit). */
  private tryAnchors(
    list: readonly Anchor<T>[],
    exact: boolean,
    scan: Scan,
    at: number,
    sentenceFirst: number,
    stamp: number,
    matches: PatternMatch<T>[],
  ): void {
    const sentence = scan.sentence[at] as number;
    for (let index = 0; index < list.length; index++) {
      const anchor = list[index] as Anchor<T>;
      // A pattern's possible starts for this anchor, less those it tried already:
      // both ends of the window only move forward as the scan does.
      const slot = anchor.slot;
      let from = Math.max(at - anchor.maxBefore, sentenceFirst);
      const to = at - anchor.minBefore;
      if (this.triedStamp[slot] === stamp) from = Math.max(from, (this.triedUpTo[slot] as number) + 1);
      if (from > to) continue;
      this.triedStamp[slot] = stamp;
      this.triedUpTo[slot] = to;
      const pattern = anchor.pattern;
      const known = exact && anchor.startsPattern;
      for (let start = from; start <= to; start++) {
        if (!known && !this.firstMatches(pattern, scan, start)) continue;
        const end = matchFrom(pattern.elements, scan, 0, start, sentence);
        if (end > start)
          matches.push({ pattern: pattern.pattern, first: start, last: end, order: pattern.id });
      }
    }
  }

  private textAnchors(word: string): readonly Anchor<T>[] | undefined {
    const byPrefix = this.byPrefix.get(word.slice(0, MIN_PREFIX));
    const code = word.charCodeAt(0);
    if (code < 48 || code > 57 || this.byNumber.length === 0) return byPrefix;
    return byPrefix === undefined ? this.byNumber : [...byPrefix, ...this.byNumber];
  }
}
