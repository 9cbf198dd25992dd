/**
 * The last steps of triage: the combinations the counted findings satisfy (ideation with
 * a time word, a goodbye with means, ...), then the tier, score, categories, C-SSRS level,
 * service level and evidence of the result.
 */
import { assignServiceLevel } from '../domain/readiness.std.ts';
import type { ServiceLevel } from '../domain/readiness.std.ts';
import { CATEGORY_BIT, CSSRS_RANK, SORTED_CATEGORIES, TIER_BY_RANK, TIER_FLOOR } from './engineState.std.ts';
import type { CompiledCombination, Compiled, FoundList, Rule, Signal, Workspace } from './engineState.std.ts';
import { CSSRS_LEVELS, TIER_RANK } from './rulesSchema.std.ts';
import type { CssrsLevel, Tier } from './rulesSchema.std.ts';
import type { TokenBuffer } from './tokenise.std.ts';
import type { Escalation, Evidence, SetAside, TriageResult } from './triageEngine.std.ts';

/** A finding's evidence: its span, the signal it counts as and its rule. */
export function foundEvidence(text: string, found: FoundList, index: number, compiled: Compiled): Evidence {
  const start = found.start[index] as number;
  const end = found.end[index] as number;
  const rule = found.rule[index] as number;
  return {
    start,
    end,
    text: rule < 0 ? text : text.slice(start, end),
    signal: (compiled.signals[found.signal[index] as number] as Signal).name,
    rule: rule < 0 ? 'ACK.whole_message' : (compiled.ruleList[rule] as Rule).id,
  };
}

/** An escalation with the combination behind it and the signals it names that are present. */
export interface Combined {
  escalation: Escalation;
  combination: CompiledCombination;
  signals: readonly number[];
}

/**
 * The combinations the counted findings and modifiers satisfy. Each present finding is
 * listed under its signal, so a combination only reads the findings it names; one read
 * by sentence only reads the sentences where its first part stands. Linear in findings.
 */
export function combine(compiled: Compiled, tokens: TokenBuffer): Combined[] {
  const { work, signals } = compiled;
  const { counted, modifiers, presentIn } = work;
  const message = ++work.message;
  const total = counted.count + modifiers.count;
  work.reserveEntries(total);
  const { entrySignal, entryStart, entrySentence, entryNext, signalFirst } = work;
  for (let entry = 0; entry < total; entry++) {
    const list = entry < counted.count ? counted : modifiers;
    const at = entry < counted.count ? entry : entry - counted.count;
    const signal = list.signal[at] as number;
    entrySignal[entry] = signal;
    entryStart[entry] = list.start[at] as number;
    entrySentence[entry] = tokens.sentence[list.first[at] as number] as number;
    entryNext[entry] = presentIn[signal] === message ? (signalFirst[signal] as number) : -1;
    signalFirst[signal] = entry;
    presentIn[signal] = message;
  }
  const combined: Combined[] = [];
  for (const combination of compiled.combinations) {
    // Every part needs one of its signals somewhere in the message: most stop here.
    let possible = true;
    for (let group = 0; group < combination.groupSignals.length && possible; group++)
      possible = anyPresent(combination.groupSignals[group] as readonly number[], presentIn, message);
    if (!possible || anyPresent(combination.unless, presentIn, message)) continue;
    let satisfied = false;
    if (combination.scope === 'message') satisfied = satisfiedIn(combination, work, -1, -1);
    else {
      groupBySentence(work, tokens, total);
      const tried = ++work.sentenceStamp;
      for (const signal of combination.groupSignals[0] as readonly number[]) {
        if (presentIn[signal] !== message) continue;
        for (
          let entry = signalFirst[signal] as number;
          entry >= 0 && !satisfied;
          entry = entryNext[entry] as number
        ) {
          const sentence = entrySentence[entry] as number;
          if (work.sentenceTried[sentence] === tried) continue;
          work.sentenceTried[sentence] = tried;
          satisfied = satisfiedIn(
            combination,
            work,
            work.sentenceFrom[sentence] as number,
            work.sentenceFrom[sentence + 1] as number,
          );
        }
        if (satisfied) break;
      }
    }
    if (satisfied) {
      const named: number[] = [];
      for (const signal of combination.names) if (presentIn[signal] === message) named.push(signal);
      combined.push({
        escalation: {
          rule: combination.id,
          description: combination.description,
          tier: combination.tier,
          signals: named.map((signal) => (signals[signal] as Signal).name),
        },
        combination,
        signals: named,
      });
    }
  }
  return combined;
}

function anyPresent(signals: readonly number[], presentIn: Int32Array, message: number): boolean {
  for (let index = 0; index < signals.length; index++)
    if (presentIn[signals[index] as number] === message) return true;
  return false;
}

/** The present findings by sentence (a counting sort, linear in findings and sentences), once per message. */
function groupBySentence(work: Workspace, tokens: TokenBuffer, total: number): void {
  if (work.orderedFor === work.message) return;
  work.orderedFor = work.message;
  const sentences = tokens.lastSentence + 1;
  if (work.sentenceFrom.length < sentences + 1) work.sentenceFrom = new Int32Array((sentences + 1) * 2);
  const from = work.sentenceFrom;
  from.fill(0, 0, sentences + 1);
  for (let entry = 0; entry < total; entry++) {
    const next = (work.entrySentence[entry] as number) + 1;
    from[next] = (from[next] as number) + 1;
  }
  for (let sentence = 1; sentence <= sentences; sentence++)
    from[sentence] = (from[sentence] as number) + (from[sentence - 1] as number);
  // Placing each finding moves its sentence's start along; shifting back restores them.
  for (let entry = 0; entry < total; entry++) {
    const sentence = work.entrySentence[entry] as number;
    const at = from[sentence] as number;
    work.bySentence[at] = entry;
    from[sentence] = at + 1;
  }
  for (let sentence = sentences; sentence > 0; sentence--) from[sentence] = from[sentence - 1] as number;
  from[0] = 0;
}

/**
 * Each part of a combination must come from its own words: one phrase that matches two
 * signals ("haven't had food in the house") is not two findings. The first part needs
 * minMatches separate matches (by where they start), every other part one, and with two
 * or more parts the matches must start in at least two places. Candidates: the present
 * findings of one sentence (bySentence[from..to)), or (from -1) of the whole message.
 */
function satisfiedIn(combination: CompiledCombination, work: Workspace, from: number, to: number): boolean {
  const { presentIn, signalFirst, entryNext, entryStart, entrySignal, bySentence } = work;
  const message = work.message;
  const starts = work.partStarts;
  let firstStart = -1;
  let twoStarts = false;
  for (let group = 0; group < combination.groupSignals.length; group++) {
    // Where this part's candidates start.
    starts.count = 0;
    if (from >= 0) {
      const members = combination.groups[group] as Uint8Array;
      for (let place = from; place < to; place++) {
        const entry = bySentence[place] as number;
        if (members[entrySignal[entry] as number] === 1) starts.push(entryStart[entry] as number);
      }
    } else {
      for (const signal of combination.groupSignals[group] as readonly number[]) {
        if (presentIn[signal] !== message) continue;
        for (let entry = signalFirst[signal] as number; entry >= 0; entry = entryNext[entry] as number)
          starts.push(entryStart[entry] as number);
      }
    }
    // Enough distinct starts (counted up to the number needed), and two places overall.
    const needed = group === 0 ? combination.minMatches : 1;
    let distinct = 0;
    for (let index = 0; index < starts.count; index++) {
      const start = starts.items[index] as number;
      if (distinct < needed) {
        let seen = false;
        for (let earlier = 0; earlier < distinct && !seen; earlier++) seen = starts.items[earlier] === start;
        // Distinct starts gather at the front; index >= distinct, so nothing unread is overwritten.
        if (!seen) starts.items[distinct++] = start;
      }
      if (firstStart < 0) firstStart = start;
      else if (start !== firstStart) twoStarts = true;
    }
    if (distinct < needed) return false;
  }
  return combination.groupSignals.length === 1 || twoStarts;
}

export function decide(
  text: string,
  compiled: Compiled,
  combined: readonly Combined[],
  setAside: SetAside[],
  protective: Evidence[],
): TriageResult {
  const { rules, signals, work } = compiled;
  const { counted, modifiers } = work;
  // Spam and bare acknowledgements outvote routine signals, never anything more pressing.
  let noneWeight = 0;
  let routineWeight = 0;
  let best = TIER_RANK.routine;
  for (let index = 0; index < counted.count; index++) {
    const signal = signals[counted.signal[index] as number] as Signal;
    if (signal.rank === TIER_RANK.none) noneWeight += signal.weight;
    else if (signal.rank === TIER_RANK.routine) routineWeight += signal.weight;
    if (signal.rank > best) best = signal.rank;
  }
  for (const { escalation } of combined) best = Math.max(best, TIER_RANK[escalation.tier]);
  let tier: Tier = TIER_BY_RANK[best] ?? 'routine';
  if (tier === 'routine' && noneWeight > 0 && noneWeight >= routineWeight) tier = 'none';

  let categories = 0;
  /** The most severe C-SSRS level's rank, or -1. */
  let cssrs = -1;
  for (let index = 0; index < counted.count; index++) {
    const signal = signals[counted.signal[index] as number] as Signal;
    categories |= signal.categoryBit;
    cssrs = Math.max(cssrs, signal.cssrsRank);
  }
  // Which signals some escalation names: their modifiers are evidence too.
  const escalated = work.escalatedIn;
  const message = work.message;
  for (const { combination, signals: named } of combined) {
    if (combination.category !== undefined) categories |= CATEGORY_BIT[combination.category];
    let selfHarm = combination.category === 'self_harm';
    for (const signal of named) {
      escalated[signal] = message;
      if ((signals[signal] as Signal).category === 'self_harm') selfHarm = true;
    }
    if (selfHarm && combination.cssrs !== undefined)
      cssrs = Math.max(cssrs, CSSRS_RANK.get(combination.cssrs) as number);
  }
  if (tier !== 'none') categories &= ~CATEGORY_BIT.acknowledgement;
  if ((categories & CATEGORY_BIT.self_harm) !== 0 && cssrs < 0)
    cssrs = CSSRS_RANK.get('non_specific_thoughts') as number;

  // Findings and modifiers each come in the order they start: merged as they are built,
  // the evidence is all but sorted, and the sort after only orders spans starting together.
  const evidence: Evidence[] = [];
  const nextEscalated = (from: number) => {
    let index = from;
    while (index < modifiers.count && escalated[modifiers.signal[index] as number] !== message) index++;
    return index;
  };
  let modifier = nextEscalated(0);
  for (let index = 0; index < counted.count; index++) {
    const start = counted.start[index] as number;
    for (
      ;
      modifier < modifiers.count && (modifiers.start[modifier] as number) < start;
      modifier = nextEscalated(modifier + 1)
    )
      evidence.push(foundEvidence(text, modifiers, modifier, compiled));
    evidence.push(foundEvidence(text, counted, index, compiled));
  }
  for (; modifier < modifiers.count; modifier = nextEscalated(modifier + 1))
    evidence.push(foundEvidence(text, modifiers, modifier, compiled));
  sortByPlace(evidence, true);

  let weightAtTier = 0;
  for (let index = 0; index < counted.count; index++) {
    const signal = signals[counted.signal[index] as number] as Signal;
    if (signal.tier === tier) weightAtTier += signal.weight;
  }
  let escalationsAtTier = 0;
  for (const { escalation } of combined) if (escalation.tier === tier) escalationsAtTier++;
  const score = Math.min(
    TIER_FLOOR[tier] + 19,
    TIER_FLOOR[tier] + Math.round(weightAtTier * 2 + escalationsAtTier * 4),
  );
  const service = serviceLevelFor(tier, counted, signals);
  return {
    tier,
    score,
    categories: SORTED_CATEGORIES.filter((category) => (categories & CATEGORY_BIT[category]) !== 0),
    service_level: service.level,
    service_level_reason: service.reason,
    cssrs_level: cssrs < 0 ? null : (CSSRS_LEVELS[cssrs] as CssrsLevel),
    evidence,
    set_aside: sortByPlace(setAside, false),
    escalations: combined.map(({ escalation }) => escalation),
    protective_factors: sortByPlace(protective, false),
    risk_model: null,
    rules_version: rules.version,
  };
}

/**
 * Sorts evidence by start (and by end, with byEnd), keeping the order of equal ones, as
 * Array.prototype.sort does, but without calling a comparator for the few dozen, nearly
 * sorted items a message has: an insertion sort, handed to Array.prototype.sort if the
 * items turn out far from sorted (so a long message never costs quadratic time).
 */
function sortByPlace<T extends Evidence>(items: T[], byEnd: boolean): T[] {
  let budget = items.length * 8;
  for (let index = 1; index < items.length; index++) {
    const item = items[index] as T;
    let at = index;
    for (; at > 0; at--) {
      const other = items[at - 1] as T;
      if (!(item.start < other.start || (byEnd && item.start === other.start && item.end < other.end))) break;
      items[at] = other;
    }
    items[at] = item;
    budget -= index - at;
    if (budget < 0)
      return items.sort(byEnd ? (a, b) => a.start - b.start || a.end - b.end : (a, b) => a.start - b.start);
  }
  return items;
}

/**
 * CIP differentiated service delivery: risk always means individual case management;
 * otherwise readiness = capability x complexity, read from the signals that carry them.
 */
function serviceLevelFor(
  tier: Tier,
  counted: FoundList,
  signals: readonly Signal[],
): { level: ServiceLevel; reason: string } {
  if (tier === 'crisis' || tier === 'urgent') {
    return {
      level: 'individual_case_managed',
      reason: `A ${tier} risk needs a practitioner's individual, case-managed attention.`,
    };
  }
  const capabilityLow: Signal[] = [];
  const complexityHigh: Signal[] = [];
  for (let index = 0; index < counted.count; index++) {
    const signal = signals[counted.signal[index] as number] as Signal;
    if (signal.readiness === 'capability') capabilityLow.push(signal);
    else if (signal.readiness === 'complexity') complexityHigh.push(signal);
  }
  const advice = assignServiceLevel(
    capabilityLow.length > 0 ? 'low' : 'high',
    complexityHigh.length > 0 ? 'high' : 'low',
  );
  const named = (found: readonly Signal[]) =>
    [...new Set(found.map((signal) => signal.description))].join('; ');
  const parts = [advice.explanation];
  if (capabilityLow.length > 0) parts.push(`Capability signals: ${named(capabilityLow)}.`);
  if (complexityHigh.length > 0) parts.push(`Complexity signals: ${named(complexityHigh)}.`);
  return { level: advice.level, reason: parts.join(' ') };
}
