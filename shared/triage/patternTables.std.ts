/**
 * The triage patterns (patterns.std.ts) compiled into the flat typed arrays the matcher
 * (matcher.std.ts) reads, once, when the rules load:
 *  - every word a pattern names (and every gap barrier) gets a row number;
 *  - each word choice becomes the one row it matches or a bit set of rows;
 *  - each pattern becomes a list of elements (word, gap, phrase set), and each phrase set
 *    a list of phrases, found by the row of their first word;
 *  - each pattern is indexed by its rarest required word (its anchor), or by that word
 *    and its neighbour, with how far before it the pattern's start can lie;
 *  - each pattern gets the words its other required elements need, so it is only tried
 *    in a sentence that has them.
 */
import { DIGITS, MIN_PREFIX } from './patterns.std.ts';
import type { CompiledPattern, Element, PhraseElement, WordElement } from './patterns.std.ts';
import { IntMap } from './intMap.std.ts';

/** Element kinds in the compiled patterns. */
export const WORD = 0;
export const GAP = 1;
export const PHRASE = 2;

/** The most word pairs one phrase is looked up by; beyond this, by one word. */
const MAX_PAIRS = 256;
/** The most rows a required element is checked by before a pattern is tried (see wordsPresent). */
const MAX_CHECK_ROWS = 12;
/** The fewest phrases a list starting with one word has for it to be narrowed by the next word. */
const MIN_NARROWED = 6;

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

/** The commonest of the common: a pattern looked up by one of these is tried in almost every sentence. */
const COMMONEST_WORDS = new Set(
  'i to the a and my it is of in you that me for not am do have be ? on with so this but just was what can'.split(
    ' ',
  ),
);

function wordCost(word: WordElement): number {
  let cost = word.prefixes.length * 50 + (word.numeric ? 200 : 0);
  for (const choice of word.words)
    cost += COMMONEST_WORDS.has(choice) ? 1000 : COMMON_WORDS.has(choice) ? 100 : 1;
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

/** Lists of numbers built one key at a time, then laid out end to end (key k: start[k]..start[k + 1]). */
class ListsBuilder {
  private readonly lists: number[][] = [];

  add(key: number, value: number): void {
    const list = (this.lists[key] ??= []);
    if (!list.includes(value)) list.push(value);
  }

  get(key: number): readonly number[] {
    return this.lists[key] ?? [];
  }

  build(keys: number): { start: Int32Array; items: Int32Array } {
    const start = new Int32Array(keys + 1);
    const items: number[] = [];
    for (let key = 0; key < keys; key++) {
      start[key] = items.length;
      for (const value of this.lists[key] ?? []) items.push(value);
    }
    start[keys] = items.length;
    return { start, items: Int32Array.from(items) };
  }
}

/** The compiled patterns; PatternIndex matches with them. */
export class PatternTables {
  /** Every word any pattern names, and every gap barrier: word -> row. */
  protected readonly vocabulary = new Map<string, number>();
  protected readonly rowCount: number;
  /** 1 for the rows a gap may not skip (negations). */
  protected readonly barrierRows: Uint8Array;
  /** Every prefix any pattern uses, by its first three letters. */
  protected readonly prefixes = new Map<string, string[]>();

  /* Word choices, each once: the one row it matches, or its rows as a bit set. */
  protected readonly wordOnly: Int32Array;
  /** Where a word's bit set starts in wordBits; -1 when it matches one row or none. */
  protected readonly wordBitsAt: Int32Array;
  protected readonly wordBits: Uint32Array;
  protected readonly wordNumeric: Uint8Array;
  protected readonly wordSources: readonly WordElement[];

  /* Patterns as flat element lists: pattern p's elements run from elementsFrom[p] to elementsFrom[p + 1]. */
  protected readonly elementsFrom: Int32Array;
  protected readonly elementKind: Uint8Array;
  protected readonly elementOptional: Uint8Array;
  /** A word element's word, a gap's length, a phrase element's phrase set. */
  protected readonly elementArg: Int32Array;

  /* Phrases, numbered across all phrase sets: phrase f's words run from phraseFrom[f] to phraseFrom[f + 1]. */
  protected readonly phraseFrom: Int32Array;
  protected readonly phraseWords: Int32Array;
  /** (set * rowCount + row) -> list in byFirstRow: the set's phrases whose first word names the row, in order. */
  protected readonly phrasesByFirstRow: IntMap;
  protected readonly byFirstRow: { start: Int32Array; items: Int32Array };
  /** Per list in byFirstRow: 1 when no two of its phrases can stand at the same token. */
  protected readonly listExclusive: Uint8Array;
  /**
   * A long list narrowed by the row of the token after the first: (list * rowCount + row)
   * -> the list in byFirstRow of its phrases that can stand there (those of one word, and
   * those whose second word has that row), in order. NO_NARROWING: the list is short.
   */
  protected readonly narrowedByNext: IntMap;
  /** Per list: 1 when it is narrowed by the next token's row (a row no phrase's second word has: narrowedOther). */
  protected readonly listNarrows: Uint8Array;
  /** Per narrowed list: its phrases of one word, for a next token of a row no second word has. */
  protected readonly narrowedOther: Int32Array;
  /** Per set: its phrases starting with a prefix or a number, tried at every token, in order. */
  protected readonly anywhere: { start: Int32Array; items: Int32Array };
  /** Per set: 1 when it has such phrases. */
  protected readonly setAnywhere: Uint8Array;
  /** Bit (set, row): some phrase of the set begins with the row's word. */
  protected readonly setFirstBits: Uint32Array;
  protected readonly rowWords: number;

  /* Anchors: where a pattern is looked up, and how far before it its start can lie. */
  protected readonly anchorPattern: Int32Array;
  protected readonly anchorMinBefore: Int32Array;
  protected readonly anchorMaxBefore: Int32Array;
  /** 1 when its word is the first the pattern begins with, so a token that has it is a start. */
  protected readonly anchorStartsPattern: Uint8Array;
  /** Anchors by the row of their word. */
  protected readonly anchorsByRow: { start: Int32Array; items: Int32Array };
  /** Anchors by two neighbouring rows (row * rowCount + next) -> list in anchorsByPair. */
  protected readonly pairLists: IntMap;
  protected readonly anchorsByPair: { start: Int32Array; items: Int32Array };
  /**
   * Per row: a bit for each row a pair starting with it may go on to (bit next & 31),
   * so most tokens are passed over without a lookup; 0 for a row no pair starts with.
   */
  protected readonly pairNextBits: Int32Array;
  protected readonly anchorsByNumber: Int32Array;
  /** Anchors looked up by a prefix, by its first three letters, for words outside the vocabulary. */
  protected readonly anchorsByPrefix = new Map<string, Int32Array>();

  /**
   * Per pattern, checks (patternChecks[checksFrom[p]] to [checksFrom[p + 1]]), each a
   * list of rows (checkRowsFrom[c] to checkRowsFrom[c + 1] in checkRows) of which one
   * must stand in the sentence for the pattern to match there. Patterns share checks
   * ("myself|yourself"), each numbered once, so a sentence answers each once.
   */
  protected readonly checksFrom: Int32Array;
  protected readonly patternChecks: Int32Array;
  protected readonly checkRowsFrom: Int32Array;
  /**
   * Per check: a bit for each of its rows (bit row & 63, as two 32-bit halves), so a
   * sentence whose rows have none of its bits is known to lack it at once.
   */
  protected readonly checkBits: Int32Array;
  protected readonly checkRows: Int32Array;

  constructor(patterns: readonly CompiledPattern<unknown>[], barriers: ReadonlySet<string>) {
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
    for (const word of barriers) addWord(word);
    const rowCount = words.length;
    this.rowCount = rowCount;
    this.barrierRows = new Uint8Array(rowCount);
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

    // Each word choice once, with the vocabulary rows it matches.
    const rowWords = Math.ceil(rowCount / 32);
    const wordOnly: number[] = [];
    const wordBitsAt: number[] = [];
    const wordBits: number[] = [];
    const wordNumeric: number[] = [];
    const wordSources: WordElement[] = [];
    const wordRows: number[][] = [];
    const byElement = new Map<WordElement, number>();
    const byContent = new Map<string, number>();
    const indexWord = (word: WordElement): number => {
      let index = byElement.get(word);
      if (index !== undefined) return index;
      const content = JSON.stringify([[...word.words].sort(), word.prefixes, word.numeric]);
      index = byContent.get(content);
      if (index === undefined) {
        const rows = new Set<number>();
        for (const choice of word.words) rows.add(vocabulary.get(choice) as number);
        if (word.numeric) for (const row of numberRows) rows.add(row);
        for (const prefix of word.prefixes) {
          for (const row of rowsByFirstLetters.get(prefix.slice(0, MIN_PREFIX)) ?? []) {
            if ((words[row] as string).startsWith(prefix)) rows.add(row);
          }
        }
        index = wordOnly.length;
        const [only] = rows;
        wordOnly.push(rows.size === 1 ? (only as number) : -1);
        wordBitsAt.push(rows.size > 1 ? wordBits.length : -1);
        if (rows.size > 1) {
          const bits = new Array<number>(rowWords).fill(0);
          for (const row of rows) bits[row >>> 5] = ((bits[row >>> 5] as number) | (1 << (row & 31))) >>> 0;
          wordBits.push(...bits);
        }
        wordNumeric.push(word.numeric ? 1 : 0);
        wordSources.push(word);
        wordRows.push([...rows]);
        byContent.set(content, index);
      }
      byElement.set(word, index);
      return index;
    };

    // Phrase sets: their phrases' words, and the phrases by the rows of their first words.
    const phraseFrom: number[] = [0];
    const phraseWords: number[] = [];
    const setFrom: number[] = [0];
    const byFirstRow = new ListsBuilder();
    const anywhere = new ListsBuilder();
    this.phrasesByFirstRow = new IntMap(4096);
    let firstRowLists = 0;
    const setFirstRows: [number, number][] = [];
    const indexPhrases = (element: PhraseElement): number => {
      const set = setFrom.length - 1;
      const anywhereSet = new Set(element.anywhere);
      element.phrases.forEach((phrase) => {
        const id = phraseFrom.length - 1;
        for (const word of phrase) phraseWords.push(indexWord(word));
        phraseFrom.push(phraseWords.length);
        for (const word of (phrase[0] as WordElement).words) {
          const key = set * rowCount + (vocabulary.get(word) as number);
          let list = this.phrasesByFirstRow.get(key);
          if (list < 0) {
            this.phrasesByFirstRow.set(key, (list = firstRowLists++));
            setFirstRows.push([set, vocabulary.get(word) as number]);
          }
          byFirstRow.add(list, id);
        }
        if (anywhereSet.has(phrase)) anywhere.add(set, id);
      });
      setFrom.push(phraseFrom.length - 1);
      return set;
    };

    /** The keys of two neighbouring plain words, or null when they are not plain or too many. */
    const pairKeys = (first: WordElement, second: WordElement): number[] | null => {
      if ([first, second].some((word) => word.numeric || word.prefixes.length > 0)) return null;
      const firstRows = wordRows[indexWord(first)] as number[];
      const secondRows = wordRows[indexWord(second)] as number[];
      if (firstRows.length * secondRows.length > MAX_PAIRS) return null;
      return firstRows.flatMap((row) => secondRows.map((next) => row * rowCount + next));
    };

    const elementsFrom: number[] = [0];
    const elementKind: number[] = [];
    const elementOptional: number[] = [];
    const elementArg: number[] = [];
    const checks: number[][][] = [];
    /**
     * For each required element but the anchor's: rows one of which stands in every
     * match of it (any word of a word choice, or one plain word from each of its
     * phrases), fewest first; an element that has none or too many is not checked.
     */
    const presenceChecks = (elements: readonly Element[], anchor: number): number[][] => {
      const found: number[][] = [];
      elements.forEach((element, index) => {
        if (index === anchor || element.kind === 'gap' || element.optional) return;
        const rows = new Set<number>();
        for (const phrase of element.kind === 'word' ? [[element]] : element.phrases) {
          const plain = phrase.filter((word) => !word.numeric && word.prefixes.length === 0);
          if (plain.length === 0) return;
          const fewest = plain.reduce((best, word) => (word.words.size < best.words.size ? word : best));
          for (const row of wordRows[indexWord(fewest)] as number[]) rows.add(row);
        }
        if (rows.size <= MAX_CHECK_ROWS) found.push([...rows]);
      });
      return found.sort((a, b) => a.length - b.length);
    };
    const anchorPattern: number[] = [];
    const anchorMinBefore: number[] = [];
    const anchorMaxBefore: number[] = [];
    const anchorStartsPattern: number[] = [];
    const anchorsByRow = new ListsBuilder();
    const anchorsByPair = new ListsBuilder();
    this.pairLists = new IntMap(1024);
    let pairListCount = 0;
    const pairLookups = new Set<number>();
    const anchorsByNumber: number[] = [];
    const anchorsByPrefix = new Map<string, number[]>();

    patterns.forEach((pattern, id) => {
      for (const element of pattern.elements) {
        elementKind.push(element.kind === 'word' ? WORD : element.kind === 'gap' ? GAP : PHRASE);
        elementOptional.push(element.kind !== 'gap' && element.optional ? 1 : 0);
        elementArg.push(
          element.kind === 'word'
            ? indexWord(element)
            : element.kind === 'gap'
              ? element.max
              : indexPhrases(element),
        );
      }
      elementsFrom.push(elementKind.length);

      const at = chooseAnchor(pattern.elements);
      checks.push(presenceChecks(pattern.elements, at));
      let minBefore = 0;
      let maxBefore = 0;
      for (const element of pattern.elements.slice(0, at)) {
        const [low, high] = widthRange(element);
        minBefore += low;
        maxBefore += high;
      }
      const anchorElement = pattern.elements[at] as WordElement | PhraseElement;
      const anchorsOfPattern = new Map<string, number>();
      for (const phrase of anchorElement.kind === 'word' ? [[anchorElement]] : anchorElement.phrases) {
        const offset = rarestIn(phrase);
        const word = phrase[offset] as WordElement;
        // In a phrase, two neighbouring words are looked up together: "not only" is far
        // rarer than "not", and a pattern is only tried where both stand.
        const pairAt = offset + 1 < phrase.length ? offset : offset - 1;
        const pair =
          pairAt >= 0 ? pairKeys(phrase[pairAt] as WordElement, phrase[pairAt + 1] as WordElement) : null;
        const before = pair === null ? offset : pairAt;
        // One anchor per distinct lookup and distance: the same start is tried once.
        const key = JSON.stringify([pair ?? indexWord(word), before]);
        let anchor = anchorsOfPattern.get(key);
        if (anchor === undefined) {
          anchor = anchorPattern.length;
          anchorsOfPattern.set(key, anchor);
          anchorPattern.push(id);
          anchorMinBefore.push(minBefore + before);
          anchorMaxBefore.push(maxBefore + before);
          anchorStartsPattern.push(at === 0 && before === 0 ? 1 : 0);
        }
        if (pair !== null) {
          for (const key of pair) {
            let list = this.pairLists.get(key);
            if (list < 0) this.pairLists.set(key, (list = pairListCount++));
            anchorsByPair.add(list, anchor);
            pairLookups.add(key);
          }
          continue;
        }
        for (const row of wordRows[indexWord(word)] as number[]) anchorsByRow.add(row, anchor);
        for (const prefix of word.prefixes) {
          const list = anchorsByPrefix.get(prefix.slice(0, MIN_PREFIX)) ?? [];
          if (!list.includes(anchor)) list.push(anchor);
          anchorsByPrefix.set(prefix.slice(0, MIN_PREFIX), list);
        }
        if (word.numeric && !anchorsByNumber.includes(anchor)) anchorsByNumber.push(anchor);
      }
    });

    this.wordOnly = Int32Array.from(wordOnly);
    this.wordBitsAt = Int32Array.from(wordBitsAt);
    this.wordBits = Uint32Array.from(wordBits);
    this.wordNumeric = Uint8Array.from(wordNumeric);
    this.wordSources = wordSources;
    this.elementsFrom = Int32Array.from(elementsFrom);
    this.elementKind = Uint8Array.from(elementKind);
    this.elementOptional = Uint8Array.from(elementOptional);
    this.elementArg = Int32Array.from(elementArg);
    this.phraseFrom = Int32Array.from(phraseFrom);
    this.phraseWords = Int32Array.from(phraseWords);
    // Long lists ("not" starts eighty guard phrases) narrowed by the second word, so a
    // token is compared with the few phrases whose first two words it could begin.
    this.narrowedByNext = new IntMap(1024);
    this.listNarrows = new Uint8Array(firstRowLists);
    this.narrowedOther = new Int32Array(firstRowLists).fill(-1);
    let listCount = firstRowLists;
    const narrowedLists = new Map<string, number>();
    const narrowedList = (phrases: readonly number[]): number => {
      const key = phrases.join(',');
      let list = narrowedLists.get(key);
      if (list === undefined) {
        list = listCount++;
        narrowedLists.set(key, list);
        for (const phrase of phrases) byFirstRow.add(list, phrase);
      }
      return list;
    };
    for (let list = 0; list < firstRowLists; list++) {
      const phrases = byFirstRow.get(list);
      if (phrases.length < MIN_NARROWED || list * rowCount + rowCount > 0x7fffffff) continue;
      const secondRows = (phrase: number): readonly number[] => {
        const first = phraseFrom[phrase] as number;
        return (phraseFrom[phrase + 1] as number) - first < 2
          ? []
          : (wordRows[phraseWords[first + 1] as number] as number[]);
      };
      const single = phrases.filter(
        (phrase) => (phraseFrom[phrase + 1] as number) - (phraseFrom[phrase] as number) === 1,
      );
      const nextRows = new Set(phrases.flatMap(secondRows));
      this.listNarrows[list] = 1;
      this.narrowedOther[list] = narrowedList(single);
      for (const row of nextRows) {
        const standing = phrases.filter(
          (phrase) =>
            (phraseFrom[phrase + 1] as number) - (phraseFrom[phrase] as number) === 1 ||
            secondRows(phrase).includes(row),
        );
        this.narrowedByNext.set(list * rowCount + row, narrowedList(standing));
      }
    }
    this.byFirstRow = byFirstRow.build(listCount);
    // Two plain phrases cannot both stand at a token when at some place within both
    // their words have no row in common.
    const apart = (a: number, b: number) => {
      const [aFrom, bFrom] = [phraseFrom[a] as number, phraseFrom[b] as number];
      const shorter = Math.min((phraseFrom[a + 1] as number) - aFrom, (phraseFrom[b + 1] as number) - bFrom);
      for (let offset = 0; offset < shorter; offset++) {
        const [first, second] = [
          phraseWords[aFrom + offset] as number,
          phraseWords[bFrom + offset] as number,
        ];
        if (wordNumeric[first] === 1 || wordNumeric[second] === 1) continue;
        if (
          (wordSources[first] as WordElement).prefixes.length +
            (wordSources[second] as WordElement).prefixes.length >
          0
        )
          continue;
        const rows = new Set(wordRows[first]);
        if (!(wordRows[second] as number[]).some((row) => rows.has(row))) return true;
      }
      return false;
    };
    this.listExclusive = new Uint8Array(listCount);
    for (let list = 0; list < listCount; list++) {
      const phrases = this.byFirstRow.items.subarray(
        this.byFirstRow.start[list],
        this.byFirstRow.start[list + 1],
      );
      let exclusive = true;
      for (let a = 0; a < phrases.length && exclusive; a++)
        for (let b = a + 1; b < phrases.length && exclusive; b++)
          exclusive = apart(phrases[a] as number, phrases[b] as number);
      this.listExclusive[list] = exclusive ? 1 : 0;
    }
    const setCount = setFrom.length - 1;
    this.anywhere = anywhere.build(setCount);
    this.setAnywhere = new Uint8Array(setCount);
    for (let set = 0; set < setCount; set++)
      if ((this.anywhere.start[set + 1] as number) > (this.anywhere.start[set] as number))
        this.setAnywhere[set] = 1;
    this.rowWords = rowWords;
    this.setFirstBits = new Uint32Array(setCount * rowWords);
    for (const [set, row] of setFirstRows) {
      const at = set * rowWords + (row >>> 5);
      this.setFirstBits[at] = ((this.setFirstBits[at] as number) | (1 << (row & 31))) >>> 0;
    }
    this.anchorPattern = Int32Array.from(anchorPattern);
    this.anchorMinBefore = Int32Array.from(anchorMinBefore);
    this.anchorMaxBefore = Int32Array.from(anchorMaxBefore);
    this.anchorStartsPattern = Uint8Array.from(anchorStartsPattern);
    this.anchorsByRow = anchorsByRow.build(rowCount);
    this.anchorsByPair = anchorsByPair.build(pairListCount);
    this.pairNextBits = new Int32Array(rowCount);
    for (const key of pairLookups) {
      const row = Math.floor(key / rowCount);
      this.pairNextBits[row] = (this.pairNextBits[row] as number) | (1 << ((key % rowCount) & 31));
    }
    this.anchorsByNumber = Int32Array.from(anchorsByNumber);
    for (const [key, list] of anchorsByPrefix) this.anchorsByPrefix.set(key, Int32Array.from(list));
    const checkIds = new Map<string, number>();
    const checkRowsFrom: number[] = [0];
    const checkRows: number[] = [];
    const patternChecks: number[] = [];
    this.checksFrom = new Int32Array(patterns.length + 1);
    checks.forEach((ofPattern, pattern) => {
      this.checksFrom[pattern] = patternChecks.length;
      for (const rows of ofPattern) {
        const key = [...rows].sort((a, b) => a - b).join(',');
        let check = checkIds.get(key);
        if (check === undefined) {
          check = checkRowsFrom.length - 1;
          checkIds.set(key, check);
          checkRows.push(...rows);
          checkRowsFrom.push(checkRows.length);
        }
        patternChecks.push(check);
      }
    });
    this.checksFrom[patterns.length] = patternChecks.length;
    this.patternChecks = Int32Array.from(patternChecks);
    this.checkRowsFrom = Int32Array.from(checkRowsFrom);
    this.checkRows = Int32Array.from(checkRows);
    this.checkBits = new Int32Array((checkRowsFrom.length - 1) * 2);
    for (let check = 0; check < checkRowsFrom.length - 1; check++) {
      for (let at = checkRowsFrom[check] as number; at < (checkRowsFrom[check + 1] as number); at++) {
        const row = checkRows[at] as number;
        const half = check * 2 + ((row >>> 5) & 1);
        this.checkBits[half] = (this.checkBits[half] as number) | (1 << (row & 31));
      }
    }
  }
}
