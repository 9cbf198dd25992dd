/**
 * The practice score: each coach check earns points by its status (pass full, warn half,
 * fail none); checks that do not apply to the message are left out, and the total is
 * scaled to 0–100. Weights favour what matters most to the client: being understood and
 * kept safe.
 */
import type { CheckStatus, CoachCheckId, CoachCheckResult } from './draftCoach.std.ts';
import { COACH_CHECKS } from './draftCoach.std.ts';

/** Changing the weights changes what a score means: raise the version with them. */
export const PRACTICE_SCORING_VERSION = 1;

export const CHECK_WEIGHTS: Record<CoachCheckId, number> = {
  feeling: 20,
  warmth: 15,
  questions: 15,
  jargon: 10,
  readability: 10,
  length: 5,
  shouting: 5,
  tone: 10,
  safety: 25,
};

const CREDIT: Record<CheckStatus, number> = { pass: 1, warn: 0.5, fail: 0, not_applicable: 0 };

export interface CheckScore {
  id: CoachCheckId;
  status: CheckStatus;
  points: number;
  /** 0 for a check that does not apply. */
  max: number;
}

export interface PracticeScore {
  /** 0–100, rounded. */
  total: number;
  checks: CheckScore[];
  scoringVersion: number;
}

export function scorePractice(results: readonly CoachCheckResult[]): PracticeScore {
  const byId = new Map(results.map((check) => [check.id, check]));
  const checks = COACH_CHECKS.flatMap((id): CheckScore[] => {
    const check = byId.get(id);
    if (check === undefined) return [];
    const max = check.status === 'not_applicable' ? 0 : CHECK_WEIGHTS[id];
    return [{ id, status: check.status, points: max * CREDIT[check.status], max }];
  });
  const earned = checks.reduce((sum, check) => sum + check.points, 0);
  const possible = checks.reduce((sum, check) => sum + check.max, 0);
  return {
    total: possible === 0 ? 0 : Math.round((earned / possible) * 100),
    checks,
    scoringVersion: PRACTICE_SCORING_VERSION,
  };
}
