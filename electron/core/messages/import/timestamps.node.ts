/**
 * Reads the dates that exports carry into ISO 8601 UTC, or null. Only unambiguous forms
 * are read: an unreadable date leaves the message undated, it never rejects it, and a
 * wrong date would be worse than none (response times and ordering depend on it).
 *
 * - epoch numbers: seconds, or milliseconds from 12 digits on ("timestamp_ms");
 * - year-first dates ("2024-03-05T14:22:01Z", "2024-03-05 14:22", "2024/03/05");
 *   without a zone they are the computer's local time, as the export showed them;
 * - dates with a month name (RFC 5322 "Tue, 5 Mar 2024 14:22:01 +0100", Twitter's
 *   "Wed Oct 10 20:19:24 +0000 2018").
 * "05/03/2024" is March or May depending on the exporting country, so it is not read.
 */
const YEAR_FIRST =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^\d{9,13}(?:\.\d+)?$/;
const MONTH_NAME = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
/** Before 1970 or after 9999 is a damaged value, not a message date. */
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

export function parseTimestamp(raw: unknown): string | null {
  if (typeof raw === 'number') return fromEpoch(raw);
  if (typeof raw !== 'string') return null;
  const value = raw.trim();
  if (value.length === 0 || value.length > 100) return null;
  if (EPOCH.test(value)) return fromEpoch(Number(value));
  const yearFirst = YEAR_FIRST.exec(value);
  if (yearFirst) return fromYearFirst(yearFirst);
  if (MONTH_NAME.test(value) && /\b\d{4}\b/.test(value)) return fromMilliseconds(Date.parse(value));
  return null;
}

function fromEpoch(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  return fromMilliseconds(value >= 1e11 ? value : value * 1000);
}

function fromMilliseconds(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > LATEST_MS) return null;
  return new Date(Math.round(ms)).toISOString();
}

function fromYearFirst(match: RegExpExecArray): string | null {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Math.floor(Number(`0.${fraction}`) * 1000);
  const utcGuess = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 31 February into March: a date that moved was not a real one.
  if (new Date(utcGuess).getUTCDate() !== d) return null;
  if (zone === undefined) return fromMilliseconds(new Date(y, mo - 1, d, h, mi, s, ms).getTime());
  return fromMilliseconds(utcGuess - zoneOffsetMinutes(zone) * 60_000);
}

function zoneOffsetMinutes(zone: string): number {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}
