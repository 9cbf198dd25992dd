/**
 * Scores the triage engine against labelled messages: per-tier precision and recall,
 * the confusion matrix, crisis recall and precision, under-triage, hard negatives
 * ranked too high, and every miss with its evidence so a reviewer can see why.
 */
import { z } from 'zod';
import { CATEGORIES, CSSRS_LEVELS, TIER_RANK, TIERS } from './rulesSchema.std.ts';
import type { Category, CssrsLevel, Tier } from './rulesSchema.std.ts';
import type { TriageEngine, TriageResult } from './triageEngine.std.ts';

export const labelledMessageSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  tier: z.enum(TIERS),
  categories: z.array(z.enum(CATEGORIES)).default([]),
  cssrs_level: z.enum(CSSRS_LEVELS).nullable().default(null),
  hard_negative: z.boolean().default(false),
  indirect: z.boolean().default(false),
});
export type LabelledMessage = z.infer<typeof labelledMessageSchema>;

export interface TierScore {
  tier: Tier;
  support: number;
  predicted: number;
  precision: number;
  recall: number;
}

export interface Miss {
  id: string;
  expected: Tier;
  predicted: Tier;
  under_triaged: boolean;
  hard_negative: boolean;
  evidence: TriageResult['evidence'];
  set_aside: TriageResult['set_aside'];
}

export interface EvaluationReport {
  messages: number;
  rules_version: string;
  accuracy: number;
  tiers: TierScore[];
  /** confusion[expected][predicted] = count. */
  confusion: Record<Tier, Record<Tier, number>>;
  crisis_recall: number;
  crisis_precision: number;
  /** Share of all messages whose true tier is above the predicted one. */
  under_triage_rate: number;
  /** Share of crisis and urgent messages predicted below their tier. */
  under_triage_crisis_urgent: number;
  hard_negatives: number;
  hard_negatives_above_priority: number;
  indirect_crisis_urgent_recall: number;
  cssrs_exact: number;
  category_micro: { precision: number; recall: number; f1: number };
  misses: Miss[];
}

const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? 1 : Number((numerator / denominator).toFixed(4));

export function evaluateTriage(engine: TriageEngine, messages: readonly LabelledMessage[]): EvaluationReport {
  const confusion = Object.fromEntries(
    TIERS.map((expected) => [expected, Object.fromEntries(TIERS.map((predicted) => [predicted, 0]))]),
  ) as Record<Tier, Record<Tier, number>>;
  const misses: Miss[] = [];
  let under = 0;
  let riskCases = 0;
  let riskUnder = 0;
  let hardNegatives = 0;
  let hardNegativesHigh = 0;
  let indirect = 0;
  let indirectFound = 0;
  let cssrsCases = 0;
  let cssrsExact = 0;
  let categoryHits = 0;
  let categoryPredicted = 0;
  let categoryExpected = 0;

  for (const message of messages) {
    const result = engine.triage(message.text);
    confusion[message.tier][result.tier]++;
    const isUnder = TIER_RANK[message.tier] > TIER_RANK[result.tier];
    if (isUnder) under++;
    if (message.tier === 'crisis' || message.tier === 'urgent') {
      riskCases++;
      if (isUnder) riskUnder++;
      if (message.indirect) {
        indirect++;
        if (!isUnder) indirectFound++;
      }
    }
    if (message.hard_negative) {
      hardNegatives++;
      if (TIER_RANK[result.tier] > TIER_RANK.priority) hardNegativesHigh++;
    }
    if (message.cssrs_level !== null) {
      cssrsCases++;
      if (result.cssrs_level === (message.cssrs_level as CssrsLevel)) cssrsExact++;
    }
    const expectedCategories = new Set<Category>(message.categories);
    categoryExpected += expectedCategories.size;
    categoryPredicted += result.categories.length;
    categoryHits += result.categories.filter((category) => expectedCategories.has(category)).length;
    if (result.tier !== message.tier) {
      misses.push({
        id: message.id,
        expected: message.tier,
        predicted: result.tier,
        under_triaged: isUnder,
        hard_negative: message.hard_negative,
        evidence: result.evidence,
        set_aside: result.set_aside,
      });
    }
  }

  const tiers = TIERS.map((tier): TierScore => {
    const support = TIERS.reduce((sum, predicted) => sum + confusion[tier][predicted], 0);
    const predicted = TIERS.reduce((sum, expected) => sum + confusion[expected][tier], 0);
    const correct = confusion[tier][tier];
    return {
      tier,
      support,
      predicted,
      precision: ratio(correct, predicted),
      recall: ratio(correct, support),
    };
  });
  const correct = TIERS.reduce((sum, tier) => sum + confusion[tier][tier], 0);
  const precision = ratio(categoryHits, categoryPredicted);
  const recall = ratio(categoryHits, categoryExpected);
  const crisis = tiers[0] as TierScore;
  // Misses that put someone at risk first: under-triage before over-triage, worst gap first.
  misses.sort(
    (a, b) =>
      Number(b.under_triaged) - Number(a.under_triaged) ||
      TIER_RANK[b.expected] - TIER_RANK[b.predicted] - (TIER_RANK[a.expected] - TIER_RANK[a.predicted]) ||
      a.id.localeCompare(b.id),
  );
  return {
    messages: messages.length,
    rules_version: engine.version,
    accuracy: ratio(correct, messages.length),
    tiers,
    confusion,
    crisis_recall: crisis.recall,
    crisis_precision: crisis.precision,
    under_triage_rate: ratio(under, messages.length),
    under_triage_crisis_urgent: ratio(riskUnder, riskCases),
    hard_negatives: hardNegatives,
    hard_negatives_above_priority: hardNegativesHigh,
    indirect_crisis_urgent_recall: ratio(indirectFound, indirect),
    cssrs_exact: ratio(cssrsExact, cssrsCases),
    category_micro: { precision, recall, f1: ratio(2 * precision * recall, precision + recall) },
    misses,
  };
}
