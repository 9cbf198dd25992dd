import { describe, expect, it } from 'vitest';
import { CHECK_TEXT, COACH_CHECKS } from './draftCoach.std.ts';
import type { CheckStatus, CoachCheckId, CoachCheckResult } from './draftCoach.std.ts';
import { CHECK_WEIGHTS, scorePractice } from './practiceScore.std.ts';

function results(statuses: Partial<Record<CoachCheckId, CheckStatus>>): CoachCheckResult[] {
  return COACH_CHECKS.map((id) => ({ id, ...CHECK_TEXT[id], status: statuses[id] ?? 'pass', message: '' }));
}

describe('scorePractice', () => {
  it('gives 100 when every check passes', () => {
    expect(scorePractice(results({})).total).toBe(100);
  });
  it('gives full, half or no points by status and leaves out checks that do not apply', () => {
    const score = scorePractice(results({ feeling: 'fail', warmth: 'warn', safety: 'not_applicable' }));
    const possible = COACH_CHECKS.reduce((sum, id) => sum + CHECK_WEIGHTS[id], 0) - CHECK_WEIGHTS.safety;
    const earned = possible - CHECK_WEIGHTS.feeling - CHECK_WEIGHTS.warmth / 2;
    expect(score.total).toBe(Math.round((earned / possible) * 100));
    expect(score.checks.find((check) => check.id === 'safety')).toMatchObject({ points: 0, max: 0 });
    expect(score.checks.find((check) => check.id === 'warmth')).toMatchObject({
      points: CHECK_WEIGHTS.warmth / 2,
      max: CHECK_WEIGHTS.warmth,
    });
  });
  it('weighs safety and the feeling most', () => {
    const heaviest = [...COACH_CHECKS].sort((a, b) => CHECK_WEIGHTS[b] - CHECK_WEIGHTS[a]).slice(0, 2);
    expect(heaviest).toEqual(['safety', 'feeling']);
  });
  it('gives 0 when every check fails, and 0 when nothing applies', () => {
    const allFail = Object.fromEntries(COACH_CHECKS.map((id) => [id, 'fail' as const]));
    expect(scorePractice(results(allFail)).total).toBe(0);
    const none = Object.fromEntries(COACH_CHECKS.map((id) => [id, 'not_applicable' as const]));
    expect(scorePractice(results(none)).total).toBe(0);
  });
});
