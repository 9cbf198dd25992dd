/**
 * The shape of a triage rules file. Rules are data so a service can adjust them with
 * professional judgement; every result names the rules version that produced it.
 */
import { z } from 'zod';

export const TIERS = ['crisis', 'urgent', 'priority', 'routine', 'none'] as const;
export type Tier = (typeof TIERS)[number];

/** Higher is more pressing: the queue, the evaluation and the engine all order tiers by it. */
export const TIER_RANK: Record<Tier, number> = { crisis: 4, urgent: 3, priority: 2, routine: 1, none: 0 };

export const CATEGORIES = [
  'self_harm',
  'harm_to_others',
  'abuse',
  'discrimination',
  'distress',
  'low_readiness',
  'scam',
  'service_request',
  'information_request',
  'admin',
  'positive_update',
  'spam',
  'acknowledgement',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Columbia Suicide Severity Rating Scale, least to most severe. */
export const CSSRS_LEVELS = [
  'wish_to_be_dead',
  'non_specific_thoughts',
  'method',
  'intent',
  'plan',
  'behaviour',
] as const;
export type CssrsLevel = (typeof CSSRS_LEVELS)[number];

/**
 * What a signal does when it matches:
 * - `finding`: counts towards tier and categories, unless set aside by a modifier;
 * - `negation_guard`: a phrase whose negation word negates nothing ("not only", "no one");
 * - `past` / `recent`: a sentence about the past sets historical findings aside, unless it
 *   also says the thing is recent or happening again;
 * - `humour`: marks a sentence as joking, so hyperbolic findings are read as such;
 * - `hypothetical`: marks a sentence as imagined ("I think how easy it would be"), so an
 *   act described there counts as thoughts of it, not as intent;
 * - `context`: sets chosen findings aside (figures of speech, careers in sensitive fields,
 *   coursework) within its scope;
 * - `protective`: a protective factor, reported but never lowering a risk tier;
 * - `modifier`: a fact combinations use (time words, seriousness), not a finding itself.
 */
export const SIGNAL_KINDS = [
  'finding',
  'negation_guard',
  'past',
  'recent',
  'humour',
  'hypothetical',
  'context',
  'protective',
  'modifier',
] as const;

const signalName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'signal names are snake_case');

export const signalSchema = z
  .object({
    kind: z.enum(SIGNAL_KINDS),
    description: z.string().min(1),
    category: z.enum(CATEGORIES).optional(),
    tier: z.enum(TIERS).optional(),
    weight: z.number().min(0).max(20).default(1),
    cssrs: z.enum(CSSRS_LEVELS).optional(),
    /** Set aside when a negation word comes shortly before it in the same clause. */
    negatable: z.boolean().default(true),
    /** Set aside when its sentence is about the past (and says nothing is recent). */
    historical: z.boolean().default(false),
    /** When the sentence is joking, count this signal instead (e.g. a milder one). */
    whenJoking: signalName.optional(),
    /** When the sentence is imagined or hypothetical, count this signal instead. */
    whenHypothetical: signalName.optional(),
    /** For modifiers: still counts in an imagined sentence (dwelling on a thought is the point). */
    countsWhenImagined: z.boolean().default(false),
    /** CIP readiness: a capability or a complexity signal. */
    readiness: z.enum(['capability', 'complexity']).optional(),
    /** For `context` signals: what they set aside, and how far they reach. */
    setsAside: z.array(z.string()).optional(),
    scope: z.enum(['overlap', 'clause', 'sentence', 'message']).optional(),
  })
  .strict()
  .superRefine((signal, context) => {
    if (signal.kind === 'finding' && (signal.category === undefined || signal.tier === undefined)) {
      context.addIssue({ code: 'custom', message: 'a finding needs a category and a tier' });
    }
    if (signal.kind === 'context' && (signal.setsAside === undefined || signal.scope === undefined)) {
      context.addIssue({ code: 'custom', message: 'a context signal needs setsAside and scope' });
    }
  });

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Za-z0-9_.-]*$/, 'rule ids look like "SH.intent.going_to"'),
    signal: signalName,
    patterns: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const combinationSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Za-z0-9_.-]*$/),
    description: z.string().min(1),
    /** Each entry is satisfied by any of its "|"-separated signal names. */
    all: z.array(z.string().min(1)).min(1),
    /** How many separate matches the first entry needs (several goodbyes, not one). */
    minMatches: z.number().int().min(1).max(10).default(1),
    /** Signals that, when present in the message, stop this combination (good news, say). */
    unless: z.array(z.string().min(1)).default([]),
    scope: z.enum(['sentence', 'message']),
    tier: z.enum(TIERS),
    category: z.enum(CATEGORIES).optional(),
    cssrs: z.enum(CSSRS_LEVELS).optional(),
  })
  .strict();

export const triageRulesSchema = z
  .object({
    format: z.literal(1),
    version: z.string().min(1),
    description: z.string(),
    /** SMS spellings and contractions, expanded before matching ("im" -> "i am"). */
    expansions: z.record(z.string(), z.array(z.string().min(1)).min(1)),
    /** Word lists patterns refer to as @name. */
    // A pattern reads @set as a choice of one word: a phrase in a set would never match.
    sets: z.record(
      z.string(),
      z
        .array(z.string().regex(/^\S+$/, 'A set holds single words; write a phrase in the pattern itself.'))
        .min(1),
    ),
    negation: z
      .object({
        cues: z.array(z.string().min(1)).min(1),
        /** Words that may stand between a negation and what it negates ("not *going to* ..."). */
        bridge: z.array(z.string().min(1)),
        window: z.number().int().min(1).max(8),
      })
      .strict(),
    acknowledgement: z
      .object({ words: z.array(z.string().min(1)).min(1), maxWords: z.number().int().min(1).max(20) })
      .strict(),
    signals: z.record(signalName, signalSchema),
    rules: z.array(ruleSchema).min(1),
    combinations: z.array(combinationSchema),
    /**
     * How the learned risk model may change a tier: only upwards, to `raiseTo`, when its
     * probability reaches `minProbability` and the rules did not set aside a risk finding
     * for one of `unlessSetAside` (a negation, the past, a career question).
     */
    riskModel: z
      .object({
        raiseTo: z.enum(['urgent', 'priority']),
        minProbability: z.number().min(0.5).max(1),
        unlessSetAside: z.array(z.enum(['negated', 'past', 'context', 'joking', 'hypothetical'])),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((file, context) => {
    const known = new Set(Object.keys(file.signals));
    file.rules.forEach((rule, index) => {
      if (!known.has(rule.signal)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'signal'],
          message: `unknown signal ${rule.signal}`,
        });
      }
    });
    const ids = new Set<string>();
    for (const [index, rule] of [...file.rules, ...file.combinations].entries()) {
      if (ids.has(rule.id))
        context.addIssue({ code: 'custom', path: ['rules', index], message: `duplicate id ${rule.id}` });
      ids.add(rule.id);
    }
    file.combinations.forEach((combination, index) => {
      for (const name of [...combination.all.flatMap((entry) => entry.split('|')), ...combination.unless]) {
        if (!known.has(name)) {
          context.addIssue({
            code: 'custom',
            path: ['combinations', index],
            message: `unknown signal ${name}`,
          });
        }
      }
    });
    for (const [name, signal] of Object.entries(file.signals)) {
      for (const fallback of [signal.whenJoking, signal.whenHypothetical]) {
        if (fallback !== undefined && !known.has(fallback)) {
          context.addIssue({
            code: 'custom',
            path: ['signals', name],
            message: `unknown signal ${fallback}`,
          });
        }
      }
      for (const target of signal.setsAside ?? []) {
        if (!known.has(target) && !(CATEGORIES as readonly string[]).includes(target)) {
          context.addIssue({
            code: 'custom',
            path: ['signals', name],
            message: `unknown signal or category ${target}`,
          });
        }
      }
    }
  });

export type TriageRules = z.infer<typeof triageRulesSchema>;
export type SignalDefinition = z.infer<typeof signalSchema>;
export type Combination = z.infer<typeof combinationSchema>;
