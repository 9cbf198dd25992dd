import { describe, expect, it } from 'vitest';
import { passphraseAssessmentSchema } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { assertAcceptablePassphrase, assessPassphrase } from './passphraseStrength.node.ts';

describe('assessPassphrase', () => {
  it('accepts a phrase of five unrelated words', () => {
    const assessment = assessPassphrase('copper lantern orbit mellow quiz');
    expect(passphraseAssessmentSchema.parse(assessment)).toEqual(assessment);
    expect(assessment).toMatchObject({ acceptable: true, minimumScore: 3, minimumLength: 10, warning: null });
    expect(assessment.score).toBeGreaterThanOrEqual(3);
    expect(assessment.crackTime).toMatch(/\w/);
  });

  it('refuses a common password with a warning and suggestions', () => {
    const assessment = assessPassphrase('password123');
    expect(passphraseAssessmentSchema.parse(assessment)).toEqual(assessment);
    expect(assessment.acceptable).toBe(false);
    expect(assessment.score).toBeLessThan(3);
    expect(assessment.warning).toMatch(/commonly used password/);
    expect(assessment.suggestions.length).toBeGreaterThan(0);
    expect(assessment.crackTime).toBe('less than a second');
  });

  it('refuses words an attacker would try first against this app', () => {
    for (const passphrase of ['outpostvault', 'counsellorvault', 'counselorpassphrase', 'Outpost2024!']) {
      const assessment = assessPassphrase(passphrase);
      expect(assessment.acceptable, passphrase).toBe(false);
      expect(assessment.warning, passphrase).toMatch(/Outpost, counselling or passwords/);
    }
  });

  it('refuses a strong but short passphrase and says why', () => {
    const assessment = assessPassphrase('xK#9qL!2w');
    expect(assessment.score).toBeGreaterThanOrEqual(3);
    expect(assessment.acceptable).toBe(false);
    expect(assessment.warning).toBe('Use at least 10 characters.');
  });

  it('scores the empty string as 0', () => {
    expect(assessPassphrase('')).toMatchObject({ score: 0, acceptable: false });
  });
});

describe('assertAcceptablePassphrase', () => {
  it('lets a strong passphrase through', () => {
    expect(() => assertAcceptablePassphrase('copper lantern orbit mellow quiz')).not.toThrow();
  });

  it('throws WEAK_PASSPHRASE with the warning, never the passphrase', () => {
    const passphrase = 'outpostvault';
    let caught: unknown;
    try {
      assertAcceptablePassphrase(passphrase);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RpcError);
    const error = caught as RpcError;
    expect(error.code).toBe('WEAK_PASSPHRASE');
    expect(error.message).toMatch(/too weak/);
    expect(error.message).toMatch(/Outpost, counselling or passwords/);
    expect(error.message.toLowerCase()).not.toContain(passphrase);
  });
});
