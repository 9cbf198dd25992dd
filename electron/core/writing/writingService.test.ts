import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYSE_TEXT_MAX } from '../../../shared/rpc/writingSchemas.std.ts';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

/** Writing help through the real core: analysis, practice messages, attempts in the vault. */
describe('writing help in the core', () => {
  let vault: TestVault;
  beforeEach(async () => {
    vault = await openTestVault();
  });
  afterEach(async () => {
    await vault.close();
  });

  it('analyses a text: labels, scores, groups, sentiment and evidence spans of the text', async () => {
    const text = "Rent is due on the 1st and I'm scared we won't make it.";
    const analysis = await vault.call('writing.analyse', { text });
    expect(analysis.labels).toContain('fear');
    expect(analysis.ekman).toContain('fear');
    expect(analysis.sentiment).toBe('negative');
    expect(Object.keys(analysis.scores)).toHaveLength(28);
    const scared = analysis.evidence.find((span) => span.label === 'fear');
    expect(scared?.text).toBe('scared');
    expect(text.slice(scared?.start, scared?.end)).toBe('scared');
  });

  it('refuses a text over the limit with a clear error that holds none of the text', async () => {
    const text = `secret ${'x'.repeat(ANALYSE_TEXT_MAX)}`;
    await expect(vault.call('writing.analyse', { text })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'text',
      message: expect.stringContaining(`at most ${ANALYSE_TEXT_MAX} characters`),
    });
    await expect(vault.call('writing.analyse', { text })).rejects.not.toMatchObject({
      message: expect.stringContaining('secret'),
    });
  });

  it('lists the practice messages with their triage, risk ones needing the checklist', async () => {
    const { messages } = await vault.call('practice.list', {});
    expect(messages.length).toBeGreaterThanOrEqual(24);
    const crisis = messages.find((message) => message.id === 'crisis-plan');
    expect(crisis).toMatchObject({ needsSafetyChecklist: true, triage: { tier: 'crisis' } });
    expect(messages.find((message) => message.id === 'apprenticeship-info')?.needsSafetyChecklist).toBe(
      false,
    );
  });

  it('scores and keeps attempts, and reports progress: attempts, best score, dates', async () => {
    const poor = await vault.call('practice.saveAttempt', {
      messageId: 'redundancy-rent',
      reply: 'Please be advised CV APPOINTMENTS ARE ON TUESDAYS.',
    });
    const good = await vault.call('practice.saveAttempt', {
      messageId: 'redundancy-rent',
      reply:
        "Thank you for writing to me. It sounds like you're scared about the rent, and that makes sense after such a shock. What kind of work did you enjoy most?",
    });
    expect(good.total).toBeGreaterThan(poor.total);
    expect(good.total).toBe(100);
    expect(poor.checks.find((check) => check.id === 'shouting')).toMatchObject({ status: 'fail', points: 0 });
    expect(poor.checks.find((check) => check.id === 'safety')).toMatchObject({
      status: 'not_applicable',
      max: 0,
    });

    const progress = await vault.call('practice.progress', {});
    expect(progress.totalAttempts).toBe(2);
    expect(progress.messages).toEqual([
      {
        messageId: 'redundancy-rent',
        attempts: 2,
        bestTotal: 100,
        bestAt: good.attemptedAt,
        lastAt: good.attemptedAt,
      },
    ]);
    expect(progress.recent.map((attempt) => attempt.id)).toEqual([good.id, poor.id]);
  });

  it('refuses a risk message’s attempt until the safety checklist is complete, keeping nothing', async () => {
    const reply =
      'Are you thinking about suicide? Please call Samaritans on 116 123 now. I am here with you.';
    await expect(
      vault.call('practice.saveAttempt', {
        messageId: 'crisis-plan',
        reply,
        checklist: { asked_about_suicide: true, safety_plan: false, crisis_contacts: true },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'checklist' });
    expect((await vault.call('practice.progress', {})).totalAttempts).toBe(0);

    const saved = await vault.call('practice.saveAttempt', {
      messageId: 'crisis-plan',
      reply,
      checklist: { asked_about_suicide: true, safety_plan: true, crisis_contacts: true },
    });
    expect(saved.checks.find((check) => check.id === 'safety')).toMatchObject({ status: 'pass' });
  });

  it('refuses an unknown practice message and an empty reply', async () => {
    await expect(
      vault.call('practice.saveAttempt', { messageId: 'no-such-message', reply: 'Hello' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      vault.call('practice.saveAttempt', { messageId: 'redundancy-rent', reply: '   ' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'reply' });
  });

  it('keeps attempts only while the vault is open', async () => {
    await vault.call('vault.lock', { reason: 'manual' });
    await expect(vault.call('practice.progress', {})).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(
      vault.call('practice.saveAttempt', { messageId: 'redundancy-rent', reply: 'Hello' }),
    ).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});
