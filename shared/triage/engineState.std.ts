/**
 * What the triage engine compiles a rules file into, and the working space it reasons
 * in: every signal, rule and combination numbered, with what reasoning reads of them in
 * one shape, and findings kept in typed arrays reused from message to message (the
 * engine is synchronous and never re-entered, so each keeps one Workspace).
 */
import type { PatternIndex } from './matcher.std.ts';
import { MatchList } from './matcher.std.ts';
import type { Lexicon } from './lexicon.std.ts';
import type { RiskModel } from './riskModel.std.ts';
import { CATEGORIES, CSSRS_LEVELS, TIER_RANK, TIERS } from './rulesSchema.std.ts';
import type { Category, CssrsLevel, SignalDefinition, Tier, TriageRules } from './rulesSchema.std.ts';
import { TokenBuffer } from './tokenise.std.ts';

export const TIER_FLOOR: Record<Tier, number> = {
  crisis: 80,
  urgent: 60,
  priority: 40,
  routine: 20,
  none: 0,
};
export const TIER_BY_RANK: readonly Tier[] = [...TIERS].sort((a, b) => TIER_RANK[a] - TIER_RANK[b]);
export const CSSRS_RANK = new Map<CssrsLevel, number>(CSSRS_LEVELS.map((level, index) => [level, index]));
/** Categories in the order results list them, and a bit for each, to collect them in a number. */
export const SORTED_CATEGORIES: readonly Category[] = [...CATEGORIES].sort();
export const CATEGORY_BIT = Object.fromEntries(
  CATEGORIES.map((category, index) => [category, 1 << index]),
) as Record<Category, number>;
export const RISK_CATEGORIES = new Set<string>(['self_harm', 'harm_to_others', 'abuse']);

/** What a rule's matches do, by the kind of its signal. */
export const FINDING = 0;
export const MODIFIER = 1;
export const PROTECTIVE = 2;
export const NEGATION_GUARD = 3;
export const PAST = 4;
export const RECENT = 5;
export const HUMOUR = 6;
export const HYPOTHETICAL = 7;
export const CONTEXT = 8;
export const KIND_CODES: Record<SignalDefinition['kind'], number> = {
  finding: FINDING,
  modifier: MODIFIER,
  protective: PROTECTIVE,
  negation_guard: NEGATION_GUARD,
  past: PAST,
  recent: RECENT,
  humour: HUMOUR,
  hypothetical: HYPOTHETICAL,
  context: CONTEXT,
};

/** A context's reach. */
export const OVERLAP = 0;
export const CLAUSE = 1;
export const SENTENCE = 2;
export const MESSAGE = 3;

/** Negation roles of lexicon words. */
export const IS_CUE = 1;
export const IS_BRIDGE = 2;

/**
 * A signal, numbered, with what reasoning reads of its definition copied into one shape
 * (definitions differ in which optional fields they have, and reading them on every
 * match would cost more than the reasoning).
 */
export interface Signal {
  readonly name: string;
  readonly definition: SignalDefinition;
  readonly kind: number;
  readonly category: Category | undefined;
  readonly tier: Tier | undefined;
  readonly weight: number;
  readonly negatable: boolean;
  readonly historical: boolean;
  readonly countsWhenImagined: boolean;
  readonly readiness: 'capability' | 'complexity' | undefined;
  /** Its description in lower case, as the service level's reasoning quotes it. */
  readonly description: string;
  /** Its tier's rank, or -1 without a tier. */
  readonly rank: number;
  /** The signal counted instead in a joking or an imagined sentence, or -1. */
  readonly whenJoking: number;
  readonly whenHypothetical: number;
  /** Its category's bit (CATEGORY_BIT), or 0 without one. */
  readonly categoryBit: number;
  /** For a self-harm signal: its C-SSRS level's rank, or -1 (none, or not self-harm). */
  readonly cssrsRank: number;
}

/** A rule, numbered; every pattern belongs to one. */
export interface Rule {
  readonly id: string;
  readonly signal: number;
  /** For a context signal: its reach. */
  readonly scope: number;
}

/** A combination with its signal groups numbered. */
export interface CompiledCombination {
  readonly id: string;
  readonly description: string;
  readonly tier: Tier;
  readonly category: Category | undefined;
  readonly cssrs: CssrsLevel | undefined;
  readonly scope: 'sentence' | 'message';
  readonly minMatches: number;
  /** Per part: the signals that satisfy it. */
  readonly groupSignals: readonly (readonly number[])[];
  /** Per part: 1 for each signal that satisfies it. */
  readonly groups: readonly Uint8Array[];
  readonly unless: readonly number[];
  /** Every signal it names, in the order written, each once. */
  readonly names: readonly number[];
}

export interface Compiled {
  readonly rules: TriageRules;
  readonly index: PatternIndex<number>;
  readonly lexicon: Lexicon;
  readonly signals: readonly Signal[];
  readonly ruleList: readonly Rule[];
  /** Per pattern: its rule. */
  readonly patternRule: Int32Array;
  /** Per pattern: its rule's signal (read on every match, so kept beside the rule). */
  readonly patternSignal: Int32Array;
  /** (context rule * signals + signal) -> 1 when the context sets aside findings of that signal. */
  readonly setsAside: Uint8Array;
  /** Per rule: the signals whose findings it sets aside, as a context. */
  readonly signalsSetAside: readonly Int32Array[];
  /** Per lexicon id: IS_CUE, IS_BRIDGE or 0 (a word the lexicon lacks is neither). */
  readonly negationRoles: Uint8Array;
  readonly negationWindow: number;
  /** Per lexicon id: 1 for the words a bare acknowledgement is made of. */
  readonly acknowledgementIds: Uint8Array;
  readonly acknowledgement: number;
  readonly combinations: readonly CompiledCombination[];
  readonly riskModel: RiskModel | undefined;
  readonly work: Workspace;
}

/**
 * Findings in typed arrays: the signal each counts as, its rule (-1: the acknowledgement
 * of a whole message), its tokens [first, last) and its characters [start, end).
 */
export class FoundList {
  signal = new Int32Array(64);
  rule = new Int32Array(64);
  first = new Int32Array(64);
  last = new Int32Array(64);
  start = new Int32Array(64);
  end = new Int32Array(64);
  count = 0;

  push(signal: number, rule: number, first: number, last: number, start: number, end: number): void {
    const at = this.count;
    if (at === this.signal.length) {
      const bigger = (array: Int32Array) => {
        const copy = new Int32Array(array.length * 2);
        copy.set(array);
        return copy;
      };
      this.signal = bigger(this.signal);
      this.rule = bigger(this.rule);
      this.first = bigger(this.first);
      this.last = bigger(this.last);
      this.start = bigger(this.start);
      this.end = bigger(this.end);
    }
    this.signal[at] = signal;
    this.rule[at] = rule;
    this.first[at] = first;
    this.last[at] = last;
    this.start[at] = start;
    this.end[at] = end;
    this.count = at + 1;
  }

  /** Moves entry `from` to place `to` (to <= from), for compacting after removals. */
  move(from: number, to: number): void {
    this.signal[to] = this.signal[from] as number;
    this.rule[to] = this.rule[from] as number;
    this.first[to] = this.first[from] as number;
    this.last[to] = this.last[from] as number;
    this.start[to] = this.start[from] as number;
    this.end[to] = this.end[from] as number;
  }
}

/** Numbers in a typed array that grows as needed, cleared (not freed) for the next message. */
export class IntList {
  items = new Int32Array(16);
  count = 0;

  push(value: number): void {
    if (this.count === this.items.length) {
      const bigger = new Int32Array(this.count * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.count++] = value;
  }
}

/** What one message's reasoning works in, kept by the engine from message to message. */
export class Workspace {
  readonly tokens: TokenBuffer;
  readonly found = new MatchList();
  /** The matches after dedupe(). */
  readonly matches = new MatchList();
  readonly counted = new FoundList();
  readonly modifiers = new FoundList();
  /** Per token: 1 inside a phrase whose negation word negates nothing. */
  guards = new Uint8Array(256);
  /** Per sentence: the match marking it as past, joking or imagined (the last one), or -1; 1 if recent. */
  past = new Int32Array(64);
  joking = new Int32Array(64);
  hypothetical = new Int32Array(64);
  recent = new Uint8Array(64);
  /** Context matches of sentence scope, by sentence: contextsFrom[s] to contextsTo[s] in contexts. */
  readonly contexts = new IntList();
  contextsFrom = new Int32Array(64);
  contextsTo = new Int32Array(64);
  /** Per sentence: where its findings set aside (other than by a context) start in the message's list of them, or -1. */
  spansFrom = new Int32Array(64);
  /** Per counted finding: 1 while it is kept (see triageText). */
  keep = new Uint8Array(64);
  readonly messageContexts = new IntList();
  /** Per signal: the first context of message scope that sets its findings aside, or -1. */
  readonly messageContextFor: Int32Array;
  /** Per signal: the message it was last present in, and its latest present finding. */
  readonly presentIn: Int32Array;
  readonly signalFirst: Int32Array;
  /** Per signal: the message in which an escalation last named it. */
  readonly escalatedIn: Int32Array;
  message = 0;
  /**
   * Present findings, counted then modifiers, numbered in that order: their signal, where
   * each starts, its sentence, and the one before it with the same signal (-1: none).
   */
  entrySignal = new Int32Array(64);
  entryStart = new Int32Array(64);
  entrySentence = new Int32Array(64);
  entryNext = new Int32Array(64);
  /**
   * The same findings grouped by sentence (ordered once per message, when a combination
   * reads by sentence): sentence s's run from sentenceFrom[s] to sentenceFrom[s + 1].
   */
  bySentence = new Int32Array(64);
  sentenceFrom = new Int32Array(64);
  /** The message bySentence was last ordered for. */
  orderedFor = 0;
  /** Where the candidates for one part of a combination start. */
  readonly partStarts = new IntList();
  /** Per sentence: the last combination check that tried it. */
  sentenceTried = new Int32Array(64);
  sentenceStamp = 0;

  constructor(lexicon: Lexicon, signals: number) {
    this.tokens = new TokenBuffer(lexicon);
    this.presentIn = new Int32Array(signals);
    this.signalFirst = new Int32Array(signals);
    this.escalatedIn = new Int32Array(signals);
    this.messageContextFor = new Int32Array(signals);
  }

  /** Clears the per-token and per-sentence arrays for a message, growing them as needed. */
  start(tokens: number, sentences: number): void {
    if (this.guards.length < tokens) this.guards = new Uint8Array(tokens * 2);
    this.guards.fill(0, 0, tokens);
    if (this.past.length < sentences) {
      this.past = new Int32Array(sentences * 2);
      this.joking = new Int32Array(sentences * 2);
      this.hypothetical = new Int32Array(sentences * 2);
      this.recent = new Uint8Array(sentences * 2);
      this.contextsFrom = new Int32Array(sentences * 2);
      this.contextsTo = new Int32Array(sentences * 2);
      this.spansFrom = new Int32Array(sentences * 2);
    }
    this.past.fill(-1, 0, sentences);
    this.joking.fill(-1, 0, sentences);
    this.hypothetical.fill(-1, 0, sentences);
    this.recent.fill(0, 0, sentences);
    this.contextsFrom.fill(0, 0, sentences);
    this.contextsTo.fill(0, 0, sentences);
    this.spansFrom.fill(-1, 0, sentences);
    if (this.sentenceTried.length < sentences) {
      this.sentenceTried = new Int32Array(sentences * 2);
      this.sentenceStamp = 0;
    }
    if (this.sentenceStamp > 0x3fffffff) {
      this.sentenceTried.fill(0);
      this.sentenceStamp = 0;
    }
    this.contexts.count = 0;
    this.messageContexts.count = 0;
    this.counted.count = 0;
    this.modifiers.count = 0;
    if (this.message > 0x3fffffff) {
      this.presentIn.fill(0);
      this.escalatedIn.fill(0);
      this.message = 0;
      this.orderedFor = 0;
    }
  }

  /** keep, holding 1 for each of count findings. */
  keepAll(count: number): Uint8Array {
    if (this.keep.length < count) this.keep = new Uint8Array(count * 2);
    return this.keep.fill(1, 0, count);
  }

  reserveEntries(count: number): void {
    if (this.entryStart.length >= count) return;
    this.entrySignal = new Int32Array(count * 2);
    this.entryStart = new Int32Array(count * 2);
    this.entrySentence = new Int32Array(count * 2);
    this.entryNext = new Int32Array(count * 2);
    this.bySentence = new Int32Array(count * 2);
  }
}
