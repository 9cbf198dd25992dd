import {
  CalendarDate,
  getLocalTimeZone,
  now,
  parseAbsoluteToLocal,
  toCalendarDate,
  toCalendarDateTime,
  today,
} from '@internationalized/date';
import type { CalendarDateTime } from '@internationalized/date';

/** Dates as the counsellor sees them (local), and as the core stores them (ISO instants). */

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

export function formatDayTime(iso: string): string {
  return dayTimeFormat.format(new Date(iso));
}

/** A due date (YYYY-MM-DD) is a day, not an instant: formatted without time zone shifts. */
export function formatDueDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return dayFormat.format(new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

export function todayDate(): CalendarDate {
  return today(getLocalTimeZone());
}

export function nowDateTime(): CalendarDateTime {
  const current = now(getLocalTimeZone());
  return toCalendarDateTime(current).set({ second: 0, millisecond: 0 });
}

export function calendarDateOf(iso: string): CalendarDate {
  return toCalendarDate(parseAbsoluteToLocal(iso));
}

/**
 * When consent was given: now if it was today (a later time would leave it "not yet
 * given"), otherwise midday of that day, far from any time-zone edge.
 */
export function givenAtIso(date: CalendarDate): string {
  if (date.compare(todayDate()) >= 0) return new Date().toISOString();
  return new Date(date.year, date.month - 1, date.day, 12).toISOString();
}

/** Valid through the whole of the chosen day. */
export function endOfDayIso(date: CalendarDate): string {
  return new Date(date.year, date.month - 1, date.day, 23, 59, 59).toISOString();
}

export function dateTimeIso(value: CalendarDateTime): string {
  return value.toDate(getLocalTimeZone()).toISOString();
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  return date.add({ years });
}

export { CalendarDate };
export type { CalendarDateTime };
