import type { AnalyticsSummary } from '../../../../shared/rpc/analyticsSchemas.std.ts';
import { SERVICE_LEVEL_NAMES } from '../../../../shared/domain/readiness.std.ts';

export { CHANNEL_LABELS } from '../queue/queueText.ts';

export const SERVICE_LEVEL_LABELS: Record<AnalyticsSummary['serviceLevels'][number]['level'], string> = {
  ...SERVICE_LEVEL_NAMES,
  unknown: 'Not recorded',
};

const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fullDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** "4 Mar" for an ISO date, whatever the computer's zone (the date is already local). */
export function shortDay(isoDate: string): string {
  return dayLabel.format(new Date(`${isoDate}T00:00:00Z`));
}

export function longDay(isoDate: string): string {
  return fullDay.format(new Date(`${isoDate}T00:00:00Z`));
}

/** A duration in words, in the unit that reads best. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  if (minutes < 48 * 60) return `${Math.round((minutes / 60) * 10) / 10} h`;
  return `${Math.round((minutes / 1440) * 10) / 10} days`;
}

export interface TimeUnit {
  label: 'minutes' | 'hours' | 'days';
  perMinute: number;
}

/** The unit a tier's chart is drawn in, chosen from its target (or its slowest reply). */
export function unitFor(minutes: number): TimeUnit {
  if (minutes <= 120) return { label: 'minutes', perMinute: 1 };
  if (minutes <= 48 * 60) return { label: 'hours', perMinute: 1 / 60 };
  return { label: 'days', perMinute: 1 / 1440 };
}
