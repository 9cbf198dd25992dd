/**
 * Finds every triage pattern (patterns.std.ts) in a message's tokens.
 *
 * The patterns are compiled once into typed arrays (patternTables.std.ts), each indexed
 * by its rarest required word (its anchor). Reading a message then costs one lookup per
 * token: a token whose row anchors a pattern has the pattern tried at the few starts the
 * anchor allows (when the sentence holds the other words it needs), by a small
 * backtracking verifier that compares integers. Matches are kept in typed arrays
 * (MatchList), not objects.
 *
 * What a pattern matches, at each start: the elements in order, a gap taking as few
 * words as it can, an optional element taken when the rest then matches, and of several
 * phrases the first (as listed) after which the rest matches. A match never crosses a
 * sentence and a gap never skips a negation ("I am *not* suicidal").
 */
import { MIN_PREFIX, wordMatches } from './patterns.std.ts';
import type { CompiledPattern, PatternMatch, WordElement } from './patterns.std.ts';
import { GAP, PHRASE, PatternTables, WORD } from './patternTables.std.ts';
import type { Lexicon } from './lexicon.std.ts';
import type { TokenBuffer, Tokens } from './tokenise.std.ts';

/** A token no pattern names and no prefix covers: it matches nothing. */
const NO_PATTERN_WORD = -1;
/** A number no pattern names as a word: only #num matches it. */
const OTHER_NUMBER = -2;
/** A word outside the vocabulary that a prefix may cover: compared by its text. */
const BY_TEXT = -3;

/**
 * One message's matches, ordered by first token, then by the pattern's place in the list
 * the index was built from; each (pattern, first token) once. Reused from message to message.
 */
export class MatchList {
  pattern = new Int32Array(128);
  first = new Int32Array(128);
  last = new Int32Array(128);
  count = 0;

  push(pattern: number, first: number, last: number): void {
    const at = this.count;
    if (at === this.pattern.length) this.grow(at * 2);
    this.pattern[at] = pattern;
    this.first[at] = first;
    this.last[at] = last;
    this.count = at + 1;
  }

  /** Makes room for count matches and holds that many (to be written in place). */
  reserve(count: number): void {
    if (count > this.pattern.length) this.grow(count * 2);
    this.count = count;
  }

  private grow(capacity: number): void {
    const bigger = (array: Int32Array) => {
      const copy = new Int32Array(capacity);
      copy.set(array);
      return copy;
    };
    this.pattern = bigger(this.pattern);
    this.first = bigger(this.first);
    this.last = bigger(this.last);
  }
}

function isDigits(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * All patterns, compiled and indexed by the rarest word they require, so each token costs
 * a lookup and a pattern is only tried near a token it could not match without, and only
 * at a start where its first word stands.
 */
export class PatternIndex<T> extends PatternTables {
  private readonly patterns: readonly CompiledPattern<T>[];

  /* The message being read. */
  private rows = new Int32Array(256);
  private texts: ((at: number) => string) | null = null;
  /** Per anchor: the last start tried in the current message (valid when its stamp is current). */
  private readonly triedUpTo: Int32Array;
  private readonly triedStamp: Int32Array;
  private stamp = 0;
  /** Per row: the sentence it was last seen in (numbered by sentenceStamp). */
  private readonly rowSeen: Int32Array;
  private sentenceStamp = 0;
  /** The bits of the rows in the current sentence (as checkBits: rows 0-31 and 32-63 mod 64). */
  private sentenceLow = 0;
  private sentenceHigh = 0;
  /** Per check: the sentence it was last answered for, and its answer there (1: present). */
  private readonly checkAnswered: Int32Array;
  private readonly checkPresent: Uint8Array;
  private found = new MatchList();
  private bucket = new Int32Array(256);

  /** The lexicon whose ids tokens may be read by, and each id's row. */
  private lexicon: Lexicon | null = null;
  private rowById = new Int32Array(0);

  constructor(patterns: readonly CompiledPattern<T>[], options: { gapBarriers?: ReadonlySet<string> } = {}) {
    super(patterns, options.gapBarriers ?? new Set<string>());
    this.patterns = patterns;
    this.triedUpTo = new Int32Array(this.anchorPattern.length);
    this.triedStamp = new Int32Array(this.anchorPattern.length);
    this.rowSeen = new Int32Array(this.rowCount);
    this.checkAnswered = new Int32Array(this.checkRowsFrom.length - 1);
    this.checkPresent = new Uint8Array(this.checkRowsFrom.length - 1);
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

  private rowOutside(word: string): number {
    return this.mayMatchPrefix(word) ? BY_TEXT : isDigits(word) ? OTHER_NUMBER : NO_PATTERN_WORD;
  }

  private mayMatchPrefix(word: string): boolean {
    if (this.prefixes.size === 0 || word.length < MIN_PREFIX) return false;
    const candidates = this.prefixes.get(word.slice(0, MIN_PREFIX));
    return candidates !== undefined && candidates.some((prefix) => word.startsWith(prefix));
  }

  private rowsFor(count: number): Int32Array {
    if (this.rows.length < count) this.rows = new Int32Array(count * 2);
    return this.rows;
  }

  /**
   * Every match in tokens read into a buffer with the lexicon given to useLexicon,
   * written into matches (ordered by first token, then pattern; each pair once).
   */
  matchInto(tokens: TokenBuffer, matches: MatchList): void {
    if (tokens.lexicon !== this.lexicon) throw new Error('The tokens were read with another lexicon.');
    const count = tokens.count;
    const rows = this.rowsFor(count);
    const { ids, outside } = tokens;
    const rowById = this.rowById;
    for (let at = 0; at < count; at++) {
      const id = ids[at] as number;
      // A word the lexicon lacks is no vocabulary word either.
      rows[at] = id >= 0 ? (rowById[id] as number) : this.rowOutside(outside[at] as string);
    }
    this.texts = (at) => tokens.wordAt(at);
    this.matchRows(tokens.sentence, count, matches);
  }

  /** Every match, ordered by first token, then by the pattern's place in the list. */
  matchAll(tokens: Tokens): PatternMatch<T>[] {
    const count = tokens.count;
    const rows = this.rowsFor(count);
    const byId = tokens.lexicon === this.lexicon;
    for (let at = 0; at < count; at++) {
      const id = tokens.ids[at] as number;
      const word = tokens.words[at] as string;
      if (byId && id >= 0) rows[at] = this.rowById[id] as number;
      else rows[at] = (byId ? undefined : this.vocabulary.get(word)) ?? this.rowOutside(word);
    }
    this.texts = (at) => tokens.words[at] as string;
    const matches = new MatchList();
    this.matchRows(Int32Array.from(tokens.sentence), count, matches);
    const result: PatternMatch<T>[] = [];
    for (let index = 0; index < matches.count; index++) {
      const order = matches.pattern[index] as number;
      result.push({
        pattern: this.patterns[order] as CompiledPattern<T>,
        first: matches.first[index] as number,
        last: matches.last[index] as number,
        order,
      });
    }
    return result;
  }

  private matchRows(sentence: Int32Array, count: number, matches: MatchList): void {
    const rows = this.rows;
    if (this.stamp >= 0x3fffffff) {
      this.stamp = 0;
      this.triedStamp.fill(0);
    }
    const stamp = ++this.stamp;
    const found = this.found;
    found.count = 0;
    const byRow = this.anchorsByRow;
    let sentenceFirst = 0;
    let limit = 0;
    for (let at = 0; at < count; at++) {
      if (at >= limit) {
        // A new sentence: every match of an anchor in it lies within [sentenceFirst, limit).
        sentenceFirst = at;
        const number = sentence[at] as number;
        limit = at + 1;
        while (limit < count && sentence[limit] === number) limit++;
        if (this.sentenceStamp >= 0x3fffffff) {
          this.sentenceStamp = 0;
          this.rowSeen.fill(0);
          this.checkAnswered.fill(0);
        }
        const seen = ++this.sentenceStamp;
        let low = 0;
        let high = 0;
        for (let token = at; token < limit; token++) {
          const row = rows[token] as number;
          if (row < 0) continue;
          this.rowSeen[row] = seen;
          if ((row & 32) === 0) low |= 1 << (row & 31);
          else high |= 1 << (row & 31);
        }
        this.sentenceLow = low;
        this.sentenceHigh = high;
      }
      const row = rows[at] as number;
      if (row >= 0) {
        // Most anchors' patterns lack a word in the sentence: that is settled before the call.
        for (let index = byRow.start[row] as number; index < (byRow.start[row + 1] as number); index++) {
          const anchor = byRow.items[index] as number;
          if (this.wordsPresent(this.anchorPattern[anchor] as number))
            this.tryAnchor(anchor, true, at, sentenceFirst, limit, stamp);
        }
        const next = at + 1 < limit ? (rows[at + 1] as number) : -1;
        if (next >= 0 && ((this.pairNextBits[row] as number) & (1 << (next & 31))) !== 0) {
          const list = this.pairLists.get(row * this.rowCount + next);
          if (list >= 0) {
            const { start, items } = this.anchorsByPair;
            for (let index = start[list] as number; index < (start[list + 1] as number); index++) {
              const anchor = items[index] as number;
              if (this.wordsPresent(this.anchorPattern[anchor] as number))
                this.tryAnchor(anchor, true, at, sentenceFirst, limit, stamp);
            }
          }
        }
      } else if (row === OTHER_NUMBER) {
        for (const anchor of this.anchorsByNumber)
          if (this.wordsPresent(this.anchorPattern[anchor] as number))
            this.tryAnchor(anchor, false, at, sentenceFirst, limit, stamp);
      } else if (row === BY_TEXT) {
        const word = this.textAt(at);
        const byPrefix = this.anchorsByPrefix.get(word.slice(0, MIN_PREFIX));
        if (byPrefix !== undefined)
          for (const anchor of byPrefix)
            if (this.wordsPresent(this.anchorPattern[anchor] as number))
              this.tryAnchor(anchor, false, at, sentenceFirst, limit, stamp);
        const code = word.charCodeAt(0);
        if (code >= 48 && code <= 57)
          for (const anchor of this.anchorsByNumber)
            if (this.wordsPresent(this.anchorPattern[anchor] as number))
              this.tryAnchor(anchor, false, at, sentenceFirst, limit, stamp);
      }
    }
    this.sortInto(found, count, matches);
  }

  /**
   * Orders the matches by first token (a counting sort: linear in tokens and matches),
   * then by pattern, dropping a pattern found twice at one start (through two anchors).
   */
  private sortInto(found: MatchList, count: number, matches: MatchList): void {
    if (this.bucket.length < count + 1) this.bucket = new Int32Array((count + 1) * 2);
    const bucket = this.bucket;
    bucket.fill(0, 0, count + 1);
    for (let index = 0; index < found.count; index++) {
      const at = (found.first[index] as number) + 1;
      bucket[at] = (bucket[at] as number) + 1;
    }
    for (let at = 1; at <= count; at++) bucket[at] = (bucket[at] as number) + (bucket[at - 1] as number);
    matches.reserve(found.count);
    for (let index = 0; index < found.count; index++) {
      const first = found.first[index] as number;
      const at = bucket[first] as number;
      bucket[first] = at + 1;
      matches.pattern[at] = found.pattern[index] as number;
      matches.first[at] = found.first[index] as number;
      matches.last[at] = found.last[index] as number;
    }
    // Within one first token: by pattern (insertion: there are few), each once.
    let kept = 0;
    let runStart = 0;
    for (let index = 0; index < matches.count; index++) {
      const first = matches.first[index] as number;
      const pattern = matches.pattern[index] as number;
      const last = matches.last[index] as number;
      if (kept > 0 && matches.first[kept - 1] !== first) runStart = kept;
      let at = kept;
      while (at > runStart && (matches.pattern[at - 1] as number) > pattern) at--;
      if (at > runStart && matches.pattern[at - 1] === pattern) continue;
      for (let move = kept; move > at; move--) {
        matches.pattern[move] = matches.pattern[move - 1] as number;
        matches.last[move] = matches.last[move - 1] as number;
        matches.first[move] = first;
      }
      matches.pattern[at] = pattern;
      matches.first[at] = first;
      matches.last[at] = last;
      kept++;
    }
    matches.count = kept;
  }

  private textAt(at: number): string {
    return (this.texts as (at: number) => string)(at);
  }

  /** False when the pattern's first element (always a required word or phrase set) cannot start here. */
  private firstMatches(pattern: number, start: number): boolean {
    const element = this.elementsFrom[pattern] as number;
    const arg = this.elementArg[element] as number;
    if (this.elementKind[element] === WORD) return this.tokenMatches(arg, start);
    const row = this.rows[start] as number;
    if (row >= 0 && this.setStartsWith(arg, row)) return true;
    if (this.setAnywhere[arg] === 0) return false;
    const { start: from, items } = this.anywhere;
    for (let index = from[arg] as number; index < (from[arg + 1] as number); index++) {
      const first = this.phraseWords[this.phraseFrom[items[index] as number] as number] as number;
      if (this.tokenMatches(first, start)) return true;
    }
    return false;
  }

  /**
   * Tries an anchor's pattern (whose words are present: see wordsPresent) at every start
   * it allows for a token at `at`, less those it tried already: both ends of the window
   * only move forward as the scan does.
   * exact: the token has the anchor's own word (not just a prefix's first letters or a digit).
   */
  private tryAnchor(
    anchor: number,
    exact: boolean,
    at: number,
    sentenceFirst: number,
    limit: number,
    stamp: number,
  ): void {
    const pattern = this.anchorPattern[anchor] as number;
    if (exact && this.anchorStartsPattern[anchor] === 1) {
      // The token is the pattern's first word: one start, and it cannot come again.
      const end = this.matchFrom(
        this.elementsFrom[pattern] as number,
        this.elementsFrom[pattern + 1] as number,
        at,
        limit,
      );
      if (end > at) this.found.push(pattern, at, end);
      return;
    }
    let from = Math.max(at - (this.anchorMaxBefore[anchor] as number), sentenceFirst);
    const to = at - (this.anchorMinBefore[anchor] as number);
    if (this.triedStamp[anchor] === stamp) from = Math.max(from, (this.triedUpTo[anchor] as number) + 1);
    if (from > to) return;
    this.triedStamp[anchor] = stamp;
    this.triedUpTo[anchor] = to;
    const firstElement = this.elementsFrom[pattern] as number;
    const lastElement = this.elementsFrom[pattern + 1] as number;
    for (let start = from; start <= to; start++) {
      if (!this.firstMatches(pattern, start)) continue;
      const end = this.matchFrom(firstElement, lastElement, start, limit);
      if (end > start) this.found.push(pattern, start, end);
    }
  }

  /** False when a word every match of the pattern needs is missing from the sentence. */
  private wordsPresent(pattern: number): boolean {
    const seen = this.sentenceStamp;
    const last = this.checksFrom[pattern + 1] as number;
    for (let index = this.checksFrom[pattern] as number; index < last; index++) {
      const check = this.patternChecks[index] as number;
      if (
        ((this.checkBits[check * 2] as number) & this.sentenceLow) === 0 &&
        ((this.checkBits[check * 2 + 1] as number) & this.sentenceHigh) === 0
      )
        return false;
      // Each check is answered once a sentence: patterns share them.
      if (this.checkAnswered[check] !== seen) {
        this.checkAnswered[check] = seen;
        let present = 0;
        const rowsEnd = this.checkRowsFrom[check + 1] as number;
        for (let at = this.checkRowsFrom[check] as number; at < rowsEnd && present === 0; at++)
          if (this.rowSeen[this.checkRows[at] as number] === seen) present = 1;
        this.checkPresent[check] = present;
      }
      if (this.checkPresent[check] === 0) return false;
    }
    return true;
  }

  private tokenMatches(word: number, at: number): boolean {
    const row = this.rows[at] as number;
    if (row >= 0) {
      if (this.wordOnly[word] === row) return true;
      const bitsAt = this.wordBitsAt[word] as number;
      return bitsAt >= 0 && ((this.wordBits[bitsAt + (row >>> 5)] as number) & (1 << (row & 31))) !== 0;
    }
    if (row === NO_PATTERN_WORD) return false;
    if (row === OTHER_NUMBER) return this.wordNumeric[word] === 1;
    return wordMatches(this.wordSources[word] as WordElement, this.textAt(at));
  }

  /**
   * Token index just past the match of elements [element, end) from `at`, or -1. Depth
   * first in the order the pattern language defines; an element with only one way to
   * match (a required word, a required phrase set with one phrase standing here) is taken
   * in the loop, and only a real choice (a gap's length, an optional element, two phrases
   * standing at one token) recurses.
   */
  private matchFrom(element: number, end: number, at: number, limit: number): number {
    const rows = this.rows;
    for (;;) {
      if (element === end) return at;
      const kind = this.elementKind[element] as number;
      const arg = this.elementArg[element] as number;
      const optional = this.elementOptional[element] === 1;
      if (kind === GAP) {
        // Shortest first; skipped words stay in the sentence, and a gap never skips a
        // negation: "I am *not* suicidal" must not match "i am ~2 suicidal".
        // A length after which the next element (a gap is never last) cannot start is not tried.
        const next = element + 1;
        const nextRequired = this.elementOptional[next] === 0;
        const nextKind = this.elementKind[next] as number;
        const nextArg = this.elementArg[next] as number;
        const nextAnywhere = nextKind === PHRASE && this.setAnywhere[nextArg] === 1;
        for (let skip = 0; skip <= arg; skip++) {
          const from = at + skip;
          if (skip > 0) {
            if (from - 1 >= limit) return -1;
            const row = rows[from - 1] as number;
            if (row >= 0 && this.barrierRows[row] === 1) return -1;
          }
          if (nextRequired && nextKind !== GAP) {
            if (from >= limit) continue;
            if (nextKind === WORD) {
              if (!this.tokenMatches(nextArg, from)) continue;
            } else if (!nextAnywhere) {
              const row = rows[from] as number;
              if (row < 0 || !this.setStartsWith(nextArg, row)) continue;
            }
          }
          const found = this.matchFrom(next, end, from, limit);
          if (found >= 0) return found;
        }
        return -1;
      }
      if (kind === WORD) {
        const matches = at < limit && this.tokenMatches(arg, at);
        if (!optional) {
          if (!matches) return -1;
          at++;
          element++;
          continue;
        }
        if (matches) {
          const found = this.matchFrom(element + 1, end, at + 1, limit);
          if (found >= 0) return found;
        }
        element++;
        continue;
      }
      if (at < limit) {
        if (this.setAnywhere[arg] === 1) {
          const found = this.matchPhrases(arg, element, end, at, limit);
          if (found >= 0) return found;
        } else {
          // The set's phrases whose first word is this token's, in order.
          const row = rows[at] as number;
          let list =
            row >= 0 && this.setStartsWith(arg, row)
              ? this.phrasesByFirstRow.get(arg * this.rowCount + row)
              : -1;
          if (list >= 0 && this.listNarrows[list] === 1) list = this.narrowed(list, at, limit);
          if (list >= 0) {
            const { start, items } = this.byFirstRow;
            const listEnd = start[list + 1] as number;
            let index = start[list] as number;
            let after = -1;
            for (; index < listEnd && after < 0; index++)
              after = this.phraseEnd(items[index] as number, 1, at, limit);
            if (after >= 0) {
              // When no two of the list's phrases can stand at one token, the first is the only one.
              let other = -1;
              if (this.listExclusive[list] === 0) {
                for (; index < listEnd && other < 0; index++)
                  other = this.phraseEnd(items[index] as number, 1, at, limit);
              }
              if (other < 0 && !optional) {
                at = after;
                element++;
                continue;
              }
              let found = this.matchFrom(element + 1, end, after, limit);
              if (found >= 0) return found;
              if (other >= 0) {
                found = this.matchFrom(element + 1, end, other, limit);
                if (found >= 0) return found;
                for (; index < listEnd; index++) {
                  const next = this.phraseEnd(items[index] as number, 1, at, limit);
                  if (next < 0) continue;
                  found = this.matchFrom(element + 1, end, next, limit);
                  if (found >= 0) return found;
                }
              }
            }
          }
        }
      }
      if (!optional) return -1;
      element++;
    }
  }

  /**
   * A long list of phrases narrowed to those that can stand before the next token: of
   * one word, or with the next token's row as their second word. The whole list when
   * the next token has no row (a number, a word outside the vocabulary) or there is none.
   */
  private narrowed(list: number, at: number, limit: number): number {
    const next = at + 1 < limit ? (this.rows[at + 1] as number) : -1;
    if (next < 0) return list;
    const narrowed = this.narrowedByNext.get(list * this.rowCount + next);
    return narrowed >= 0 ? narrowed : (this.narrowedOther[list] as number);
  }

  /** Whether some phrase of the set begins with the row's word. */
  private setStartsWith(set: number, row: number): boolean {
    const word = (this.setFirstBits[set * this.rowWords + (row >>> 5)] as number) >>> (row & 31);
    return (word & 1) === 1;
  }

  /**
   * For a set with phrases starting with a prefix or a number: the first of its phrases
   * (in the order written) standing at `at` after which the rest of the pattern matches,
   * those whose first word is this token's first, then the others.
   */
  private matchPhrases(set: number, element: number, end: number, at: number, limit: number): number {
    const row = this.rows[at] as number;
    if (row >= 0) {
      const list = this.phrasesByFirstRow.get(set * this.rowCount + row);
      // Their first word is this token's, so checking starts at their second.
      const found = list >= 0 ? this.matchFirstPhrase(this.byFirstRow, list, 1, element, end, at, limit) : -1;
      if (found >= 0) return found;
    }
    return this.matchFirstPhrase(this.anywhere, set, 0, element, end, at, limit);
  }

  /** The first phrase of `lists`' list `list` standing at `at` after which the rest of the pattern matches. */
  private matchFirstPhrase(
    lists: { start: Int32Array; items: Int32Array },
    list: number,
    checkFrom: number,
    element: number,
    end: number,
    at: number,
    limit: number,
  ): number {
    const { start, items } = lists;
    for (let index = start[list] as number; index < (start[list + 1] as number); index++) {
      const after = this.phraseEnd(items[index] as number, checkFrom, at, limit);
      if (after < 0) continue;
      const found = this.matchFrom(element + 1, end, after, limit);
      if (found >= 0) return found;
    }
    return -1;
  }

  /** Where a phrase standing at `at` ends, its words from `from` on checked; -1 if it does not stand there. */
  private phraseEnd(phrase: number, from: number, at: number, limit: number): number {
    const first = this.phraseFrom[phrase] as number;
    const length = (this.phraseFrom[phrase + 1] as number) - first;
    if (at + length > limit) return -1;
    for (let offset = from; offset < length; offset++) {
      if (!this.tokenMatches(this.phraseWords[first + offset] as number, at + offset)) return -1;
    }
    return at + length;
  }
}
