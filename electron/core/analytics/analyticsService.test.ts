import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_TARGETS, dueAt } from '../../../shared/domain/responseTargets.std.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import { listAudit } from '../audit/auditLog.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { openTestVault } from '../testing/openVault.node.ts';
import { createVaultService } from '../vault/vaultService.node.ts';
import type { VaultService } from '../vault/vaultService.node.ts';
import { createAnalyticsService } from './analyticsService.node.ts';
import { localDays, offsetSegments, startOfLocalDay } from './localDays.std.ts';

const PASSPHRASE = 'copper lantern orbit mellow quiz';
/** Words that must never reach the analytics output. */
const CLIENT_TEXT = 'PRIVATE-CLIENT-WORDS';

interface HandBuilt {
  tier: Tier;
  channel: string;
  receivedAt: string;
  /** Minutes after arrival of the first reply. */
  repliedAfter?: number;
  closedAt?: string;
  /** The latest triage's service level; undefined: no triage row at all. */
  level?: string;
  /** An older triage result, which must be ignored. */
  earlierLevel?: string;
}

function insert(db: VaultDatabase, message: HandBuilt): void {
  const id = randomUUID();
  const received = new Date(message.receivedAt);
  const firstResponse =
    message.repliedAfter === undefined
      ? null
      : new Date(received.getTime() + message.repliedAfter * 60_000).toISOString();
  db.prepare(
    `INSERT INTO messages (id, channel, body, received_at, imported_at, content_hash, status, tier, score,
       due_at, queue_rank, first_response_at, closed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?)`,
  ).run(
    id,
    message.channel,
    `${CLIENT_TEXT} ${id}`,
    received.toISOString(),
    received.toISOString(),
    id,
    message.closedAt !== undefined ? 'closed' : firstResponse !== null ? 'replied' : 'new',
    message.tier,
    dueAt(received, message.tier, DEFAULT_RESPONSE_TARGETS).toISOString(),
    firstResponse,
    message.closedAt ?? null,
  );
  const triage = db.prepare(
    `INSERT INTO message_triage (message_id, rules_version, tier, score, result, triaged_at)
     VALUES (?, ?, ?, 0, ?, ?)`,
  );
  if (message.earlierLevel !== undefined) {
    triage.run(
      id,
      'old',
      message.tier,
      JSON.stringify({ service_level: message.earlierLevel }),
      '2024-01-01T00:00:00.000Z',
    );
  }
  if (message.level !== undefined) {
    triage.run(
      id,
      'current',
      message.tier,
      JSON.stringify({ service_level: message.level }),
      received.toISOString(),
    );
  }
}

const ICM = 'individual_case_managed';
const BSA = 'brief_staff_assisted';

/**
 * A week in March 2024 (London is on GMT all week, so local dates are UTC dates), seen
 * from Friday noon. Each figure the tests expect is worked out beside the messages.
 */
const WEEK: HandBuilt[] = [
  // Before the period: p0 and p1 and n0 are open at its start, p2 closed before it.
  {
    tier: 'routine',
    channel: 'email',
    receivedAt: '2024-03-01T10:00:00Z',
    closedAt: '2024-03-05T09:00:00.000Z',
    level: 'self_help',
  },
  { tier: 'priority', channel: 'sms', receivedAt: '2024-03-02T10:00:00Z', level: BSA },
  {
    tier: 'routine',
    channel: 'email',
    receivedAt: '2024-02-20T10:00:00Z',
    closedAt: '2024-02-25T10:00:00.000Z',
    level: 'self_help',
  },
  {
    tier: 'none',
    channel: 'email',
    receivedAt: '2024-03-03T23:59:59.999Z',
    closedAt: '2024-03-04T00:10:00.000Z',
    level: 'self_help',
  },

  // Crisis (target 5 minutes): replies after 3, 12 (late), 4; c4 never answered and overdue.
  {
    tier: 'crisis',
    channel: 'sms',
    receivedAt: '2024-03-04T09:00:00Z',
    repliedAfter: 3,
    closedAt: '2024-03-04T12:00:00.000Z',
    level: ICM,
    earlierLevel: 'self_help',
  },
  { tier: 'crisis', channel: 'chat', receivedAt: '2024-03-05T14:00:00Z', repliedAfter: 12, level: ICM },
  {
    tier: 'crisis',
    channel: 'sms',
    receivedAt: '2024-03-06T08:00:00Z',
    repliedAfter: 4,
    closedAt: '2024-03-07T10:00:00.000Z',
    level: ICM,
  },
  { tier: 'crisis', channel: 'sms', receivedAt: '2024-03-07T22:00:00Z', level: ICM },

  // Urgent (target 8 hours): replies after 60, 120, 30, 600 (late), 240 minutes.
  { tier: 'urgent', channel: 'email', receivedAt: '2024-03-04T10:00:00Z', repliedAfter: 60, level: BSA },
  { tier: 'urgent', channel: 'email', receivedAt: '2024-03-04T11:00:00Z', repliedAfter: 120, level: BSA },
  { tier: 'urgent', channel: 'chat', receivedAt: '2024-03-05T09:00:00Z', repliedAfter: 30, level: BSA },
  { tier: 'urgent', channel: 'web_form', receivedAt: '2024-03-05T10:00:00Z', repliedAfter: 600, level: BSA },
  { tier: 'urgent', channel: 'email', receivedAt: '2024-03-06T10:00:00Z', repliedAfter: 240, level: ICM },
  // Closed without a reply before it was due (17:00): not a breach.
  {
    tier: 'urgent',
    channel: 'social_dm',
    receivedAt: '2024-03-07T09:00:00Z',
    closedAt: '2024-03-07T12:00:00.000Z',
    level: ICM,
  },
  // Not answered, but not due until 19:00: not (yet) a breach.
  { tier: 'urgent', channel: 'email', receivedAt: '2024-03-08T11:00:00Z', level: ICM },
  // Due at 09:00, closed at 12:00 without a reply: not answered in time.
  {
    tier: 'urgent',
    channel: 'sms',
    receivedAt: '2024-03-06T01:00:00Z',
    closedAt: '2024-03-06T12:00:00.000Z',
    level: ICM,
  },

  // Priority (2 working days): answered after one day; one waiting, not yet due.
  { tier: 'priority', channel: 'email', receivedAt: '2024-03-04T09:00:00Z', repliedAfter: 1440, level: BSA },
  { tier: 'priority', channel: 'chat', receivedAt: '2024-03-08T10:00:00Z', level: BSA },
  // Routine, late on Tuesday evening.
  { tier: 'routine', channel: 'email', receivedAt: '2024-03-05T23:30:00Z', level: 'self_help' },
  // No action, at the very first instant of the period, with no triage recorded.
  {
    tier: 'none',
    channel: 'social_post',
    receivedAt: '2024-03-04T00:00:00.000Z',
    closedAt: '2024-03-04T00:30:00.000Z',
  },
];

const NOW = new Date('2024-03-08T12:00:00Z');
const PERIOD = { from: '2024-03-04', to: '2024-03-11', timeZone: 'Europe/London' };

describe('analytics on the encrypted vault', () => {
  let folder: string;
  let vault: VaultService;
  let db: VaultDatabase;
  const analytics = createAnalyticsService({ now: () => NOW });

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-analytics-'));
    vault = createVaultService({
      vaultDir: join(folder, 'vault'),
      appVersion: 'test',
      emit: () => undefined,
    });
    await vault.create(PASSPHRASE);
    db = vault.requireDatabase();
  });
  afterEach(() => {
    vault.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('counts arrivals by tier, channel and local day, from the period start up to (not including) its end', () => {
    for (const message of WEEK) insert(db, message);
    const summary = analytics.summary(db, PERIOD);
    expect(summary.period).toEqual({
      ...PERIOD,
      startsAt: '2024-03-04T00:00:00.000Z',
      endsAt: '2024-03-11T00:00:00.000Z',
      days: 7,
    });
    expect(summary.arrivals).toBe(16);
    expect(summary.arrivalsByTier).toEqual([
      { tier: 'crisis', count: 4 },
      { tier: 'urgent', count: 8 },
      { tier: 'priority', count: 2 },
      { tier: 'routine', count: 1 },
      { tier: 'none', count: 1 },
    ]);
    expect(summary.arrivalsByChannel).toEqual([
      { channel: 'email', count: 6 },
      { channel: 'sms', count: 4 },
      { channel: 'chat', count: 3 },
      { channel: 'social_post', count: 1 },
      { channel: 'social_dm', count: 1 },
      { channel: 'web_form', count: 1 },
    ]);
    const day = (date: string, counts: Partial<Record<Tier, number>>) => {
      const full = { crisis: 0, urgent: 0, priority: 0, routine: 0, none: 0, ...counts };
      return { date, total: Object.values(full).reduce((a, b) => a + b, 0), ...full };
    };
    expect(summary.arrivalsByDay).toEqual([
      day('2024-03-04', { crisis: 1, urgent: 2, priority: 1, none: 1 }),
      day('2024-03-05', { crisis: 1, urgent: 2, routine: 1 }),
      day('2024-03-06', { crisis: 1, urgent: 2 }),
      day('2024-03-07', { crisis: 1, urgent: 1 }),
      day('2024-03-08', { urgent: 1, priority: 1 }),
      day('2024-03-09', {}),
      day('2024-03-10', {}),
    ]);
  });

  it('gives nearest-rank median and 90th percentile first-response times against each target', () => {
    for (const message of WEEK) insert(db, message);
    const { responseTimes } = analytics.summary(db, PERIOD);
    expect(responseTimes).toEqual([
      // Sorted 3, 4, 12: median at rank ⌈3/2⌉ = 2, p90 at rank ⌈2.7⌉ = 3.
      {
        tier: 'crisis',
        responded: 3,
        medianMinutes: 4,
        p90Minutes: 12,
        target: { amount: 5, unit: 'minutes' },
        targetMinutes: 5,
        withinTarget: 2,
      },
      // Sorted 30, 60, 120, 240, 600: median at rank 3, p90 at rank ⌈4.5⌉ = 5.
      {
        tier: 'urgent',
        responded: 5,
        medianMinutes: 120,
        p90Minutes: 600,
        target: { amount: 8, unit: 'hours' },
        targetMinutes: 480,
        withinTarget: 4,
      },
      {
        tier: 'priority',
        responded: 1,
        medianMinutes: 1440,
        p90Minutes: 1440,
        target: { amount: 2, unit: 'working_days' },
        targetMinutes: 2880,
        withinTarget: 1,
      },
      {
        tier: 'routine',
        responded: 0,
        medianMinutes: null,
        p90Minutes: null,
        target: { amount: 5, unit: 'working_days' },
        targetMinutes: 7200,
        withinTarget: 0,
      },
      {
        tier: 'none',
        responded: 0,
        medianMinutes: null,
        p90Minutes: null,
        target: null,
        targetMinutes: null,
        withinTarget: 0,
      },
    ]);
  });

  it('counts late answers and unanswered overdue messages separately', () => {
    for (const message of WEEK) insert(db, message);
    expect(analytics.summary(db, PERIOD).breaches).toEqual([
      { tier: 'crisis', answeredLate: 1, notAnsweredInTime: 1 },
      { tier: 'urgent', answeredLate: 1, notAnsweredInTime: 1 },
      { tier: 'priority', answeredLate: 0, notAnsweredInTime: 0 },
      { tier: 'routine', answeredLate: 0, notAnsweredInTime: 0 },
      { tier: 'none', answeredLate: 0, notAnsweredInTime: 0 },
    ]);
    // A day later the waiting urgent message (due Friday 19:00) has become a breach too.
    const later = createAnalyticsService({ now: () => new Date('2024-03-09T12:00:00Z') });
    expect(later.summary(db, PERIOD).breaches[1]).toEqual({
      tier: 'urgent',
      answeredLate: 1,
      notAnsweredInTime: 2,
    });
  });

  it('takes the service level from each message’s latest triage', () => {
    for (const message of WEEK) insert(db, message);
    expect(analytics.summary(db, PERIOD).serviceLevels).toEqual([
      { level: 'self_help', count: 1 },
      { level: 'brief_staff_assisted', count: 6 },
      { level: 'individual_case_managed', count: 8 },
      { level: 'unknown', count: 1 },
    ]);
  });

  it('traces the backlog at the end of each day that has begun, counting older open messages', () => {
    for (const message of WEEK) insert(db, message);
    // A clock error: closed on Tuesday before it arrived on Wednesday. Read as closed on arrival,
    // it leaves every day's backlog as it was.
    insert(db, {
      tier: 'routine',
      channel: 'email',
      receivedAt: '2024-03-06T10:00:00Z',
      closedAt: '2024-03-05T10:00:00.000Z',
      level: 'self_help',
    });
    // 3 open at the start (received 4, closed 1), then + arrivals − closures each day.
    expect(analytics.summary(db, PERIOD).backlog).toEqual([
      { date: '2024-03-04', open: 5 }, // + 5 − 3
      { date: '2024-03-05', open: 8 }, // + 4 − 1
      { date: '2024-03-06', open: 10 }, // + 4 − 2
      { date: '2024-03-07', open: 10 }, // + 2 − 2
      { date: '2024-03-08', open: 12 }, // + 2; Saturday and Sunday have not begun
    ]);
  });

  it('follows local days across a daylight-saving change and for fixed offsets', () => {
    for (const receivedAt of [
      '2024-03-30T23:30:00Z', // 23:30 GMT on the 30th
      '2024-03-31T22:30:00Z', // 23:30 BST on the 31st, a 23-hour day
      '2024-03-31T23:30:00Z', // 00:30 BST on 1 April
      '2024-04-01T22:59:59.999Z', // the last instant of 1 April
      '2024-04-01T23:00:00Z', // 2 April: outside
    ]) {
      insert(db, { tier: 'routine', channel: 'email', receivedAt, level: 'self_help' });
    }
    const london = createAnalyticsService({ now: () => new Date('2024-05-01T00:00:00Z') }).summary(db, {
      from: '2024-03-30',
      to: '2024-04-02',
      timeZone: 'Europe/London',
    });
    expect(london.period).toMatchObject({
      startsAt: '2024-03-30T00:00:00.000Z',
      endsAt: '2024-04-01T23:00:00.000Z',
    });
    expect(london.arrivalsByDay.map((day) => [day.date, day.total])).toEqual([
      ['2024-03-30', 1],
      ['2024-03-31', 1],
      ['2024-04-01', 2],
    ]);
    expect(london.backlog.map((day) => day.open)).toEqual([1, 2, 4]);

    const kolkata = analytics.summary(db, { from: '2024-04-01', to: '2024-04-02', timeZone: '+05:30' });
    expect(kolkata.period).toMatchObject({
      startsAt: '2024-03-31T18:30:00.000Z',
      endsAt: '2024-04-01T18:30:00.000Z',
    });
    expect(kolkata.arrivals).toBe(2);
  });

  it('exports one tidy CSV table of figures only, and audits the export with its kind and row count', () => {
    for (const message of WEEK) insert(db, message);
    const { csv, rows } = analytics.exportCsv(db, PERIOD);
    const lines = csv.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'section,key,measure,value',
      'period,from,date,2024-03-04',
      'period,to,date (not included),2024-03-11',
      'period,time_zone,name,Europe/London',
    ]);
    expect(lines).toHaveLength(rows + 1);
    expect(lines).toContain('arrivals_by_tier,urgent,messages,8');
    expect(lines).toContain('arrivals_by_day,2024-03-05,routine,1');
    expect(lines).toContain('first_response,crisis,median_minutes,4');
    expect(lines).toContain('first_response,urgent,p90_minutes,600');
    expect(lines).toContain('first_response,none,target_minutes,');
    expect(lines).toContain('breaches,crisis,not_answered_in_time,1');
    expect(lines).toContain('service_level,unknown,messages,1');
    expect(lines).toContain('backlog,2024-03-08,open_at_end_of_day,12');
    expect(csv).not.toContain(CLIENT_TEXT);
    // 7 period rows, 5 + 6 arrivals, 7 days × 5 tiers, 5 × 5 response, 5 × 2 breaches, 4 levels, 5 days.
    expect(rows).toBe(7 + 5 + 6 + 35 + 25 + 10 + 4 + 5);

    const [entry] = listAudit(db, { filter: { actions: ['export.completed'] }, limit: 10 }).entries;
    expect(entry).toMatchObject({
      action: 'export.completed',
      clientId: null,
      details: { kind: 'analytics', rows },
    });
    expect(Object.keys(entry?.details ?? {}).sort()).toEqual(['kind', 'rows']);
  });
});

describe('analytics local days', () => {
  it('starts a day whose midnight does not exist at the first instant on it', () => {
    // Chile moved its clocks from 00:00 to 01:00 on 8 September 2024.
    expect(new Date(startOfLocalDay('2024-09-08', 'America/Santiago')).toISOString()).toBe(
      '2024-09-08T04:00:00.000Z',
    );
    const days = localDays('2024-10-26', '2024-10-29', 'Europe/Berlin');
    expect(days.map((day) => (day.end - day.start) / 3_600_000)).toEqual([24, 25, 24]);
    const segments = offsetSegments(days, 'Europe/Berlin');
    expect(segments.map((segment) => [new Date(segment.start).toISOString(), segment.offsetMinutes])).toEqual(
      [
        ['2024-10-25T22:00:00.000Z', 120],
        ['2024-10-27T01:00:00.000Z', 60],
      ],
    );
  });
});

describe('analytics over RPC', () => {
  it('checks the period and answers for an empty vault', async () => {
    const vault = await openTestVault();
    try {
      for (const [input, field] of [
        [{ from: '2024-03-04', to: '2024-03-04', timeZone: 'UTC' }, 'to'],
        [{ from: '2024-01-01', to: '2025-01-03', timeZone: 'UTC' }, 'to'],
        [{ from: '2024-03-04', to: '2024-03-05', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
        [{ from: '4 March', to: '2024-03-05', timeZone: 'UTC' }, 'from'],
      ] as const) {
        await expect(vault.call('analytics.summary', input)).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          field,
        });
      }
      const summary = await vault.call('analytics.summary', {
        from: '2020-02-01',
        to: '2020-02-04',
        timeZone: 'America/New_York',
      });
      expect(summary.arrivals).toBe(0);
      expect(summary.arrivalsByDay.map((day) => day.total)).toEqual([0, 0, 0]);
      expect(summary.backlog).toEqual([
        { date: '2020-02-01', open: 0 },
        { date: '2020-02-02', open: 0 },
        { date: '2020-02-03', open: 0 },
      ]);
      const exported = await vault.call('analytics.exportCsv', {
        from: '2020-02-01',
        to: '2020-02-04',
        timeZone: 'America/New_York',
      });
      expect(exported.csv.split('\n')[0]).toBe('section,key,measure,value');
      const audit = await vault.call('audit.list', { filter: { actions: ['export.completed'] }, limit: 5 });
      expect(audit.entries[0]?.details).toEqual({ kind: 'analytics', rows: exported.rows });
    } finally {
      await vault.close();
    }
  });
});
