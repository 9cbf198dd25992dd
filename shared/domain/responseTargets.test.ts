import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_TARGETS, addWorkingDays, describeTarget, dueAt } from './responseTargets.std.ts';

describe('response targets', () => {
  it('gives crisis minutes and routine working days', () => {
    const monday = new Date('2026-11-23T10:00:00Z');
    expect(dueAt(monday, 'crisis', DEFAULT_RESPONSE_TARGETS).toISOString()).toBe('2026-11-23T10:05:00.000Z');
    expect(dueAt(monday, 'urgent', DEFAULT_RESPONSE_TARGETS).toISOString()).toBe('2026-11-23T18:00:00.000Z');
    expect(dueAt(monday, 'routine', DEFAULT_RESPONSE_TARGETS).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });

  it('skips weekends for working days, starting Monday morning for weekend arrivals', () => {
    const friday = new Date('2026-11-27T16:00:00Z');
    expect(addWorkingDays(friday, 2).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    const saturday = new Date('2026-11-28T22:00:00Z');
    expect(addWorkingDays(saturday, 2).toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it('puts messages needing no response a year out', () => {
    const at = new Date('2026-11-23T10:00:00Z');
    expect(dueAt(at, 'none', DEFAULT_RESPONSE_TARGETS).getTime() - at.getTime()).toBe(365 * 86_400_000);
    expect(describeTarget(null)).toBe('no response needed');
    expect(describeTarget({ amount: 1, unit: 'working_days' })).toBe('1 working day');
  });
});
