import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';
import { PREVIEW_LENGTH, previewWithEvidence } from './queuePreview.node.ts';

describe('queue previews', () => {
  it('keeps the start of a short message and marks its evidence', () => {
    const body = 'I have pills saved up for tonight.';
    const start = body.indexOf('pills');
    const preview = previewWithEvidence(body, [{ start, end: start + 5 }]);
    expect(preview.text).toBe(body);
    expect(preview.marks).toEqual([{ start, end: start + 5 }]);
  });

  it('moves the window to evidence far into a long message, with ellipses', () => {
    const filler = 'The application form asked about my work history in detail. '.repeat(20);
    const body = `${filler}I wrote goodbye letters to my family.\n\nThanks for the CV help.`;
    const start = body.indexOf('goodbye letters');
    const preview = previewWithEvidence(body, [{ start, end: start + 'goodbye letters'.length }]);
    expect(preview.text.startsWith('…')).toBe(true);
    expect(preview.text.length).toBeLessThanOrEqual(PREVIEW_LENGTH + 2);
    const [mark] = preview.marks;
    expect(mark).toBeDefined();
    expect(preview.text.slice(mark!.start, mark!.end)).toBe('goodbye letters');
  });

  it('finds marks again after whitespace is collapsed, and ignores spans outside the text', () => {
    const body = 'Line one\n\n   I   want   to   die\ntoday';
    const start = body.indexOf('want');
    const end = body.indexOf('die') + 3;
    const preview = previewWithEvidence(body, [
      { start, end },
      { start: 500, end: 510 },
    ]);
    expect(preview.text).toBe('Line one I want to die today');
    expect(preview.marks).toHaveLength(1);
    expect(preview.text.slice(preview.marks[0]!.start, preview.marks[0]!.end)).toBe('want to die');
  });
});

describe('queue page and counts through the core', () => {
  let vault: TestVault;
  beforeEach(async () => {
    vault = await openTestVault();
  });
  afterEach(async () => {
    await vault.close();
  });

  it('returns evidence marks in previews and counts open messages by tier under a filter', async () => {
    const file = join(vault.folder, 'mixed.jsonl');
    const rows = [
      {
        id: 'q-1',
        text: 'Could I book a CV appointment next month?',
        channel: 'email',
        from: 'a@example.org',
      },
      {
        id: 'q-2',
        text: "I've got 40 paracetamol lined up for tonight. Sorry.",
        channel: 'sms',
        from: '+447700900123',
      },
      { id: 'q-3', text: 'Is the careers library open on Saturday?', channel: 'chat', from: 'bea' },
    ];
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    await vault.call('messages.import', { files: [file] });

    const { items } = await vault.call('messages.queue', { filter: {}, limit: 50 });
    const crisis = items[0]!;
    expect(crisis.tier).toBe('crisis');
    const marked = crisis.previewMarks.map((mark) => crisis.preview.slice(mark.start, mark.end)).join(' ');
    expect(marked).toMatch(/paracetamol/);

    const all = await vault.call('messages.queueCounts', { filter: {} });
    expect(all.total).toBe(3);
    expect(all.byTier.crisis).toBe(1);
    const smsOnly = await vault.call('messages.queueCounts', { filter: { channels: ['sms'] } });
    expect(smsOnly).toMatchObject({ total: 1, byTier: { crisis: 1, routine: 0 } });

    await vault.call('messages.setStatus', { ids: [crisis.id], status: 'closed' });
    const afterClose = await vault.call('messages.queueCounts', { filter: {} });
    expect(afterClose.total).toBe(2);
    expect(afterClose.byTier.crisis).toBe(0);
  });
  it('moves every open message to new response targets, and keeps a closed one as it was', async () => {
    const file = join(vault.folder, 'targets.jsonl');
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const rows = [
      { id: 't-1', text: 'Is the careers library open on Saturday?', from: 'a', received_at: threeHoursAgo },
      { id: 't-2', text: 'Where can I find graduate schemes?', from: 'b', received_at: threeHoursAgo },
    ];
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    await vault.call('messages.import', { files: [file] });
    const before = (await vault.call('messages.queue', { filter: {}, limit: 10 })).items;
    expect(before.map((item) => [item.tier, item.overdue])).toEqual([
      ['routine', false],
      ['routine', false],
    ]);
    const closed = before[1]!;
    await vault.call('messages.setStatus', { ids: [closed.id], status: 'closed' });

    const settings = await vault.call('vault.getSettings', {});
    await vault.call('vault.updateSettings', {
      responseTargets: { ...settings.responseTargets, routine: { amount: 1, unit: 'hours' } },
    });
    const open = await vault.call('messages.get', { id: before[0]!.id });
    expect(Date.parse(open.dueAt) - Date.parse(open.receivedAt)).toBe(3_600_000);
    const [item] = (await vault.call('messages.queue', { filter: {}, limit: 10 })).items;
    expect(item).toMatchObject({ id: before[0]!.id, overdue: true });
    expect((await vault.call('messages.get', { id: closed.id })).dueAt).toBe(closed.dueAt);
  });
});
