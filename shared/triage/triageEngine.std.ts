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
import { scoreRisk } from './riskModel.std.ts';
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
import { tokenise } from './tokenise.std.ts';
import type { Expansions, Tokens } from './tokenise.std.ts';

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

interface Owner {
  rule: string;
  signal: string;
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
  const expansions: Expansions = new Map(Object.entries(rules.expansions));
  const compiled: CompiledPattern<Owner>[] = [];
  for (const rule of rules.rules) {
    for (const source of rule.patterns) {
      try {
        compiled.push(compilePattern(source, sets, { rule: rule.id, signal: rule.signal }));
      } catch (error) {
        throw new TriageRulesError(`Rule ${rule.id}: ${(error as Error).message}`);
      }
    }
  }
  const index = new PatternIndex(compiled, { gapBarriers: new Set(rules.negation.cues) });
  const negation = {
    cues: new Set(rules.negation.cues),
    bridge: new Set(rules.negation.bridge),
    window: rules.negation.window,
  };
  const acknowledgementWords = new Set(rules.acknowledgement.words);
  return {
    version: rules.version,
    triage: (text) =>
      triageText(text, {
        rules,
        index,
        expansions,
        negation,
        acknowledgementWords,
        riskModel: options.riskModel,
      }),
  };
}

interface CompiledNegation {
  cues: ReadonlySet<string>;
  bridge: ReadonlySet<string>;
  window: number;
}

interface Compiled {
  rules: TriageRules;
  index: PatternIndex<Owner>;
  expansions: Expansions;
  negation: CompiledNegation;
  acknowledgementWords: ReadonlySet<string>;
  riskModel: RiskModel | undefined;
}

function evidenceOf(
  text: string,
  tokens: Tokens,
  match: { first: number; last: number },
  owner: Owner,
): Evidence {
  const start = tokens.starts[match.first] as number;
  const end = tokens.ends[match.last - 1] as number;
  return { start, end, text: text.slice(start, end), signal: owner.signal, rule: owner.rule };
}

function triageText(text: string, compiled: Compiled): TriageResult {
  const { rules } = compiled;
  const tokens = tokenise(text, compiled.expansions);
  const matches = dedupe(compiled.index.matchAll(tokens), rules);

  const byKind = (kind: SignalDefinition['kind']) =>
    matches.filter((match) => rules.signals[match.pattern.owner.signal]?.kind === kind);
  // Token positions inside phrases whose negation word negates nothing.
  const guards = new Set<number>();
  for (const guard of byKind('negation_guard'))
    for (let at = guard.first; at < guard.last; at++) guards.add(at);
  const pastSentences = new Map(
    byKind('past').map((match) => [tokens.sentence[match.first] as number, match]),
  );
  const recentSentences = new Set(byKind('recent').map((match) => tokens.sentence[match.first] as number));
  const moods = [
    {
      reason: 'joking' as const,
      fallback: 'whenJoking' as const,
      sentences: sentencesMarked(byKind('humour'), tokens),
    },
    {
      reason: 'hypothetical' as const,
      fallback: 'whenHypothetical' as const,
      sentences: sentencesMarked(byKind('hypothetical'), tokens),
    },
  ];
  const contexts = new Map<number, PatternMatch<Owner>[]>();
  const messageContexts: PatternMatch<Owner>[] = [];
  for (const context of byKind('context')) {
    if (rules.signals[context.pattern.owner.signal]?.scope === 'message') {
      messageContexts.push(context);
      continue;
    }
    const sentence = tokens.sentence[context.first] as number;
    const list = contexts.get(sentence);
    if (list === undefined) contexts.set(sentence, [context]);
    else list.push(context);
  }

  const counted: Found[] = [];
  const setAside: SetAside[] = [];
  const protective: Evidence[] = [];
  const modifiers: Found[] = [];
  const setAsideSpans = new Map<
    number,
    { first: number; last: number; category: Category | undefined; aside: SetAside }[]
  >();

  for (const match of matches) {
    const owner = match.pattern.owner;
    const definition = rules.signals[owner.signal] as SignalDefinition;
    const evidence = evidenceOf(text, tokens, match, owner);
    if (definition.kind === 'protective') {
      if (negatedBy(tokens, match, compiled.negation, guards) === null) protective.push(evidence);
      continue;
    }
    if (definition.kind === 'modifier') {
      // A time word or means in an imagined or negated sentence escalates nothing.
      const sentence = tokens.sentence[match.first] as number;
      const imagined =
        !definition.countsWhenImagined &&
        moods.some((mood) => mood.reason === 'hypothetical' && mood.sentences.has(sentence));
      const negated = definition.negatable && negatedBy(tokens, match, compiled.negation, guards) !== null;
      if (!imagined && !negated)
        modifiers.push({ evidence, definition, first: match.first, last: match.last });
      continue;
    }
    if (definition.kind !== 'finding') continue;

    const reason = whySetAside(match, definition, tokens, compiled, {
      guards,
      pastSentences,
      recentSentences,
      contexts,
      messageContexts,
    });
    if (reason !== null) {
      const aside = {
        ...evidence,
        reason: reason.reason,
        because: evidenceOf(text, tokens, reason.by, reason.by.pattern.owner),
      };
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
      setAside.push({
        ...evidence,
        reason: mood.reason,
        because: evidenceOf(text, tokens, marker, marker.pattern.owner),
      });
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
  for (let index = counted.length - 1; index >= 0; index--) {
    const found = counted[index] as Found;
    const outer = setAsideSpans
      .get(tokens.sentence[found.first] as number)
      ?.find(
        (span) =>
          span.category === found.definition.category && span.first <= found.first && found.last <= span.last,
      );
    if (outer !== undefined) {
      setAside.push({ ...found.evidence, reason: outer.aside.reason, because: outer.aside.because });
      counted.splice(index, 1);
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

  const escalations = combine(rules.combinations, counted, modifiers, tokens);
  const result = decide(rules, counted, modifiers, escalations, setAside, protective);
  return compiled.riskModel === undefined
    ? result
    : withRiskModel(result, compiled.riskModel, rules, tokens, text);
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
  const score = scoreRisk(model, tokens, text);
  const policy = rules.riskModel;
  const view = {
    version: model.modelVersion,
    probability: Number(score.probability.toFixed(3)),
    raised: false,
  };
  const deliberatelySetAside = result.set_aside.some(
    (item) =>
      (policy?.unlessSetAside as readonly string[] | undefined)?.includes(item.reason) &&
      ['self_harm', 'harm_to_others', 'abuse'].includes(rules.signals[item.signal]?.category ?? ''),
  );
  if (
    policy === undefined ||
    score.probability < policy.minProbability ||
    TIER_RANK[result.tier] >= TIER_RANK[policy.raiseTo] ||
    deliberatelySetAside
  ) {
    return { ...result, risk_model: view };
  }
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

function sentencesMarked(
  markers: readonly PatternMatch<Owner>[],
  tokens: Tokens,
): Map<number, PatternMatch<Owner>> {
  return new Map(markers.map((match) => [tokens.sentence[match.first] as number, match]));
}

/**
 * One match per rule and starting word, so a finding is not counted twice; a context
 * keeps every length it matched, since the longest may be the one that covers a finding.
 */
function dedupe(matches: PatternMatch<Owner>[], rules: TriageRules): PatternMatch<Owner>[] {
  const seen = new Set<string>();
  return matches.filter((match) => {
    const context = rules.signals[match.pattern.owner.signal]?.kind === 'context';
    const key = `${match.pattern.owner.rule}:${match.first}${context ? `:${match.last}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

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
): { reason: SetAsideReason; by: PatternMatch<Owner> } | null {
  const sentence = tokens.sentence[match.first] as number;
  if (definition.negatable) {
    const cue = negatedBy(tokens, match, compiled.negation, scopes.guards);
    if (cue !== null) return { reason: 'negated', by: cue };
  }
  if (definition.historical) {
    const past = scopes.pastSentences.get(sentence);
    if (past !== undefined && !scopes.recentSentences.has(sentence)) return { reason: 'past', by: past };
  }
  for (const context of [...(scopes.contexts.get(sentence) ?? []), ...scopes.messageContexts]) {
    const contextDefinition = compiled.rules.signals[context.pattern.owner.signal] as SignalDefinition;
    const targets = contextDefinition.setsAside ?? [];
    if (!targets.includes(match.pattern.owner.signal) && !targets.includes(definition.category ?? ''))
      continue;
    if (inScope(contextDefinition.scope ?? 'overlap', context, match, tokens))
      return { reason: 'context', by: context };
  }
  return null;
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
): PatternMatch<Owner> | null {
  const clause = tokens.clause[match.first];
  for (let at = match.first - 1; at >= Math.max(0, match.first - negation.window); at--) {
    const word = tokens.words[at] as string;
    if (tokens.clause[at] !== clause) return null;
    if (negation.cues.has(word)) {
      if (guarded.has(at)) return null;
      return {
        pattern: { source: 'negation', elements: [], owner: { rule: 'NEGATION.cue', signal: 'negation' } },
        first: at,
        last: at + 1,
      };
    }
    if (!negation.bridge.has(word)) return null;
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
  combinations: readonly Combination[],
  counted: readonly Found[],
  modifiers: readonly Found[],
  tokens: Tokens,
): Escalation[] {
  const present = [...counted, ...modifiers];
  const bySentence = new Map<number, Found[]>();
  for (const found of present) {
    const sentence = tokens.sentence[found.first] as number;
    const list = bySentence.get(sentence);
    if (list === undefined) bySentence.set(sentence, [found]);
    else list.push(found);
  }
  const escalations: Escalation[] = [];
  for (const combination of combinations) {
    const groups = combination.all.map((entry) => new Set(entry.split('|')));
    // Each part of a combination must come from its own words: one phrase that matches
    // two signals ("haven't had food in the house") is not two findings.
    const satisfiedIn = (candidates: readonly Found[]) => {
      const starts = groups.map(
        (group) =>
          new Set(
            candidates
              .filter((found) => group.has(found.evidence.signal))
              .map((found) => found.evidence.start),
          ),
      );
      if (starts.some((spans, index) => spans.size < (index === 0 ? combination.minMatches : 1)))
        return false;
      const all = new Set(starts.flatMap((spans) => [...spans]));
      return groups.length === 1 || all.size >= Math.min(groups.length, 2);
    };
    if (combination.unless.some((name) => present.some((found) => found.evidence.signal === name))) continue;
    const satisfied =
      combination.scope === 'message' ? satisfiedIn(present) : [...bySentence.values()].some(satisfiedIn);
    if (satisfied) {
      escalations.push({
        rule: combination.id,
        description: combination.description,
        tier: combination.tier,
        signals: [...new Set(combination.all.flatMap((entry) => entry.split('|')))].filter((name) =>
          present.some((found) => found.evidence.signal === name),
        ),
      });
    }
  }
  return escalations;
}

function decide(
  rules: TriageRules,
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
    const combination = rules.combinations.find((candidate) => candidate.id === escalation.rule);
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
    const combination = rules.combinations.find((candidate) => candidate.id === escalation.rule);
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
