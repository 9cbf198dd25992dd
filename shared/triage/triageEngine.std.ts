/**
 * The triage engine: pure, deterministic and explainable. Given a message's text and a
 * rules file it returns a tier, a score, categories, a CIP service level, the C-SSRS level
 * of any self-harm content, protective factors and the evidence: every span that
 * contributed, with the signal and rule it matched.
 *
 * Order of reasoning, each step driven by the rules file:
 *  1. tokenise (normalise, expand SMS spellings) and match every rule's patterns;
 *  2. set findings aside that are negated, about the past, figures of speech or the topic
 *     of a career question; read hyperbole in a joking sentence as milder;
 *  3. add combinations (ideation + a time word, a goodbye + hopelessness, ...);
 *  4. the tier is the most severe finding's tier; the score orders messages within it.
 *
 * Everything until the result is built works on numbers: tokens and matches in typed
 * arrays (tokenise.std.ts, matcher.std.ts), signals and rules by index. Each engine keeps
 * its working arrays from message to message; the result is plain data, built once.
 */
import type { ServiceLevel } from '../domain/readiness.std.ts';
import { combine, decide, foundEvidence } from './decision.std.ts';
import {
  CATEGORY_BIT,
  CLAUSE,
  CONTEXT,
  CSSRS_RANK,
  FINDING,
  HUMOUR,
  HYPOTHETICAL,
  IS_BRIDGE,
  IS_CUE,
  KIND_CODES,
  MESSAGE,
  MODIFIER,
  NEGATION_GUARD,
  OVERLAP,
  PAST,
  PROTECTIVE,
  RECENT,
  RISK_CATEGORIES,
  SENTENCE,
  TIER_FLOOR,
  Workspace,
} from './engineState.std.ts';
import type { Compiled, Rule, Signal } from './engineState.std.ts';
import { Lexicon } from './lexicon.std.ts';
import { PatternIndex } from './matcher.std.ts';
import type { MatchList } from './matcher.std.ts';
import { compilePattern } from './patterns.std.ts';
import type { CompiledPattern } from './patterns.std.ts';
import { featureWords, riskProbabilityOfBuffer, scoreRisk } from './riskModel.std.ts';
import type { RiskModel } from './riskModel.std.ts';
import { TIER_RANK, triageRulesSchema } from './rulesSchema.std.ts';
import type { Category, CssrsLevel, SignalDefinition, Tier, TriageRules } from './rulesSchema.std.ts';
import type { TokenBuffer } from './tokenise.std.ts';

export interface Evidence {
  start: number;
  end: number;
  text: string;
  signal: string;
  rule: string;
}

export type SetAsideReason = 'negated' | 'past' | 'context' | 'joking' | 'hypothetical';

/** A match that did not count, and why: the "why not higher" half of the explanation. */
export interface SetAside extends Evidence {
  reason: SetAsideReason;
  /** The words that set it aside (the negation, the past-tense marker, the idiom). */
  because: Evidence | null;
}

export interface Escalation {
  rule: string;
  description: string;
  tier: Tier;
  signals: string[];
}

export interface TriageResult {
  tier: Tier;
  /** 0–100; bands by tier (crisis 80+, urgent 60+, priority 40+, routine 20+). */
  score: number;
  categories: Category[];
  service_level: ServiceLevel;
  service_level_reason: string;
  cssrs_level: CssrsLevel | null;
  evidence: Evidence[];
  set_aside: SetAside[];
  escalations: Escalation[];
  protective_factors: Evidence[];
  /**
   * The learned model's view: it may raise a tier, never lower it. Null when no model is
   * loaded, or when the rules' tier already reaches the tier the model may raise to, where
   * it could change nothing and is not consulted.
   */
  risk_model: { version: string; probability: number; raised: boolean } | null;
  rules_version: string;
}

export interface TriageEngine {
  readonly version: string;
  triage(text: string): TriageResult;
}

export class TriageRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageRulesError';
  }
}

/**
 * Validates and compiles a rules file; with a risk model, the model may raise tiers
 * as the rules file allows. Throws TriageRulesError naming the problem.
 */
export function createTriageEngine(
  rulesFile: unknown,
  options: { riskModel?: RiskModel } = {},
): TriageEngine {
  const parsed = triageRulesSchema.safeParse(rulesFile);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TriageRulesError(
      `The triage rules are invalid at ${issue?.path.join('.') || 'the top'}: ${issue?.message}`,
    );
  }
  const rules: TriageRules = parsed.data;
  const signalNames = Object.keys(rules.signals);
  const signalIds = new Map(signalNames.map((name, id) => [name, id]));
  const idOfSignal = (name: string | undefined) => (name === undefined ? -1 : (signalIds.get(name) ?? -1));
  const signals: Signal[] = signalNames.map((name) => {
    const definition = rules.signals[name] as SignalDefinition;
    return {
      name,
      definition,
      kind: KIND_CODES[definition.kind],
      category: definition.category,
      tier: definition.tier,
      weight: definition.weight,
      negatable: definition.negatable,
      historical: definition.historical,
      countsWhenImagined: definition.countsWhenImagined,
      readiness: definition.readiness,
      description: definition.description.toLowerCase(),
      rank: definition.tier === undefined ? -1 : TIER_RANK[definition.tier],
      whenJoking: idOfSignal(definition.whenJoking),
      whenHypothetical: idOfSignal(definition.whenHypothetical),
      categoryBit: definition.category === undefined ? 0 : CATEGORY_BIT[definition.category],
      cssrsRank:
        definition.category === 'self_harm' && definition.cssrs !== undefined
          ? (CSSRS_RANK.get(definition.cssrs) as number)
          : -1,
    };
  });
  const scopes = { overlap: OVERLAP, clause: CLAUSE, sentence: SENTENCE, message: MESSAGE };
  const ruleList: Rule[] = rules.rules.map((rule) => ({
    id: rule.id,
    signal: signalIds.get(rule.signal) as number,
    scope: scopes[rules.signals[rule.signal]?.scope ?? 'overlap'],
  }));

  const sets = new Map(Object.entries(rules.sets));
  const compiled: CompiledPattern<number>[] = [];
  rules.rules.forEach((rule, ruleIndex) => {
    for (const source of rule.patterns) {
      try {
        compiled.push(compilePattern(source, sets, ruleIndex));
      } catch (error) {
        throw new TriageRulesError(`Rule ${rule.id}: ${(error as Error).message}`);
      }
    }
  });
  const index = new PatternIndex(compiled, { gapBarriers: new Set(rules.negation.cues) });

  // A context rule sets aside a finding by the finding's signal or its category.
  const setsAside = new Uint8Array(ruleList.length * signals.length);
  const signalsSetAside = ruleList.map((rule, ruleIndex) => {
    const targets = new Set((signals[rule.signal] as Signal).definition.setsAside ?? []);
    const set: number[] = [];
    signals.forEach((signal, signalIndex) => {
      if (!targets.has(signal.name) && !targets.has(signal.definition.category ?? '')) return;
      setsAside[ruleIndex * signals.length + signalIndex] = 1;
      set.push(signalIndex);
    });
    return Int32Array.from(set);
  });

  // Every word the patterns and the model look up is numbered once, so a message's words
  // are looked up once each, as they are read.
  const lexicon = new Lexicon(new Map(Object.entries(rules.expansions)), [
    ...index.words(),
    ...rules.negation.cues,
    ...rules.negation.bridge,
    ...rules.acknowledgement.words,
    ...(options.riskModel === undefined ? [] : featureWords(options.riskModel)),
  ]);
  index.useLexicon(lexicon);
  const negationRoles = new Uint8Array(lexicon.size);
  // A word both cue and bridge acts as a cue, as it always has (the cue is checked first).
  for (const word of rules.negation.bridge) negationRoles[lexicon.idOf(word)] = IS_BRIDGE;
  for (const word of rules.negation.cues) negationRoles[lexicon.idOf(word)] = IS_CUE;
  const acknowledgementIds = new Uint8Array(lexicon.size);
  for (const word of rules.acknowledgement.words) acknowledgementIds[lexicon.idOf(word)] = 1;

  const engine: Compiled = {
    rules,
    index,
    lexicon,
    signals,
    ruleList,
    patternRule: Int32Array.from(compiled, (pattern) => pattern.owner),
    patternSignal: Int32Array.from(compiled, (pattern) => (ruleList[pattern.owner] as Rule).signal),
    setsAside,
    signalsSetAside,
    negationRoles,
    negationWindow: rules.negation.window,
    acknowledgementIds,
    acknowledgement: idOfSignal('acknowledgement'),
    combinations: rules.combinations.map((combination) => ({
      id: combination.id,
      description: combination.description,
      tier: combination.tier,
      category: combination.category,
      cssrs: combination.cssrs,
      scope: combination.scope,
      minMatches: combination.minMatches,
      groups: combination.all.map((entry) => {
        const group = new Uint8Array(signals.length);
        for (const name of entry.split('|')) group[signalIds.get(name) as number] = 1;
        return group;
      }),
      groupSignals: combination.all.map((entry) =>
        entry.split('|').map((name) => signalIds.get(name) as number),
      ),
      unless: combination.unless.map((name) => signalIds.get(name) as number),
      names: [...new Set(combination.all.flatMap((entry) => entry.split('|')))].map(
        (name) => signalIds.get(name) as number,
      ),
    })),
    riskModel: options.riskModel,
    work: new Workspace(lexicon, signals.length),
  };
  return { version: rules.version, triage: (text) => triageText(text, engine) };
}

/** A finding set aside for a reason other than a context, kept to set aside shorter ones inside it. */
interface SetAsideSpan {
  first: number;
  last: number;
  category: Category | undefined;
  aside: SetAside;
}

/** The words that set a finding aside: a match (by its rule) or a negation word (rule -1). */
interface Because {
  rule: number;
  first: number;
  last: number;
}

const NEGATION_CUE = { rule: 'NEGATION.cue', signal: 'negation' };

function triageText(text: string, compiled: Compiled): TriageResult {
  const { signals, ruleList, patternRule, patternSignal, work } = compiled;
  const tokens = work.tokens;
  tokens.read(text, compiled.lexicon);
  compiled.index.matchInto(tokens, work.found);
  const matches = work.matches;
  dedupe(work.found, matches, compiled);
  const sentences = tokens.lastSentence + 1;
  work.start(tokens.count, sentences);

  /** The evidence of a match of a rule (or of a negation word: rule -1). */
  const evidenceOf = (rule: number, first: number, last: number): Evidence => {
    const start = tokens.starts[first] as number;
    const end = tokens.ends[last - 1] as number;
    const owner = ruleList[rule];
    return {
      start,
      end,
      text: text.slice(start, end),
      signal: owner === undefined ? NEGATION_CUE.signal : (signals[owner.signal] as Signal).name,
      rule: owner === undefined ? NEGATION_CUE.rule : owner.id,
    };
  };

  // Where each sentence is past, recent, joking or imagined, and the contexts in it.
  for (let match = 0; match < matches.count; match++) {
    const pattern = matches.pattern[match] as number;
    const signal = signals[patternSignal[pattern] as number] as Signal;
    const first = matches.first[match] as number;
    const sentence = tokens.sentence[first] as number;
    switch (signal.kind) {
      case NEGATION_GUARD:
        work.guards.fill(1, first, matches.last[match] as number);
        break;
      case PAST:
        work.past[sentence] = match;
        break;
      case RECENT: {
        // "Two years ago this week" dates the past (an anniversary); it does not make it recent.
        const past = work.past[sentence] as number;
        if (past < 0 || matches.last[past] !== first) work.recent[sentence] = 1;
        break;
      }
      case HUMOUR:
        work.joking[sentence] = match;
        break;
      case HYPOTHETICAL:
        work.hypothetical[sentence] = match;
        break;
      case CONTEXT:
        if ((ruleList[patternRule[pattern] as number] as Rule).scope === MESSAGE)
          work.messageContexts.push(match);
        else {
          // Matches come by first token, so one sentence's contexts come together.
          if (work.contextsTo[sentence] === 0) work.contextsFrom[sentence] = work.contexts.count;
          work.contexts.push(match);
          work.contextsTo[sentence] = work.contexts.count;
        }
        break;
      default:
    }
  }

  // A context of message scope sets aside every finding of the signals it names: which
  // one does so for each signal is settled once, so a long message costs linear time.
  if (work.messageContexts.count > 0) {
    const { messageContextFor } = work;
    messageContextFor.fill(-1);
    for (let at = 0; at < work.messageContexts.count; at++) {
      const context = work.messageContexts.items[at] as number;
      const rule = patternRule[matches.pattern[context] as number] as number;
      for (const signal of compiled.signalsSetAside[rule] as Int32Array)
        if (messageContextFor[signal] === -1) messageContextFor[signal] = context;
    }
  }

  const { counted, modifiers } = work;
  const setAside: SetAside[] = [];
  const protective: Evidence[] = [];
  /** Findings set aside other than by a context, in sentence order (work.spansFrom: where each sentence's begin). */
  let spans: SetAsideSpan[] | null = null;

  for (let match = 0; match < matches.count; match++) {
    const pattern = matches.pattern[match] as number;
    const ruleIndex = patternRule[pattern] as number;
    const signalIndex = patternSignal[pattern] as number;
    const signal = signals[signalIndex] as Signal;
    const first = matches.first[match] as number;
    const last = matches.last[match] as number;
    if (signal.kind === PROTECTIVE) {
      if (negatedBy(first, tokens, compiled) < 0) protective.push(evidenceOf(ruleIndex, first, last));
      continue;
    }
    const sentence = tokens.sentence[first] as number;
    const start = tokens.starts[first] as number;
    const end = tokens.ends[last - 1] as number;
    if (signal.kind === MODIFIER) {
      // A time word or means in an imagined or negated sentence escalates nothing.
      const imagined = !signal.countsWhenImagined && work.hypothetical[sentence] !== -1;
      const negated = signal.negatable && negatedBy(first, tokens, compiled) >= 0;
      if (imagined || negated) continue;
      // A context sets a modifier aside as it does a finding: a roof terrace is no place of danger.
      const context = contextSettingAside(match, signalIndex, compiled);
      if (context === null) modifiers.push(signalIndex, ruleIndex, first, last, start, end);
      else
        setAside.push(
          withReason(
            evidenceOf(ruleIndex, first, last),
            'context',
            evidenceOf(context.rule, context.first, context.last),
          ),
        );
      continue;
    }
    if (signal.kind !== FINDING) continue;

    const reason = whySetAside(match, signalIndex, compiled);
    if (reason !== null) {
      const aside = withReason(
        evidenceOf(ruleIndex, first, last),
        reason.reason,
        evidenceOf(reason.by.rule, reason.by.first, reason.by.last),
      );
      setAside.push(aside);
      if (reason.reason !== 'context') {
        spans ??= [];
        if ((work.spansFrom[sentence] as number) < 0) work.spansFrom[sentence] = spans.length;
        spans.push({ first, last, category: signal.category, aside });
      }
      continue;
    }
    const joking = signal.whenJoking >= 0 ? (work.joking[sentence] as number) : -1;
    const imagined =
      joking < 0 && signal.whenHypothetical >= 0 ? (work.hypothetical[sentence] as number) : -1;
    if (joking >= 0 || imagined >= 0) {
      const marker = joking >= 0 ? joking : imagined;
      const markerRule = patternRule[matches.pattern[marker] as number] as number;
      setAside.push(
        withReason(
          evidenceOf(ruleIndex, first, last),
          joking >= 0 ? 'joking' : 'hypothetical',
          evidenceOf(markerRule, matches.first[marker] as number, matches.last[marker] as number),
        ),
      );
      const milder = joking >= 0 ? signal.whenJoking : signal.whenHypothetical;
      counted.push(milder, ruleIndex, first, last, start, end);
      continue;
    }
    counted.push(signalIndex, ruleIndex, first, last, start, end);
  }

  // A shorter match inside one already set aside ("ending my life" within "never had
  // thoughts of ending my life") is set aside for the same reason.
  if (spans !== null) {
    let removed = 0;
    const keep = work.keepAll(counted.count);
    for (let index = counted.count - 1; index >= 0; index--) {
      const sentence = tokens.sentence[counted.first[index] as number] as number;
      const from = work.spansFrom[sentence] as number;
      if (from < 0) continue;
      const category = (signals[counted.signal[index] as number] as Signal).category;
      for (
        let at = from;
        at < spans.length && tokens.sentence[(spans[at] as SetAsideSpan).first] === sentence;
        at++
      ) {
        const span = spans[at] as SetAsideSpan;
        if (
          span.category === category &&
          span.first <= (counted.first[index] as number) &&
          (counted.last[index] as number) <= span.last
        ) {
          setAside.push(
            withReason(foundEvidence(text, counted, index, compiled), span.aside.reason, span.aside.because),
          );
          keep[index] = 0;
          removed++;
          break;
        }
      }
    }
    if (removed > 0) {
      let kept = 0;
      for (let index = 0; index < counted.count; index++) if (keep[index] === 1) counted.move(index, kept++);
      counted.count = kept;
    }
  }

  if (compiled.acknowledgement >= 0 && isAcknowledgement(tokens, compiled)) {
    let routineOrLess = true;
    for (let index = 0; index < counted.count; index++)
      if ((signals[counted.signal[index] as number] as Signal).rank > TIER_RANK.routine)
        routineOrLess = false;
    if (routineOrLess) counted.push(compiled.acknowledgement, -1, 0, tokens.count, 0, text.length);
  }

  const combined = combine(compiled, tokens);
  const result = decide(text, compiled, combined, setAside, protective);
  return compiled.riskModel === undefined
    ? result
    : withRiskModel(result, compiled.riskModel, compiled, text);
}

/** The evidence set aside, with why (the keys in the order results have always had). */
function withReason(evidence: Evidence, reason: SetAsideReason, because: Evidence | null): SetAside {
  return {
    start: evidence.start,
    end: evidence.end,
    text: evidence.text,
    signal: evidence.signal,
    rule: evidence.rule,
    reason,
    because,
  };
}

/**
 * The learned model as a safety net: it catches phrasing no rule was written for, so it
 * may raise a message to the rules file's `raiseTo` tier, with its strongest words as
 * evidence. It never lowers a tier, never sets crisis, and stays silent where the rules
 * looked at risk words and set them aside on purpose. Where the rules' tier already reaches
 * `raiseTo` it could change nothing, so it is not consulted (a fifth of the work of a long
 * crisis message).
 */
function withRiskModel(
  result: TriageResult,
  model: RiskModel,
  compiled: Compiled,
  text: string,
): TriageResult {
  const { rules, work } = compiled;
  const policy = rules.riskModel;
  if (policy !== undefined && TIER_RANK[result.tier] >= TIER_RANK[policy.raiseTo]) return result;
  // Only a raised tier shows the model's evidence, so only then is it gathered.
  const probability = riskProbabilityOfBuffer(model, work.tokens);
  const view = {
    version: model.modelVersion,
    probability: Number(probability.toFixed(3)),
    raised: false,
  };
  const deliberatelySetAside = result.set_aside.some(
    (item) =>
      (policy?.unlessSetAside as readonly string[] | undefined)?.includes(item.reason) &&
      RISK_CATEGORIES.has(rules.signals[item.signal]?.category ?? ''),
  );
  if (policy === undefined || probability < policy.minProbability || deliberatelySetAside) {
    result.risk_model = view;
    return result;
  }
  const score = scoreRisk(model, work.tokens.toTokens(), text);
  const rule = `MODEL.${model.modelVersion}`;
  const evidence = score.evidence
    .slice(0, 5)
    .map((item) => ({ start: item.start, end: item.end, text: item.text, signal: 'learned_risk', rule }));
  const categories = new Set(result.categories);
  categories.add('distress');
  return {
    ...result,
    tier: policy.raiseTo,
    score: TIER_FLOOR[policy.raiseTo] + Math.round((score.probability - policy.minProbability) * 19),
    categories: [...categories].sort(),
    evidence: [...result.evidence, ...evidence].sort((a, b) => a.start - b.start || a.end - b.end),
    escalations: [
      ...result.escalations,
      {
        rule,
        description: `The learned risk model reads this as crisis or urgent (probability ${view.probability}) though no rule matched: a practitioner should look today.`,
        tier: policy.raiseTo,
        signals: ['learned_risk'],
      },
    ],
    service_level: 'individual_case_managed',
    service_level_reason:
      'Possible risk, raised by the learned model: individual, case-managed attention until a practitioner has read it.',
    risk_model: { ...view, raised: true },
  };
}

/**
 * One match per rule and starting word, so a finding is not counted twice; a context
 * keeps every length it matched, since the longest may be the one that covers a finding.
 * Matches come ordered by their first token, so a duplicate lies among those starting
 * at the same token.
 */
function dedupe(found: MatchList, kept: MatchList, compiled: Compiled): void {
  const { patternRule, patternSignal, signals } = compiled;
  kept.count = 0;
  let sameStart = 0;
  for (let index = 0; index < found.count; index++) {
    const pattern = found.pattern[index] as number;
    const first = found.first[index] as number;
    const last = found.last[index] as number;
    if (kept.count === 0 || kept.first[kept.count - 1] !== first) sameStart = kept.count;
    else {
      const rule = patternRule[pattern] as number;
      const context = (signals[patternSignal[pattern] as number] as Signal).kind === CONTEXT;
      let duplicate = false;
      for (let other = sameStart; other < kept.count && !duplicate; other++) {
        duplicate =
          patternRule[kept.pattern[other] as number] === rule && (!context || kept.last[other] === last);
      }
      if (duplicate) continue;
    }
    kept.push(pattern, first, last);
  }
}

/** Why a finding is set aside, if it is: a negation, the past, or a context around it. */
function whySetAside(
  match: number,
  signalIndex: number,
  compiled: Compiled,
): { reason: SetAsideReason; by: Because } | null {
  const { work, signals } = compiled;
  const { tokens, matches } = work;
  const signal = signals[signalIndex] as Signal;
  const first = matches.first[match] as number;
  const sentence = tokens.sentence[first] as number;
  if (signal.negatable) {
    const cue = negatedBy(first, tokens, compiled);
    if (cue >= 0) return { reason: 'negated', by: { rule: -1, first: cue, last: cue + 1 } };
  }
  if (signal.historical) {
    const past = work.past[sentence] as number;
    if (past >= 0 && work.recent[sentence] === 0) return { reason: 'past', by: byMatch(past, compiled) };
  }
  const context = contextSettingAside(match, signalIndex, compiled);
  return context === null ? null : { reason: 'context', by: context };
}

/** The context in the match's sentence, or of message scope, that sets its signal aside, if any. */
function contextSettingAside(match: number, signalIndex: number, compiled: Compiled): Because | null {
  const { work } = compiled;
  const sentence = work.tokens.sentence[work.matches.first[match] as number] as number;
  for (let at = work.contextsFrom[sentence] as number; at < (work.contextsTo[sentence] as number); at++) {
    const context = work.contexts.items[at] as number;
    if (setsAside(context, match, signalIndex, compiled)) return byMatch(context, compiled);
  }
  if (work.messageContexts.count > 0) {
    const context = work.messageContextFor[signalIndex] as number;
    if (context >= 0) return byMatch(context, compiled);
  }
  return null;
}

function byMatch(match: number, compiled: Compiled): Because {
  const { matches } = compiled.work;
  return {
    rule: compiled.patternRule[matches.pattern[match] as number] as number,
    first: matches.first[match] as number,
    last: matches.last[match] as number,
  };
}

function setsAside(context: number, match: number, signalIndex: number, compiled: Compiled): boolean {
  const { matches, tokens } = compiled.work;
  const ruleIndex = compiled.patternRule[matches.pattern[context] as number] as number;
  if (compiled.setsAside[ruleIndex * compiled.signals.length + signalIndex] !== 1) return false;
  const contextFirst = matches.first[context] as number;
  const matchFirst = matches.first[match] as number;
  switch ((compiled.ruleList[ruleIndex] as Rule).scope) {
    case OVERLAP:
      return contextFirst < (matches.last[match] as number) && matchFirst < (matches.last[context] as number);
    case CLAUSE:
      return tokens.clause[contextFirst] === tokens.clause[matchFirst];
    case SENTENCE:
      return tokens.sentence[contextFirst] === tokens.sentence[matchFirst];
    default:
      return true;
  }
}

/**
 * A negation word shortly before the match, in the same clause, with only bridge words
 * between ("not *going to* hurt myself"), and not part of a phrase where it negates
 * nothing ("no one would miss me", "can't stop thinking"): its token, or -1.
 */
function negatedBy(first: number, tokens: TokenBuffer, compiled: Compiled): number {
  const clause = tokens.clause[first];
  const roles = compiled.negationRoles;
  for (let at = first - 1; at >= Math.max(0, first - compiled.negationWindow); at--) {
    if (tokens.clause[at] !== clause) return -1;
    const id = tokens.ids[at] as number;
    const role = id >= 0 ? roles[id] : 0;
    if (role === IS_CUE) return compiled.work.guards[at] === 1 ? -1 : at;
    if (role !== IS_BRIDGE) return -1;
  }
  return -1;
}

function isAcknowledgement(tokens: TokenBuffer, compiled: Compiled): boolean {
  if (tokens.count === 0 || tokens.count > compiled.rules.acknowledgement.maxWords) return false;
  for (let at = 0; at < tokens.count; at++) {
    const id = tokens.ids[at] as number;
    // Every acknowledgement word is in the lexicon: a word it lacks is none.
    if (id < 0 || compiled.acknowledgementIds[id] !== 1) return false;
  }
  return true;
}
