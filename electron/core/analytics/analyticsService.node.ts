/**
 * Analytics, computed locally from the messages table with SQL aggregates (nothing is
 * loaded row by row into JavaScript). The definitions, also shown on the Analytics page,
 * are in ANALYTICS_DEFINITIONS (shared/rpc/analyticsSchemas.std.ts); in short:
 *
 * - period: [from, to) in local dates of the given zone, turned into UTC instants;
 * - arrivals: messages whose received_at is in the period, by effective tier
 *   (`messages.tier`, which includes overrides), channel and local day;
 * - first-response time: first_response_at − received_at for messages received in the
 *   period that have a first response; median and 90th percentile per tier by the
 *   nearest-rank method (the value at rank ⌈p·n⌉ of the n sorted times);
 * - breaches, counted separately: answered late (first_response_at > due_at), and not
 *   answered in time (no first response, and due_at passed while the message was open:
 *   before now, or before closed_at if it was closed without a reply);
 * - service-level mix: the service_level of each message's latest triage result;
 * - backlog: for each local day that has begun, messages received before the day ends
 *   and not closed by then (closed_at unset or at or after the day's end).
 */
import { stringify } from 'csv-stringify/sync';
import type { ResponseTarget } from '../../../shared/domain/responseTargets.std.ts';
import { SERVICE_LEVELS } from '../../../shared/rpc/analyticsSchemas.std.ts';
import type { AnalyticsPeriod, AnalyticsSummary } from '../../../shared/rpc/analyticsSchemas.std.ts';
import { MESSAGE_CHANNELS } from '../../../shared/rpc/messageSchemas.std.ts';
import { TIERS } from '../../../shared/triage/rulesSchema.std.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { readSettings } from '../vault/settingsStore.node.ts';
import { localDays, offsetSegments } from './localDays.std.ts';
import type { OffsetSegment } from './localDays.std.ts';

/**
 * Times are ISO 8601 UTC strings with milliseconds (toISOString, and SQLite's
 * strftime('%Y-%m-%dT%H:%M:%fZ') for first_response_at and closed_at), so they compare as
 * text and the closed_at index can answer range counts on its own.
 */
const seconds = (column: string) => `unixepoch(${column}, 'subsec')`;

/**
 * The local date of a UTC time column: one fixed shift per stretch of constant offset
 * (a period spanning a daylight-saving change has two or three), as bound parameters.
 */
function localDateSql(
  column: string,
  segments: readonly OffsetSegment[],
): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const shifts = segments.map((segment, index) => {
    params[`shift${index}`] = `${segment.offsetMinutes >= 0 ? '+' : ''}${segment.offsetMinutes} minutes`;
    params[`until${index}`] = iso(segment.end);
    return index;
  });
  const lastIndex = shifts.length - 1;
  const shift =
    lastIndex <= 0
      ? '@shift0'
      : `CASE ${shifts
          .slice(0, -1)
          .map((index) => `WHEN ${column} < @until${index} THEN @shift${index}`)
          .join(' ')} ELSE @shift${lastIndex} END`;
  return { sql: `date(${column}, ${shift})`, params };
}

/**
 * Everything about the messages received in the period, in one pass. `p` is the narrow
 * projection every section reads, answered from the covering index messages_by_received
 * (migration 0007) without reading message text; rows received after the period are kept
 * only to correct the backlog for clock errors.
 */
function periodSql(arrivalDay: string, closeDay: string): string {
  return `
    WITH p AS MATERIALIZED (
      SELECT id, received_at, tier, channel, due_at, first_response_at, closed_at
      FROM messages WHERE received_at >= @start
    ),
    arrivals AS (
      SELECT 'arrivals' AS kind, ${arrivalDay} AS day, tier, channel, NULL AS level, COUNT(*) AS n,
        IFNULL(SUM(first_response_at IS NOT NULL AND ${seconds('first_response_at')} <= ${seconds('due_at')}), 0) AS within,
        IFNULL(SUM(first_response_at IS NOT NULL AND ${seconds('first_response_at')} > ${seconds('due_at')}), 0) AS late,
        IFNULL(SUM(first_response_at IS NULL
          AND ${seconds('due_at')} < MIN(@now, COALESCE(${seconds('closed_at')}, @now))), 0) AS unanswered,
        NULL AS median, NULL AS p90
      FROM p WHERE received_at < @end GROUP BY day, tier, channel
    ),
    timed AS (
      SELECT tier, MAX(0, (${seconds('first_response_at')} - ${seconds('received_at')}) / 60.0) AS minutes
      FROM p WHERE received_at < @end AND first_response_at IS NOT NULL
    ),
    ranked AS (
      SELECT tier, minutes,
        ROW_NUMBER() OVER (PARTITION BY tier ORDER BY minutes) AS position,
        COUNT(*) OVER (PARTITION BY tier) AS n
      FROM timed
    ),
    -- Nearest rank: the median is at ⌈n/2⌉ = (n+1)/2, the 90th percentile at ⌈9n/10⌉ = (9n+9)/10.
    responses AS (
      SELECT 'responses', NULL, tier, NULL, NULL, n, NULL, NULL, NULL,
        MAX(CASE WHEN position = (n + 1) / 2 THEN minutes END),
        MAX(CASE WHEN position = (9 * n + 9) / 10 THEN minutes END)
      FROM ranked GROUP BY tier
    ),
    -- The latest triage is the last one recorded, as in the message's triage history.
    levels AS (
      SELECT 'levels', NULL, NULL, NULL, COALESCE(json_extract(t.result, '$.service_level'), 'unknown') AS level,
        COUNT(*), NULL, NULL, NULL, NULL, NULL
      FROM p LEFT JOIN message_triage t ON t.id = (SELECT MAX(id) FROM message_triage WHERE message_id = p.id)
      WHERE p.received_at < @end GROUP BY level
    ),
    -- Closed before it was received (a clock error): read as closed on arrival.
    clock_errors AS (
      SELECT 'clock_errors', CASE WHEN received_at < @end THEN ${arrivalDay} END AS day, NULL, NULL,
        CASE WHEN closed_at < @start THEN 'before' WHEN closed_at < @end THEN ${closeDay} END AS level,
        COUNT(*), NULL, NULL, NULL, NULL, NULL
      FROM p WHERE closed_at < received_at GROUP BY day, level
    )
    SELECT * FROM arrivals UNION ALL SELECT * FROM responses
    UNION ALL SELECT * FROM levels UNION ALL SELECT * FROM clock_errors`;
}

interface PeriodRow {
  kind: 'arrivals' | 'responses' | 'levels' | 'clock_errors';
  day: string | null;
  tier: Tier | null;
  channel: string | null;
  level: string | null;
  n: number;
  within: number | null;
  late: number | null;
  unanswered: number | null;
  median: number | null;
  p90: number | null;
}

/** Backlog counts that the indexes answer without reading message rows. */
const BACKLOG_SQL = {
  receivedBefore: 'SELECT COUNT(*) FROM messages WHERE received_at < @start',
  closedBefore: 'SELECT COUNT(*) FROM messages WHERE closed_at < @start',
  closures: (closeDay: string) =>
    `SELECT ${closeDay} AS day, COUNT(*) AS n FROM messages
     WHERE closed_at >= @start AND closed_at < @end GROUP BY day`,
};

const iso = (ms: number) => new Date(ms).toISOString();
const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** Working days are drawn as whole 24-hour days: the shortest the target can be. */
export function targetMinutes(target: ResponseTarget | null): number | null {
  if (target === null) return null;
  switch (target.unit) {
    case 'minutes':
      return target.amount;
    case 'hours':
      return target.amount * 60;
    case 'working_days':
      return target.amount * 24 * 60;
  }
}

export interface AnalyticsServiceOptions {
  now?: () => Date;
}

export function createAnalyticsService(options: AnalyticsServiceOptions = {}) {
  const now = options.now ?? (() => new Date());

  function summary(db: VaultDatabase, period: AnalyticsPeriod): AnalyticsSummary {
    const generatedAt = now();
    const days = localDays(period.from, period.to, period.timeZone);
    const segments = offsetSegments(days, period.timeZone);
    const first = days[0];
    const last = days.at(-1);
    if (first === undefined || last === undefined) throw new Error('A period has at least one day.');
    const bounds = { start: iso(first.start), end: iso(last.end) };
    const targets = readSettings(db).responseTargets;

    const arrivalDay = localDateSql('received_at', segments);
    const closeDay = localDateSql('closed_at', segments);
    // Both expressions use the same segments, so the same shift parameters.
    const params = { ...bounds, ...arrivalDay.params, now: generatedAt.getTime() / 1000 };

    // One read transaction, so every figure describes the same moment.
    return db.transaction(() => {
      const byDay = new Map(
        days.map((day) => [
          day.date,
          { date: day.date, total: 0, crisis: 0, urgent: 0, priority: 0, routine: 0, none: 0 },
        ]),
      );
      const byTier = new Map<Tier, number>(TIERS.map((tier) => [tier, 0]));
      const byChannel = new Map<string, number>(MESSAGE_CHANNELS.map((channel) => [channel, 0]));
      const breachRows = new Map<Tier, { within: number; late: number; unanswered: number }>();
      const percentiles = new Map<Tier, { n: number; median: number | null; p90: number | null }>();
      const levels = new Map<string, number>();
      /** Messages closed each day, less those received that day (the backlog's daily change is arrivals − this). */
      const closedByDay = new Map<string, number>();
      const addTo = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);
      let openAtStart =
        (db.prepare(BACKLOG_SQL.receivedBefore).pluck().get(bounds) as number) -
        (db.prepare(BACKLOG_SQL.closedBefore).pluck().get(bounds) as number);

      const rows = db.prepare(periodSql(arrivalDay.sql, closeDay.sql)).all(params) as PeriodRow[];
      for (const row of rows) {
        if (row.kind === 'arrivals' && row.tier !== null && row.day !== null) {
          const day = byDay.get(row.day);
          if (day !== undefined) {
            day[row.tier] += row.n;
            day.total += row.n;
          }
          addTo(byTier, row.tier, row.n);
          if (row.channel !== null) addTo(byChannel, row.channel, row.n);
          const breaches = breachRows.get(row.tier) ?? { within: 0, late: 0, unanswered: 0 };
          breaches.within += row.within ?? 0;
          breaches.late += row.late ?? 0;
          breaches.unanswered += row.unanswered ?? 0;
          breachRows.set(row.tier, breaches);
        } else if (row.kind === 'responses' && row.tier !== null) {
          percentiles.set(row.tier, { n: row.n, median: row.median, p90: row.p90 });
        } else if (row.kind === 'levels' && row.level !== null) {
          addTo(levels, row.level, row.n);
        } else if (row.kind === 'clock_errors') {
          // Counted as closed when closed_at says; move the closure to the day it arrived.
          if (row.level === 'before') openAtStart += row.n;
          else if (row.level !== null) addTo(closedByDay, row.level, -row.n);
          if (row.day !== null) addTo(closedByDay, row.day, row.n);
        }
      }
      for (const row of db
        .prepare(BACKLOG_SQL.closures(closeDay.sql))
        .all({ ...bounds, ...closeDay.params }) as {
        day: string;
        n: number;
      }[]) {
        addTo(closedByDay, row.day, row.n);
      }

      let open = openAtStart;
      const backlog: AnalyticsSummary['backlog'] = [];
      for (const day of days) {
        if (day.start > generatedAt.getTime()) break;
        open += (byDay.get(day.date)?.total ?? 0) - (closedByDay.get(day.date) ?? 0);
        backlog.push({ date: day.date, open });
      }

      const arrivalsByTier = TIERS.map((tier) => ({ tier, count: byTier.get(tier) ?? 0 }));
      const unknownLevel = [...levels].reduce(
        (sum, [level, n]) => ((SERVICE_LEVELS as readonly string[]).includes(level) ? sum : sum + n),
        0,
      );
      return {
        period: {
          from: period.from,
          to: period.to,
          timeZone: period.timeZone,
          startsAt: bounds.start,
          endsAt: bounds.end,
          days: days.length,
        },
        generatedAt: generatedAt.toISOString(),
        arrivals: arrivalsByTier.reduce((sum, entry) => sum + entry.count, 0),
        arrivalsByTier,
        arrivalsByChannel: MESSAGE_CHANNELS.map((channel) => ({
          channel,
          count: byChannel.get(channel) ?? 0,
        })),
        arrivalsByDay: [...byDay.values()],
        responseTimes: TIERS.map((tier) => {
          const row = percentiles.get(tier);
          return {
            tier,
            responded: row?.n ?? 0,
            medianMinutes: oneDecimal(row?.median ?? null),
            p90Minutes: oneDecimal(row?.p90 ?? null),
            target: targets[tier],
            targetMinutes: targetMinutes(targets[tier]),
            withinTarget: breachRows.get(tier)?.within ?? 0,
          };
        }),
        breaches: TIERS.map((tier) => ({
          tier,
          answeredLate: breachRows.get(tier)?.late ?? 0,
          notAnsweredInTime: breachRows.get(tier)?.unanswered ?? 0,
        })),
        serviceLevels: [
          ...SERVICE_LEVELS.map((level) => ({ level, count: levels.get(level) ?? 0 })),
          ...(unknownLevel > 0 ? [{ level: 'unknown' as const, count: unknownLevel }] : []),
        ],
        backlog,
      };
    })();
  }

  /** One tidy table (section, key, measure, value): figures only, never client text. */
  function toCsvRows(result: AnalyticsSummary): (string | number)[][] {
    const rows: (string | number)[][] = [
      ['period', 'from', 'date', result.period.from],
      ['period', 'to', 'date (not included)', result.period.to],
      ['period', 'time_zone', 'name', result.period.timeZone],
      ['period', 'starts_at', 'utc', result.period.startsAt],
      ['period', 'ends_at', 'utc', result.period.endsAt],
      ['period', 'generated_at', 'utc', result.generatedAt],
      ['arrivals', 'all', 'messages', result.arrivals],
    ];
    for (const { tier, count } of result.arrivalsByTier)
      rows.push(['arrivals_by_tier', tier, 'messages', count]);
    for (const { channel, count } of result.arrivalsByChannel)
      rows.push(['arrivals_by_channel', channel, 'messages', count]);
    for (const day of result.arrivalsByDay) {
      for (const tier of TIERS) rows.push(['arrivals_by_day', day.date, tier, day[tier]]);
    }
    for (const entry of result.responseTimes) {
      rows.push(['first_response', entry.tier, 'responded', entry.responded]);
      rows.push(['first_response', entry.tier, 'median_minutes', entry.medianMinutes ?? '']);
      rows.push(['first_response', entry.tier, 'p90_minutes', entry.p90Minutes ?? '']);
      rows.push(['first_response', entry.tier, 'target_minutes', entry.targetMinutes ?? '']);
      rows.push(['first_response', entry.tier, 'within_target', entry.withinTarget]);
    }
    for (const entry of result.breaches) {
      rows.push(['breaches', entry.tier, 'answered_late', entry.answeredLate]);
      rows.push(['breaches', entry.tier, 'not_answered_in_time', entry.notAnsweredInTime]);
    }
    for (const { level, count } of result.serviceLevels)
      rows.push(['service_level', level, 'messages', count]);
    for (const { date, open } of result.backlog) rows.push(['backlog', date, 'open_at_end_of_day', open]);
    return rows;
  }

  /** The summary as CSV; the export is audited with its kind and row count only. */
  function exportCsv(db: VaultDatabase, period: AnalyticsPeriod): { csv: string; rows: number } {
    const rows = toCsvRows(summary(db, period));
    const csv = stringify(rows, { header: true, columns: ['section', 'key', 'measure', 'value'] });
    appendAudit(db, { action: 'export.completed', details: { kind: 'analytics', rows: rows.length } });
    return { csv, rows: rows.length };
  }

  return { summary, exportCsv };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
