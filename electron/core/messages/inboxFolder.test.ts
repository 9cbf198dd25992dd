import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEventVault, TEST_PASSPHRASE } from '../replies/testVault.node.ts';
import type { EventVault } from '../replies/testVault.node.ts';
import { watchInboxFolder } from './inboxFolder.node.ts';

function eml(id: string, text: string): string {
  return [
    'From: River <river@example.org>',
    'Subject: Hello',
    'Date: Tue, 3 Jun 2025 08:00:00 +0000',
    `Message-ID: <${id}@example.org>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');
}

/** Writes beside the folder, then moves it in, as a file manager's copy finishes. */
function drop(vault: EventVault, inbox: string, name: string, content: string): void {
  const staging = join(vault.folder, name);
  writeFileSync(staging, content);
  renameSync(staging, join(inbox, name));
}

async function waitUntil(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('messages: the watched inbox folder', () => {
  let vault: EventVault;
  let inbox: string;
  beforeEach(async () => {
    vault = await openEventVault();
    inbox = join(vault.folder, 'inbox');
    mkdirSync(inbox);
  });
  afterEach(async () => {
    await vault.close();
  });

  it('imports a dropped .eml, moves it to imported/, and announces it', async () => {
    // A trailing separator, as a folder picker may give it.
    await vault.call('vault.updateSettings', { watchFolder: `${inbox}/` });
    drop(vault, inbox, 'question.eml', eml('w-1', 'Is there help with interview nerves?'));
    const arrived = await vault.waitForEvent('messages.arrived', () => true, 15_000);
    expect(arrived.count).toBe(1);
    await waitUntil(() => existsSync(join(inbox, 'imported', 'question.eml')));
    expect(existsSync(join(inbox, 'question.eml'))).toBe(false);
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 10 });
    expect(items.map((item) => item.sourceId)).toEqual(['w-1@example.org']);
  }, 30_000);

  it('is told a file is arriving before the file has settled and is read', async () => {
    const seen: string[] = [];
    const watching = watchInboxFolder({
      folder: inbox,
      settleMs: 300,
      onArriving: () => seen.push('arriving'),
      importFile: async (path) => {
        seen.push('read');
        const { files } = await vault.call('messages.import', { files: [path] });
        return files[0]!;
      },
    });
    try {
      await watching.ready;
      expect(seen).toEqual([]);
      drop(vault, inbox, 'question.eml', eml('w-early', 'Is there help with interview nerves?'));
      await waitUntil(() => existsSync(join(inbox, 'imported', 'question.eml')));
    } finally {
      await watching.stop();
    }
    expect(seen[0]).toBe('arriving');
    expect(seen.filter((step) => step === 'read')).toHaveLength(1);
  }, 30_000);

  it('moves a file that fails into failed/ with a report that holds no client text', async () => {
    await vault.call('vault.updateSettings', { watchFolder: inbox });
    drop(vault, inbox, 'broken.csv', 'message,sender\n"secret words never closed,@someone\nmore,@else\n');
    drop(vault, inbox, 'notes.docx', 'private words');
    await waitUntil(() => existsSync(join(inbox, 'failed', 'notes.docx.report.json')));
    await waitUntil(() => existsSync(join(inbox, 'failed', 'broken.csv.report.json')));
    const report = readFileSync(join(inbox, 'failed', 'broken.csv.report.json'), 'utf8');
    expect(JSON.parse(report)).toMatchObject({ file: 'broken.csv', outcome: 'failed', imported: 0 });
    expect(report).not.toMatch(/secret|someone/);
    expect(readFileSync(join(inbox, 'failed', 'notes.docx.report.json'), 'utf8')).toMatch(
      /not supported: \.docx/,
    );
    expect(readdirSync(inbox).sort()).toEqual(['failed']);
  }, 30_000);

  it('stops on lock, and imports what arrived meanwhile at the next unlock', async () => {
    drop(vault, inbox, 'early.eml', eml('w-0', 'Already waiting before the folder was set.'));
    await vault.call('vault.updateSettings', { watchFolder: inbox });
    await waitUntil(() => existsSync(join(inbox, 'imported', 'early.eml')));

    await vault.call('vault.lock', { reason: 'manual' });
    drop(vault, inbox, 'late.eml', eml('w-2', 'Sent while the vault was locked.'));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(existsSync(join(inbox, 'late.eml'))).toBe(true);

    await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
    await waitUntil(() => existsSync(join(inbox, 'imported', 'late.eml')));
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 10 });
    expect(items.map((item) => item.sourceId).sort()).toEqual(['w-0@example.org', 'w-2@example.org']);

    // Turning it off stops watching.
    await vault.call('vault.updateSettings', { watchFolder: null });
    drop(vault, inbox, 'after.eml', eml('w-3', 'After the folder was unset.'));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(existsSync(join(inbox, 'after.eml'))).toBe(true);
  }, 60_000);

  it('waits for a file being copied in slowly, and reads it whole', async () => {
    await vault.call('vault.updateSettings', { watchFolder: inbox });
    const content = eml('w-slow', 'The end of this message arrives last: I need help with a CV.');
    const cut = content.indexOf('\r\n\r\n') + 4;
    const file = join(inbox, 'slow.eml');
    writeFileSync(file, content.slice(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 500));
    appendFileSync(file, content.slice(cut));
    await vault.waitForEvent('messages.arrived', () => true, 15_000);
    const { items } = await vault.call('messages.queue', { filter: {}, limit: 10 });
    const detail = await vault.call('messages.get', { id: items[0]?.id ?? '' });
    expect(detail.body).toBe('The end of this message arrives last: I need help with a CV.');
  }, 30_000);

  it('refuses a folder that does not exist', async () => {
    await expect(
      vault.call('vault.updateSettings', { watchFolder: join(vault.folder, 'nowhere') }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'watchFolder' });
  });
});
