/**
 * RPC shapes for Analytics: what arrived in a period, how fast it was answered against
 * each tier's target, breaches, the service-level mix and the backlog. Aggregates only:
 * nothing here can carry what a client wrote.
 */
import { z } from 'zod';
import { responseTargetSchema } from '../domain/responseTargets.std.ts';
import { TIERS } from '../triage/rulesSchema.std.ts';
import { MESSAGE_CHANNELS } from './messageSchemas.std.ts';

/** A period longer than a year is refused: one bar per day stops being readable. */
export const ANALYTICS_MAX_DAYS = 366;

/** The CIP service levels triage recommends, most self-directed first. */
export const SERVICE_LEVELS = ['self_help', 'brief_staff_assisted', 'individual_case_managed'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

/**
 * How each measure is defined. The core computes them this way and the Analytics page
 * shows these sentences as help, so what is counted and what is explained cannot drift.
 */
export const ANALYTICS_DEFINITIONS = {
  period:
    'From the start of the first day to the end of the last day, in your time zone. Only messages received in the period are counted.',
  arrivals: 'Messages received in the period, by their current tier (including any override) and channel.',
  responseTime:
    'Time from a message arriving to its first reply, for messages received in the period that have had one. The median is the middle value and the 90th percentile the value 9 in 10 replies were at least as fast as (nearest-rank method). Targets in working days are drawn as whole 24-hour days.',
  breaches:
    'Answered late: the first reply came after the message was due. Not answered in time: no reply yet and the due time passed while it was still open (now, or before it was closed).',
  serviceLevels: 'The service level suggested by the latest triage of each message received in the period.',
  backlog:
    'For each day up to today: messages received by the end of that day and not closed by then, whenever they arrived.',
} as const;

const FIXED_OFFSET = /^(?:Z|UTC|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** An IANA zone name ("Europe/London") or a fixed offset ("+02:00", "UTC"). */
export function isTimeZone(value: string): boolean {
  if (FIXED_OFFSET.test(value)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** [from, to): local dates in `timeZone`; `to` is the first day not included. */
export const analyticsPeriodSchema = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'Unknown time zone.'),
  })
  .refine((period) => period.to > period.from, {
    message: 'The period must end after it starts.',
    path: ['to'],
  })
  .refine((period) => daysBetween(period.from, period.to) <= ANALYTICS_MAX_DAYS, {
    message: `The period can be at most ${ANALYTICS_MAX_DAYS} days.`,
    path: ['to'],
  });
export type AnalyticsPeriod = z.infer<typeof analyticsPeriodSchema>;

const isoTime = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
const tier = z.enum(TIERS);
/** Minutes, to one decimal place. */
const minutes = z.number().nonnegative();

export const analyticsSummarySchema = z.strictObject({
  period: z.strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.string(),
    /** The instants the period starts and ends at, in UTC. */
    startsAt: isoTime,
    endsAt: isoTime,
    days: count,
  }),
  generatedAt: isoTime,
  arrivals: count,
  /** Every tier, in tier order, even when its count is zero. */
  arrivalsByTier: z.array(z.strictObject({ tier, count })),
  /** Every channel, even when its count is zero. */
  arrivalsByChannel: z.array(z.strictObject({ channel: z.enum(MESSAGE_CHANNELS), count })),
  /** Every day of the period. */
  arrivalsByDay: z.array(
    z.strictObject({
      date: z.iso.date(),
      total: count,
      crisis: count,
      urgent: count,
      priority: count,
      routine: count,
      none: count,
    }),
  ),
  responseTimes: z.array(
    z.strictObject({
      tier,
      /** Messages received in the period that have a first reply. */
      responded: count,
      medianMinutes: minutes.nullable(),
      p90Minutes: minutes.nullable(),
      /** The tier's target in the vault's settings; null when the tier needs no response. */
      target: responseTargetSchema.nullable(),
      /** The target in minutes, working days counted as 24 hours; null without a target. */
      targetMinutes: minutes.nullable(),
      /** Answered by the message's own due time. */
      withinTarget: count,
    }),
  ),
  breaches: z.array(z.strictObject({ tier, answeredLate: count, notAnsweredInTime: count })),
  /** The three levels always; "unknown" only when a message has no recorded level. */
  serviceLevels: z.array(z.strictObject({ level: z.enum([...SERVICE_LEVELS, 'unknown']), count })),
  /** Every day of the period that has begun. */
  backlog: z.array(z.strictObject({ date: z.iso.date(), open: count })),
});
export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

export const analyticsCsvSchema = z.strictObject({ csv: z.string(), rows: count });
