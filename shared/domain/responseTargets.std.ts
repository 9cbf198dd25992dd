/**
 * How soon each triage tier must get a first response, and when a message is due.
 * The defaults follow the service policy (DESIGN section 4); each vault may adjust them.
 */
import { z } from 'zod';
import { TIER_RANK } from '../triage/rulesSchema.std.ts';
import type { Tier } from '../triage/rulesSchema.std.ts';

export const responseTargetSchema = z.strictObject({
  amount: z.number().int().min(1).max(10_000),
  unit: z.enum(['minutes', 'hours', 'working_days']),
});
export type ResponseTarget = z.infer<typeof responseTargetSchema>;

export const responseTargetsSchema = z.strictObject({
  crisis: responseTargetSchema,
  urgent: responseTargetSchema,
  priority: responseTargetSchema,
  routine: responseTargetSchema,
  /** Spam and bare acknowledgements need no response; they sort last. */
  none: responseTargetSchema.nullable(),
});
export type ResponseTargets = z.infer<typeof responseTargetsSchema>;

export const DEFAULT_RESPONSE_TARGETS: ResponseTargets = {
  // Crisis text services aim to answer within five minutes.
  crisis: { amount: 5, unit: 'minutes' },
  urgent: { amount: 8, unit: 'hours' },
  priority: { amount: 2, unit: 'working_days' },
  routine: { amount: 5, unit: 'working_days' },
  none: null,
};

export { TIER_RANK };

/** A message with no response target is due this far ahead, so it sorts after everything. */
const NO_TARGET_DAYS = 365;

const isWeekend = (date: Date) => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/** Adds working days (Monday to Friday, UTC), keeping the time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  const due = new Date(from.getTime());
  // Arriving at a weekend, the clock starts on Monday morning.
  while (isWeekend(due)) {
    due.setUTCDate(due.getUTCDate() + 1);
    due.setUTCHours(9, 0, 0, 0);
  }
  let left = days;
  while (left > 0) {
    due.setUTCDate(due.getUTCDate() + 1);
    if (!isWeekend(due)) left--;
  }
  return due;
}

export function dueAt(receivedAt: Date, tier: Tier, targets: ResponseTargets): Date {
  const target = targets[tier];
  if (target === null) return new Date(receivedAt.getTime() + NO_TARGET_DAYS * 86_400_000);
  switch (target.unit) {
    case 'minutes':
      return new Date(receivedAt.getTime() + target.amount * 60_000);
    case 'hours':
      return new Date(receivedAt.getTime() + target.amount * 3_600_000);
    case 'working_days':
      return addWorkingDays(receivedAt, target.amount);
  }
}

export function describeTarget(target: ResponseTarget | null): string {
  if (target === null) return 'no response needed';
  const unit = target.unit === 'working_days' ? 'working day' : target.unit.slice(0, -1);
  return `${target.amount} ${unit}${target.amount === 1 ? '' : 's'}`;
}
