/**
 * Local days in a time zone as UTC instants, so the database (which stores UTC) can be
 * grouped by the practitioner's calendar. Zones with daylight saving have 23- and 25-hour
 * days; a day whose midnight does not exist starts at the first instant that is on it.
 */

const FIXED_OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function fixedOffsetMinutes(zone: string): number | null {
  if (zone === 'Z' || zone === 'UTC') return 0;
  const match = FIXED_OFFSET.exec(zone);
  if (match === null) return null;
  const [, sign, hours, minutes] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC that `zone`'s clocks are at `instantMs`. */
export function zoneOffsetMinutes(zone: string, instantMs: number): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return fixed;
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(wholeSecond))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((wall - wholeSecond) / 60_000);
}

const localWallMs = (zone: string, instantMs: number) =>
  instantMs + zoneOffsetMinutes(zone, instantMs) * 60_000;

/** The first instant (UTC ms) of the local date `isoDate` in `zone`. */
export function startOfLocalDay(isoDate: string, zone: string): number {
  const midnight = Date.parse(`${isoDate}T00:00:00Z`);
  const guess = midnight - zoneOffsetMinutes(zone, midnight) * 60_000;
  const instant = midnight - zoneOffsetMinutes(zone, guess) * 60_000;
  if (localWallMs(zone, instant) === midnight) return instant;
  // Midnight fell in a daylight-saving gap: find the first instant whose wall clock is on the day.
  let low = midnight - 15 * 3_600_000;
  let high = midnight + 15 * 3_600_000;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localWallMs(zone, middle) >= midnight) high = middle;
    else low = middle;
  }
  return high;
}

export const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface LocalDay {
  date: string;
  /** UTC ms, inclusive. */
  start: number;
  /** UTC ms, exclusive: the next day's start. */
  end: number;
}

/** Each local date in [from, to). */
export function localDays(from: string, to: string, zone: string): LocalDay[] {
  const days: LocalDay[] = [];
  let start = startOfLocalDay(from, zone);
  for (let date = from; date < to;) {
    const next = addDays(date, 1);
    const end = startOfLocalDay(next, zone);
    days.push({ date, start, end });
    date = next;
    start = end;
  }
  return days;
}

export interface OffsetSegment {
  start: number;
  end: number;
  /** Minutes east of UTC throughout the segment. */
  offsetMinutes: number;
}

/**
 * Splits [start, end) where the zone's offset changes, so each stretch can be turned into
 * local dates with one fixed shift (SQLite's `date(t, '+N minutes')`).
 */
export function offsetSegments(days: readonly LocalDay[], zone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  const push = (start: number, end: number, offsetMinutes: number) => {
    const last = segments.at(-1);
    if (last !== undefined && last.offsetMinutes === offsetMinutes && last.end === start) last.end = end;
    else segments.push({ start, end, offsetMinutes });
  };
  for (const day of days) {
    const first = zoneOffsetMinutes(zone, day.start);
    const last = zoneOffsetMinutes(zone, day.end - 1);
    if (first === last) {
      push(day.start, day.end, first);
      continue;
    }
    // One change within the day (daylight saving): find the instant it happens.
    let low = day.start;
    let high = day.end - 1;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (zoneOffsetMinutes(zone, middle) === first) low = middle;
      else high = middle;
    }
    push(day.start, high, first);
    push(high, day.end, last);
  }
  return segments;
}
