import { endOfMonth, getLocalTimeZone, startOfMonth, today } from '@internationalized/date';
import type { CalendarDate } from '@internationalized/date';
import { ANALYTICS_MAX_DAYS, daysBetween } from '../../../../shared/rpc/analyticsSchemas.std.ts';
import type { AnalyticsPeriod } from '../../../../shared/rpc/analyticsSchemas.std.ts';

export const PRESETS = [
  { id: 'last7', label: 'Last 7 days' },
  { id: 'last30', label: 'Last 30 days' },
  { id: 'thisMonth', label: 'This month' },
  { id: 'custom', label: 'Choose dates' },
] as const;
export type Preset = (typeof PRESETS)[number]['id'];

/** First and last day, both included, as the counsellor picks them. */
export interface DayRange {
  first: CalendarDate | null;
  last: CalendarDate | null;
}

export function localTimeZone(): string {
  return getLocalTimeZone();
}

export function presetRange(preset: Exclude<Preset, 'custom'>, timeZone = localTimeZone()): DayRange {
  const now = today(timeZone);
  switch (preset) {
    case 'last7':
      return { first: now.subtract({ days: 6 }), last: now };
    case 'last30':
      return { first: now.subtract({ days: 29 }), last: now };
    case 'thisMonth':
      return { first: startOfMonth(now), last: endOfMonth(now) };
  }
}

/** The RPC's period is [from, to): the day after the last day is where it ends. */
export function toPeriod(
  range: DayRange,
  timeZone: string,
): { period: AnalyticsPeriod; error: null } | { period: null; error: string } {
  if (range.first === null || range.last === null) {
    return { period: null, error: 'Choose the first and the last day.' };
  }
  const from = range.first.toString();
  const to = range.last.add({ days: 1 }).toString();
  if (to <= from) return { period: null, error: 'The last day cannot be before the first day.' };
  if (daysBetween(from, to) > ANALYTICS_MAX_DAYS) {
    return { period: null, error: `Choose at most ${ANALYTICS_MAX_DAYS} days.` };
  }
  return { period: { from, to, timeZone }, error: null };
}
