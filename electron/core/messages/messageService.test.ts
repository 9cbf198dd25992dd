import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

const FIXTURES = new URL('./import/fixtures/', import.meta.url).pathname;

function jsonl(vault: TestVault, name: string, rows: object[]): string {
  const file = join(vault.folder, name);
  writeFileSync(file, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  return file;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('messages: import, queue, overrides', () => {
  let vault: TestVault;
  beforeEach(async () => {
    vault = await openTestVault();
  });
  afterEach(async () => {
    await vault.close();
  });

  it('imports every format, triages each message, and puts the crisis first with its evidence', async () => {
    const crisis = jsonl(vault, 'crisis.jsonl', [
      {
        id: 'x-1',
        text: 'Could I book a CV appointment next month?',
        channel: 'email',
        from: 'sam@example.org',
        received_at: hoursAgo(2),
      },
      {
        id: 'x-2',
        text: "I've got 40 paracetamol lined up for tonight. Sorry.",
        channel: 'sms',
        from: '+44 7700 900123',
        received_at: hoursAgo(1),
      },
    ]);
    const { files } = await vault.call('messages.import', {
      files: [join(FIXTURES, 'inbox.mbox'), join(FIXTURES, 'chat-export-utf8-bom.csv'), crisis],
    });
    expect(files.map((f) => f.outcome)).toEqual(['imported', 'imported', 'imported']);
    expect(files[2]).toMatchObject({ imported: 2, duplicates: 0, crisis: [expect.any(String)] });
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 50 });
    expect(items[0]).toMatchObject({ tier: 'crisis', sourceId: 'x-2', channel: 'sms' });
    const detail = await vault.call('messages.get', { id: items[0]?.id ?? '' });
    const latest = detail.triage.at(-1)?.result;
    expect(latest?.evidence.map((e) => e.text).join(' ')).toMatch(/40 paracetamol/);
    expect(latest?.rules_version).toMatch(/^\d{4}\./);
    // Due five minutes after arrival, the crisis target.
    expect(Date.parse(detail.dueAt) - Date.parse(detail.receivedAt)).toBe(5 * 60_000);
  });

  it('counts duplicates on a second import and keeps nothing from a file that fails', async () => {
    const file = jsonl(vault, 'a.jsonl', [
      { id: 'a-1', text: 'Is the library open on Saturday?', from: 'x@y.z' },
    ]);
    await vault.call('messages.import', { files: [file] });
    const again = await vault.call('messages.import', { files: [file] });
    expect(again.files[0]).toMatchObject({ imported: 0, duplicates: 1 });

    const broken = join(vault.folder, 'broken.csv');
    writeFileSync(broken, 'message,sender\n"this quote never closes,@someone\nanother,@else\n');
    const failed = await vault.call('messages.import', { files: [broken] });
    expect(failed.files[0]).toMatchObject({ outcome: 'failed', imported: 0 });
    expect(failed.files[0]?.error).toBeTruthy();
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 50 });
    expect(items).toHaveLength(1);
  });

  it('reports rejected items by number, without their text', async () => {
    const file = join(vault.folder, 'mixed.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ id: 1, text: 'hello there, any apprenticeships?' })}\nnot json secret words\n`,
    );
    const { files } = await vault.call('messages.import', { files: [file] });
    expect(files[0]).toMatchObject({ imported: 1, rejected: [{ item: 2 }] });
    expect(JSON.stringify(files[0])).not.toContain('secret words');
  });

  it('links messages to a known client by address, and creates a pseudonymous client otherwise', async () => {
    const known = await vault.call('clients.create', {
      displayName: 'Priya',
      pseudonymous: false,
      channels: [{ kind: 'email', value: 'Priya@Example.org' }],
    });
    const file = jsonl(vault, 'link.jsonl', [
      {
        id: 'l-1',
        text: 'Thanks for the session, can we meet next week?',
        channel: 'email',
        from: 'priya@example.org',
      },
      { id: 'l-2', text: 'Hi, how do I apply for the forklift course?', channel: 'chat', from: '@newperson' },
    ]);
    await vault.call('messages.import', { files: [file] });
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 10 });
    expect(items.find((i) => i.sourceId === 'l-1')?.clientId).toBe(known.id);
    const created = items.find((i) => i.sourceId === 'l-2');
    expect(created?.clientName).toMatch(/^Client /);
    const client = await vault.call('clients.get', { id: created?.clientId ?? '' });
    expect(client).toMatchObject({ pseudonymous: true, channels: [{ kind: 'chat', value: '@newperson' }] });
  });

  it('a practitioner override is audited and survives re-triage, which keeps the history', async () => {
    const file = jsonl(vault, 'o.jsonl', [{ id: 'o-1', text: 'Could you look at my CV?', from: 'a@b.c' }]);
    await vault.call('messages.import', { files: [file] });
    const [item] = (await vault.call('messages.queue', { filter: {}, limit: 1 })).items;
    await vault.call('messages.overrideTier', {
      id: item?.id ?? '',
      tier: 'urgent',
      reason: 'Known history of crisis',
    });
    const result = await vault.call('messages.retriage', {});
    expect(result.retriaged).toBe(1);
    const detail = await vault.call('messages.get', { id: item?.id ?? '' });
    expect(detail.tier).toBe('urgent');
    expect(detail.override).toMatchObject({ tier: 'urgent', reason: 'Known history of crisis' });
    expect(detail.triage.length).toBeGreaterThanOrEqual(1);
    const audit = await vault.call('audit.list', { limit: 50 });
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['import.completed', 'message.tier_overridden', 'message.retriaged']),
    );
  });

  it('orders by tier then due time, ages overdue messages up, and filters and pages', async () => {
    const file = jsonl(vault, 'q.jsonl', [
      {
        id: 'r-old',
        text: 'Where can I find apprenticeship listings?',
        from: 'old@x.y',
        received_at: hoursAgo(24 * 30),
      },
      {
        id: 'p-new',
        text: 'I feel so anxious about my interview on Friday, can we talk?',
        from: 'p@x.y',
        received_at: hoursAgo(1),
      },
      { id: 'r-new', text: 'Where can I find graduate schemes?', from: 'new@x.y', received_at: hoursAgo(1) },
    ]);
    await vault.call('messages.import', { files: [file] });
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 10 });
    const order = items.map((i) => i.sourceId);
    // The month-old routine message is overdue, so it sorts with priority, ahead of the new routine one.
    expect(order.indexOf('r-old')).toBeLessThan(order.indexOf('r-new'));
    expect(items.find((i) => i.sourceId === 'r-old')?.overdue).toBe(true);

    // Ageing never lifts anything level with crisis, and never lowers an overdue crisis.
    const old = jsonl(vault, 'old.jsonl', [
      {
        id: 'u-old',
        text: 'Some days I wish I just would not wake up.',
        from: 'u@x.y',
        received_at: hoursAgo(24 * 10),
      },
      {
        id: 'c-old',
        text: 'I have 30 tablets lined up for tonight.',
        from: 'c@x.y',
        received_at: hoursAgo(24 * 2),
      },
    ]);
    await vault.call('messages.import', { files: [old] });
    const aged = (await vault.call('messages.queue', { filter: {}, limit: 10 })).items.map((i) => i.sourceId);
    expect(aged.slice(0, 2)).toEqual(['c-old', 'u-old']);

    const routineOnly = await vault.call('messages.queue', { filter: { tiers: ['routine'] }, limit: 10 });
    expect(routineOnly.items.every((i) => i.tier === 'routine')).toBe(true);
    const all = (await vault.call('messages.queue', { filter: {}, limit: 10 })).items;
    const first = await vault.call('messages.queue', { filter: {}, limit: 2 });
    const rest = await vault.call('messages.queue', {
      filter: {},
      limit: 10,
      after: first.next ?? undefined,
    });
    expect([...first.items, ...rest.items].map((i) => i.id)).toEqual(all.map((i) => i.id));
  });

  it('moves messages through claimed, snoozed and closed, refusing a snooze without an end', async () => {
    const file = jsonl(vault, 's.jsonl', [
      { id: 's-1', text: 'Any tips for a panel interview?', from: 's@x.y' },
    ]);
    await vault.call('messages.import', { files: [file] });
    const [item] = (await vault.call('messages.queue', { filter: {}, limit: 1 })).items;
    const id = item?.id ?? '';
    await vault.call('messages.setStatus', { ids: [id], status: 'claimed', assignee: 'Sam' });
    expect(
      (await vault.call('messages.queue', { filter: { assignee: 'Sam' }, limit: 5 })).items,
    ).toHaveLength(1);
    await expect(vault.call('messages.setStatus', { ids: [id], status: 'snoozed' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await vault.call('messages.setStatus', { ids: [id], status: 'closed' });
    expect((await vault.call('messages.queue', { filter: {}, limit: 5 })).items).toHaveLength(0);
  });
});
