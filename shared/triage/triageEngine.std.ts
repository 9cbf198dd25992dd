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
 */
import { assignServiceLevel } from '../domain/readiness.std.ts';
import type { ServiceLevel } from '../domain/readiness.std.ts';
import { PatternIndex, compilePattern } from './patterns.std.ts';
import type { CompiledPattern, PatternMatch } from './patterns.std.ts';
import { featureWords, riskProbability, scoreRisk } from './riskModel.std.ts';
import type { RiskModel } from './riskModel.std.ts';
import { CSSRS_LEVELS, TIER_RANK, TIERS, triageRulesSchema } from './rulesSchema.std.ts';
import type {
  Category,
  Combination,
  CssrsLevel,
  SignalDefinition,
  Tier,
  TriageRules,
} from './rulesSchema.std.ts';
import { Lexicon, tokenise } from './tokenise.std.ts';
import type { Tokens } from './tokenise.std.ts';

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
  /** The learned model's view, when one is loaded: it may raise a tier, never lower it. */
  risk_model: { version: string; probability: number; raised: boolean } | null;
  rules_version: string;
}

export interface TriageEngine {
  readonly version: string;
  triage(text: string): TriageResult;
}

/** One per rule: what its patterns' matches mean, looked up once when the rules load. */
interface Owner {
  rule: string;
  signal: string;
  definition: SignalDefinition;
  /** For a context signal: the signals and categories it sets aside. */
  setsAside: ReadonlySet<string>;
}

interface Found {
  evidence: Evidence;
  definition: SignalDefinition;
  first: number;
  last: number;
}

const TIER_FLOOR: Record<Tier, number> = { crisis: 80, urgent: 60, priority: 40, routine: 20, none: 0 };
const CSSRS_RANK = new Map<CssrsLevel, number>(CSSRS_LEVELS.map((level, index) => [level, index]));

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
  const sets = new Map(Object.entries(rules.sets));
  const compiled: CompiledPattern<Owner>[] = [];
  for (const rule of rules.rules) {
    const definition = rules.signals[rule.signal] as SignalDefinition;
    const owner: Owner = {
      rule: rule.id,
      signal: rule.signal,
      definition,
      setsAside: new Set(definition.setsAside ?? []),
    };
    for (const source of rule.patterns) {
      try {
        compiled.push(compilePattern(source, sets, owner));
      } catch (error) {
        throw new TriageRulesError(`Rule ${rule.id}: ${(error as Error).message}`);
      }
    }
  }
  const index = new PatternIndex(compiled, { gapBarriers: new Set(rules.negation.cues) });

  const acknowledgementWords = new Set(rules.acknowledgement.words);
  // Every word the patterns and the model look up is numbered once, so a message's words
  // are looked up once each, as they are read.
  const lexicon = new Lexicon(new Map(Object.entries(rules.expansions)), [
    ...index.words(),
    ...rules.negation.cues,
    ...rules.negation.bridge,
    ...(options.riskModel === undefined ? [] : featureWords(options.riskModel)),
  ]);
  index.useLexicon(lexicon);
  const negation: CompiledNegation = { roles: new Uint8Array(lexicon.size), window: rules.negation.window };
  // A word both cue and bridge acts as a cue, as it always has (the cue is checked first).
  for (const word of rules.negation.bridge) negation.roles[lexicon.idOf(word)] = IS_BRIDGE;
  for (const word of rules.negation.cues) negation.roles[lexicon.idOf(word)] = IS_CUE;
  const engine: Compiled = {
    rules,
    index,
    lexicon,
    negation,
    acknowledgementWords,
    combinations: rules.combinations.map(compileCombination),
    combinationsById: new Map(rules.combinations.map((combination) => [combination.id, combination])),
    riskModel: options.riskModel,
  };
  return { version: rules.version, triage: (text) => triageText(text, engine) };
}

/** A combination with its signal groups split once, not on every message. */
interface CompiledCombination {
  source: Combination;
  groups: readonly ReadonlySet<string>[];
  /** Every signal it names, in the order written, each once. */
  names: readonly string[];
}

function compileCombination(combination: Combination): CompiledCombination {
  return {
    source: combination,
    groups: combination.all.map((entry) => new Set(entry.split('|'))),
    names: [...new Set(combination.all.flatMap((entry) => entry.split('|')))],
  };
}

interface CompiledNegation {
  /** Per lexicon id: IS_CUE, IS_BRIDGE or 0 (a word the lexicon lacks is neither). */
  roles: Uint8Array;
  window: number;
}

const IS_CUE = 1;
const IS_BRIDGE = 2;

interface Compiled {
  rules: TriageRules;
  index: PatternIndex<Owner>;
  lexicon: Lexicon;
  negation: CompiledNegation;
  acknowledgementWords: ReadonlySet<string>;
  combinations: readonly CompiledCombination[];
  combinationsById: ReadonlyMap<string, Combination>;
  riskModel: RiskModel | undefined;
}

function evidenceOf(
  text: string,
  tokens: Tokens,
  match: { first: number; last: number },
  owner: { rule: string; signal: string },
): Evidence {
  const start = tokens.starts[match.first] as number;
  const end = tokens.ends[match.last - 1] as number;
  return { start, end, text: text.slice(start, end), signal: owner.signal, rule: owner.rule };
}

function triageText(text: string, compiled: Compiled): TriageResult {
  const { rules } = compiled;
  const tokens = tokenise(text, compiled.lexicon);
  const matches = dedupe(compiled.index.matchAll(tokens));

  // Token positions inside phrases whose negation word negates nothing.
  const guards = new Set<number>();
  const pastSentences = new Map<number, PatternMatch<Owner>>();
  const recentSentences = new Set<number>();
  const jokingSentences = new Map<number, PatternMatch<Owner>>();
  const hypotheticalSentences = new Map<number, PatternMatch<Owner>>();
  const contexts = new Map<number, PatternMatch<Owner>[]>();
  const messageContexts: PatternMatch<Owner>[] = [];
  for (const match of matches) {
    const definition = match.pattern.owner.definition;
    const sentence = tokens.sentence[match.first] as number;
    switch (definition.kind) {
      case 'negation_guard':
        for (let at = match.first; at < match.last; at++) guards.add(at);
        break;
      case 'past':
        pastSentences.set(sentence, match);
        break;
      case 'recent':
        recentSentences.add(sentence);
        break;
      case 'humour':
        jokingSentences.set(sentence, match);
        break;
      case 'hypothetical':
        hypotheticalSentences.set(sentence, match);
        break;
      case 'context': {
        if (definition.scope === 'message') {
          messageContexts.push(match);
          break;
        }
        const list = contexts.get(sentence);
        if (list === undefined) contexts.set(sentence, [match]);
        else list.push(match);
        break;
      }
      default:
    }
  }
  const moods = [
    { reason: 'joking' as const, fallback: 'whenJoking' as const, sentences: jokingSentences },
    {
      reason: 'hypothetical' as const,
      fallback: 'whenHypothetical' as const,
      sentences: hypotheticalSentences,
    },
  ];

  const counted: Found[] = [];
  const setAside: SetAside[] = [];
  const protective: Evidence[] = [];
  const modifiers: Found[] = [];
  const setAsideSpans = new Map<
    number,
    { first: number; last: number; category: Category | undefined; aside: SetAside }[]
  >();
  const scopes: Scopes = { guards, pastSentences, recentSentences, contexts, messageContexts };

  for (const match of matches) {
    const owner = match.pattern.owner;
    const definition = owner.definition;
    if (definition.kind === 'protective') {
      if (negatedBy(tokens, match, compiled.negation, guards) === null)
        protective.push(evidenceOf(text, tokens, match, owner));
      continue;
    }
    if (definition.kind === 'modifier') {
      // A time word or means in an imagined or negated sentence escalates nothing.
      const sentence = tokens.sentence[match.first] as number;
      const imagined = !definition.countsWhenImagined && hypotheticalSentences.has(sentence);
      const negated = definition.negatable && negatedBy(tokens, match, compiled.negation, guards) !== null;
      if (!imagined && !negated) {
        const evidence = evidenceOf(text, tokens, match, owner);
        modifiers.push({ evidence, definition, first: match.first, last: match.last });
      }
      continue;
    }
    if (definition.kind !== 'finding') continue;

    const evidence = evidenceOf(text, tokens, match, owner);
    const reason = whySetAside(match, definition, tokens, compiled, scopes);
    if (reason !== null) {
      const aside = withReason(
        evidence,
        reason.reason,
        evidenceOf(text, tokens, reason.by, reason.by.pattern.owner),
      );
      setAside.push(aside);
      if (reason.reason !== 'context') {
        const sentence = tokens.sentence[match.first] as number;
        const spans = setAsideSpans.get(sentence) ?? [];
        spans.push({ first: match.first, last: match.last, category: definition.category, aside });
        setAsideSpans.set(sentence, spans);
      }
      continue;
    }
    const sentence = tokens.sentence[match.first] as number;
    const mood = moods.find(
      (candidate) => definition[candidate.fallback] !== undefined && candidate.sentences.has(sentence),
    );
    if (mood !== undefined) {
      const marker = mood.sentences.get(sentence) as PatternMatch<Owner>;
      const milderName = definition[mood.fallback] as string;
      setAside.push(
        withReason(evidence, mood.reason, evidenceOf(text, tokens, marker, marker.pattern.owner)),
      );
      counted.push({
        evidence: { ...evidence, signal: milderName },
        definition: rules.signals[milderName] as SignalDefinition,
        first: match.first,
        last: match.last,
      });
      continue;
    }
    counted.push({ evidence, definition, first: match.first, last: match.last });
  }

  // A shorter match inside one already set aside ("ending my life" within "never had
  // thoughts of ending my life") is set aside for the same reason.
  if (setAsideSpans.size > 0) {
    for (let index = counted.length - 1; index >= 0; index--) {
      const found = counted[index] as Found;
      const outer = setAsideSpans
        .get(tokens.sentence[found.first] as number)
        ?.find(
          (span) =>
            span.category === found.definition.category &&
            span.first <= found.first &&
            found.last <= span.last,
        );
      if (outer !== undefined) {
        setAside.push(withReason(found.evidence, outer.aside.reason, outer.aside.because));
        counted.splice(index, 1);
      }
    }
  }

  if (isAcknowledgement(tokens, compiled.acknowledgementWords, rules.acknowledgement.maxWords)) {
    const definition = rules.signals['acknowledgement'];
    if (definition !== undefined && counted.every((found) => rankOf(found.definition) <= TIER_RANK.routine)) {
      counted.push({
        evidence: { start: 0, end: text.length, text, signal: 'acknowledgement', rule: 'ACK.whole_message' },
        definition,
        first: 0,
        last: tokens.count,
      });
    }
  }

  const escalations = combine(compiled.combinations, counted, modifiers, tokens);
  const result = decide(
    rules,
    compiled.combinationsById,
    counted,
    modifiers,
    escalations,
    setAside,
    protective,
  );
  return compiled.riskModel === undefined
    ? result
    : withRiskModel(result, compiled.riskModel, rules, tokens, text);
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
 * looked at risk words and set them aside on purpose.
 */
function withRiskModel(
  result: TriageResult,
  model: RiskModel,
  rules: TriageRules,
  tokens: Tokens,
  text: string,
): TriageResult {
  // Only a raised tier shows the model's evidence, so only then is it gathered.
  const probability = riskProbability(model, tokens);
  const policy = rules.riskModel;
  const view = {
    version: model.modelVersion,
    probability: Number(probability.toFixed(3)),
    raised: false,
  };
  const deliberatelySetAside = result.set_aside.some(
    (item) =>
      (policy?.unlessSetAside as readonly string[] | undefined)?.includes(item.reason) &&
      ['self_harm', 'harm_to_others', 'abuse'].includes(rules.signals[item.signal]?.category ?? ''),
  );
  if (
    policy === undefined ||
    probability < policy.minProbability ||
    TIER_RANK[result.tier] >= TIER_RANK[policy.raiseTo] ||
    deliberatelySetAside
  ) {
    return { ...result, risk_model: view };
  }
  const score = scoreRisk(model, tokens, text);
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
function dedupe(matches: readonly PatternMatch<Owner>[]): PatternMatch<Owner>[] {
  const kept: PatternMatch<Owner>[] = [];
  let sameStart = 0;
  for (const match of matches) {
    if (kept.length === 0 || (kept[kept.length - 1] as PatternMatch<Owner>).first !== match.first) {
      sameStart = kept.length;
    } else {
      const owner = match.pattern.owner;
      const context = owner.definition.kind === 'context';
      let duplicate = false;
      for (let index = sameStart; index < kept.length && !duplicate; index++) {
        const other = kept[index] as PatternMatch<Owner>;
        duplicate = other.pattern.owner === owner && (!context || other.last === match.last);
      }
      if (duplicate) continue;
    }
    kept.push(match);
  }
  return kept;
}

/** The words that set a finding aside: a match of some rule, or a negation word. */
interface Because {
  first: number;
  last: number;
  pattern: { owner: { rule: string; signal: string } };
}

const NEGATION_CUE = { owner: { rule: 'NEGATION.cue', signal: 'negation' } };

interface Scopes {
  guards: ReadonlySet<number>;
  messageContexts: PatternMatch<Owner>[];
  pastSentences: Map<number, PatternMatch<Owner>>;
  recentSentences: Set<number>;
  /** Context matches by sentence: every scope but "message" stays within one sentence. */
  contexts: Map<number, PatternMatch<Owner>[]>;
}

function whySetAside(
  match: PatternMatch<Owner>,
  definition: SignalDefinition,
  tokens: Tokens,
  compiled: Compiled,
  scopes: Scopes,
): { reason: SetAsideReason; by: Because } | null {
  const sentence = tokens.sentence[match.first] as number;
  if (definition.negatable) {
    const cue = negatedBy(tokens, match, compiled.negation, scopes.guards);
    if (cue !== null) return { reason: 'negated', by: cue };
  }
  if (definition.historical) {
    const past = scopes.pastSentences.get(sentence);
    if (past !== undefined && !scopes.recentSentences.has(sentence)) return { reason: 'past', by: past };
  }
  const inSentence = scopes.contexts.get(sentence);
  if (inSentence !== undefined) {
    for (const context of inSentence)
      if (setsAside(context, match, definition, tokens)) return { reason: 'context', by: context };
  }
  for (const context of scopes.messageContexts)
    if (setsAside(context, match, definition, tokens)) return { reason: 'context', by: context };
  return null;
}

function setsAside(
  context: PatternMatch<Owner>,
  match: PatternMatch<Owner>,
  definition: SignalDefinition,
  tokens: Tokens,
): boolean {
  const targets = context.pattern.owner.setsAside;
  if (!targets.has(match.pattern.owner.signal) && !targets.has(definition.category ?? '')) return false;
  return inScope(context.pattern.owner.definition.scope ?? 'overlap', context, match, tokens);
}

function inScope(
  scope: NonNullable<SignalDefinition['scope']>,
  context: PatternMatch<Owner>,
  match: PatternMatch<Owner>,
  tokens: Tokens,
): boolean {
  switch (scope) {
    case 'overlap':
      return context.first < match.last && match.first < context.last;
    case 'clause':
      return tokens.clause[context.first] === tokens.clause[match.first];
    case 'sentence':
      return tokens.sentence[context.first] === tokens.sentence[match.first];
    case 'message':
      return true;
  }
}

/**
 * A negation word shortly before the match, in the same clause, with only bridge words
 * between ("not *going to* hurt myself"), and not part of a phrase where it negates
 * nothing ("no one would miss me", "can't stop thinking").
 */
function negatedBy(
  tokens: Tokens,
  match: PatternMatch<Owner>,
  negation: CompiledNegation,
  guarded: ReadonlySet<number>,
): Because | null {
  const clause = tokens.clause[match.first];
  for (let at = match.first - 1; at >= Math.max(0, match.first - negation.window); at--) {
    if (tokens.clause[at] !== clause) return null;
    const id = tokens.ids[at] as number;
    const role = id >= 0 ? negation.roles[id] : 0;
    if (role === IS_CUE) {
      if (guarded.has(at)) return null;
      return { pattern: NEGATION_CUE, first: at, last: at + 1 };
    }
    if (role !== IS_BRIDGE) return null;
  }
  return null;
}

function isAcknowledgement(tokens: Tokens, words: ReadonlySet<string>, maxWords: number): boolean {
  if (tokens.count === 0 || tokens.count > maxWords) return false;
  return tokens.words.every((word) => words.has(word));
}

function rankOf(definition: SignalDefinition): number {
  return definition.tier === undefined ? -1 : TIER_RANK[definition.tier];
}

function combine(
  combinations: readonly CompiledCombination[],
  counted: readonly Found[],
  modifiers: readonly Found[],
  tokens: Tokens,
): Escalation[] {
  const present = [...counted, ...modifiers];
  const presentSignals = new Set<string>();
  for (const found of present) presentSignals.add(found.evidence.signal);
  let bySentence: Map<number, Found[]> | null = null;
  const escalations: Escalation[] = [];
  for (const { source: combination, groups, names } of combinations) {
    // Every part needs one of its signals somewhere in the message: most stop here.
    if (!groups.every((group) => anyIn(group, presentSignals))) continue;
    if (combination.unless.some((name) => presentSignals.has(name))) continue;
    let satisfied = false;
    if (combination.scope === 'message') satisfied = satisfiedIn(groups, combination.minMatches, present);
    else {
      bySentence ??= foundBySentence(present, tokens);
      for (const candidates of bySentence.values()) {
        if (satisfiedIn(groups, combination.minMatches, candidates)) {
          satisfied = true;
          break;
        }
      }
    }
    if (satisfied) {
      escalations.push({
        rule: combination.id,
        description: combination.description,
        tier: combination.tier,
        signals: names.filter((name) => presentSignals.has(name)),
      });
    }
  }
  return escalations;
}

/**
 * Each part of a combination must come from its own words: one phrase that matches two
 * signals ("haven't had food in the house") is not two findings. The first part needs
 * minMatches separate matches (by where they start), every other part one, and with two
 * or more parts the matches must start in at least two places.
 */
function satisfiedIn(
  groups: readonly ReadonlySet<string>[],
  minMatches: number,
  candidates: readonly Found[],
): boolean {
  let firstStart = -1;
  let twoStarts = false;
  for (let group = 0; group < groups.length; group++) {
    const signals = groups[group] as ReadonlySet<string>;
    const needed = group === 0 ? minMatches : 1;
    const starts: number[] = [];
    for (let index = 0; index < candidates.length; index++) {
      const evidence = (candidates[index] as Found).evidence;
      if (!signals.has(evidence.signal)) continue;
      if (!starts.includes(evidence.start)) starts.push(evidence.start);
      if (firstStart < 0) firstStart = evidence.start;
      else if (evidence.start !== firstStart) twoStarts = true;
    }
    if (starts.length < needed) return false;
  }
  return groups.length === 1 || twoStarts;
}

function anyIn(names: ReadonlySet<string>, present: ReadonlySet<string>): boolean {
  for (const name of names) if (present.has(name)) return true;
  return false;
}

function foundBySentence(present: readonly Found[], tokens: Tokens): Map<number, Found[]> {
  const bySentence = new Map<number, Found[]>();
  for (const found of present) {
    const sentence = tokens.sentence[found.first] as number;
    const list = bySentence.get(sentence);
    if (list === undefined) bySentence.set(sentence, [found]);
    else list.push(found);
  }
  return bySentence;
}

function decide(
  rules: TriageRules,
  combinationsById: ReadonlyMap<string, Combination>,
  counted: readonly Found[],
  modifiers: readonly Found[],
  escalations: readonly Escalation[],
  setAside: SetAside[],
  protective: Evidence[],
): TriageResult {
  // Spam and bare acknowledgements outvote routine signals, never anything more pressing.
  let tier: Tier = 'routine';
  let noneWeight = 0;
  let routineWeight = 0;
  let best = TIER_RANK.routine;
  for (const found of counted) {
    const rank = rankOf(found.definition);
    if (rank === TIER_RANK.none) noneWeight += found.definition.weight;
    else if (rank === TIER_RANK.routine) routineWeight += found.definition.weight;
    if (rank > best) best = rank;
  }
  for (const escalation of escalations) best = Math.max(best, TIER_RANK[escalation.tier]);
  tier = TIERS.find((candidate) => TIER_RANK[candidate] === best) ?? 'routine';
  if (tier === 'routine' && noneWeight > 0 && noneWeight >= routineWeight) tier = 'none';

  const categories = new Set<Category>();
  for (const found of counted)
    if (found.definition.category !== undefined) categories.add(found.definition.category);
  for (const escalation of escalations) {
    const combination = combinationsById.get(escalation.rule);
    if (combination?.category !== undefined) categories.add(combination.category);
  }
  if (tier !== 'none') categories.delete('acknowledgement');

  let cssrs: CssrsLevel | null = null;
  const raise = (level: CssrsLevel | undefined) => {
    if (
      level !== undefined &&
      (cssrs === null || (CSSRS_RANK.get(level) ?? 0) > (CSSRS_RANK.get(cssrs) ?? 0))
    )
      cssrs = level;
  };
  for (const found of counted) if (found.definition.category === 'self_harm') raise(found.definition.cssrs);
  for (const escalation of escalations) {
    const combination = combinationsById.get(escalation.rule);
    if (
      combination?.category === 'self_harm' ||
      escalation.signals.some((name) => rules.signals[name]?.category === 'self_harm')
    ) {
      raise(combination?.cssrs);
    }
  }
  if (categories.has('self_harm') && cssrs === null) cssrs = 'non_specific_thoughts';

  const evidence = [
    ...counted,
    ...modifiers.filter((found) => escalations.some((e) => e.signals.includes(found.evidence.signal))),
  ]
    .map((found) => found.evidence)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const weightAtTier = counted
    .filter((found) => found.definition.tier === tier)
    .reduce((sum, found) => sum + found.definition.weight, 0);
  const score = Math.min(
    TIER_FLOOR[tier] + 19,
    TIER_FLOOR[tier] + Math.round(weightAtTier * 2 + escalations.filter((e) => e.tier === tier).length * 4),
  );
  const service = serviceLevelFor(tier, counted);
  return {
    tier,
    score,
    categories: [...categories].sort(),
    service_level: service.level,
    service_level_reason: service.reason,
    cssrs_level: cssrs,
    evidence,
    set_aside: setAside.sort((a, b) => a.start - b.start),
    escalations: [...escalations],
    protective_factors: protective.sort((a, b) => a.start - b.start),
    risk_model: null,
    rules_version: rules.version,
  };
}

/**
 * CIP differentiated service delivery: risk always means individual case management;
 * otherwise readiness = capability x complexity, read from the signals that carry them.
 */
function serviceLevelFor(tier: Tier, counted: readonly Found[]): { level: ServiceLevel; reason: string } {
  if (tier === 'crisis' || tier === 'urgent') {
    return {
      level: 'individual_case_managed',
      reason: `A ${tier} risk needs a practitioner's individual, case-managed attention.`,
    };
  }
  const capabilityLow = counted.filter((found) => found.definition.readiness === 'capability');
  const complexityHigh = counted.filter((found) => found.definition.readiness === 'complexity');
  const advice = assignServiceLevel(
    capabilityLow.length > 0 ? 'low' : 'high',
    complexityHigh.length > 0 ? 'high' : 'low',
  );
  const named = (found: readonly Found[]) =>
    [...new Set(found.map((f) => f.definition.description.toLowerCase()))].join('; ');
  const parts = [advice.explanation];
  if (capabilityLow.length > 0) parts.push(`Capability signals: ${named(capabilityLow)}.`);
  if (complexityHigh.length > 0) parts.push(`Complexity signals: ${named(complexityHigh)}.`);
  return { level: advice.level, reason: parts.join(' ') };
}
