import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../cli/testing/runOutpost.node.ts';
import { TEST_PASSPHRASE, openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

/**
 * `outpost import` while the app is closed: its crisis arrivals reach the app at the next
 * unlock (messages.takeUnseenArrivals), once, and only those still at crisis tier.
 */
describe('arrivals no window saw', () => {
  let vault: TestVault;
  let passphraseFile: string;
  beforeEach(async () => {
    vault = await openTestVault();
    passphraseFile = join(vault.folder, 'pass');
    writeFileSync(passphraseFile, `${TEST_PASSPHRASE}\n`);
  });
  afterEach(async () => {
    await vault.close();
  });

  function messagesFile(name: string, rows: { id: string; text: string }[]): string {
    const file = join(vault.folder, name);
    writeFileSync(
      file,
      rows
        .map((row) => JSON.stringify({ ...row, channel: 'sms', from: `+4477009${row.id.length}0000` }))
        .join('\n'),
    );
    return file;
  }

  async function importFromCommandLine(file: string): Promise<void> {
    await vault.call('vault.lock', { reason: 'manual' });
    const run = await runOutpost(
      'import',
      '--vault',
      vault.vaultDir,
      '--passphrase-file',
      passphraseFile,
      file,
    );
    expect(run.code, run.stderr).toBe(0);
    await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
  }

  it('hands the command line’s crisis arrivals to the app once', async () => {
    await importFromCommandLine(
      messagesFile('closed.jsonl', [
        { id: 'cli-1', text: 'Could we book a CV appointment next week?' },
        { id: 'cli-2', text: "I've got 40 paracetamol lined up for tonight. Sorry." },
      ]),
    );

    const unseen = await vault.call('messages.takeUnseenArrivals', {});
    expect(unseen.count).toBe(2);
    expect(unseen.crisis).toHaveLength(1);
    const crisis = await vault.call('messages.get', { id: unseen.crisis[0] as string });
    expect(crisis.tier).toBe('crisis');
    expect(crisis.body).toContain('paracetamol');

    expect(await vault.call('messages.takeUnseenArrivals', {})).toEqual({ count: 0, crisis: [] });
  }, 60_000);

  it('keeps nothing for arrivals the app saw itself', async () => {
    const reply = await vault.call('messages.import', {
      files: [messagesFile('open.jsonl', [{ id: 'app-1', text: 'I have the pills ready for tonight.' }])],
    });
    expect(reply.files[0]?.crisis).toHaveLength(1);
    await vault.call('messages.add', {
      text: 'I want to end it all tonight, I have the rope.',
      channel: 'chat',
    });
    expect(await vault.call('messages.takeUnseenArrivals', {})).toEqual({ count: 0, crisis: [] });
  });

  it('adds up several command-line runs and leaves out a crisis since moved to another tier', async () => {
    await importFromCommandLine(
      messagesFile('first.jsonl', [{ id: 'cli-a', text: 'I have the pills ready for tonight.' }]),
    );
    await importFromCommandLine(
      messagesFile('second.jsonl', [
        { id: 'cli-b', text: "I've got 40 paracetamol lined up for tonight. Sorry." },
        { id: 'cli-c', text: 'Thanks, see you Tuesday.' },
      ]),
    );

    const queue = await vault.call('messages.queue', { filter: { tiers: ['crisis'] }, limit: 10 });
    const moved = queue.items.find((item) => item.sourceId === 'cli-a');
    const kept = queue.items.find((item) => item.sourceId === 'cli-b');
    expect(moved && kept).toBeTruthy();
    await vault.call('messages.overrideTier', {
      id: moved!.id,
      tier: 'routine',
      reason: 'Known client, a quoted song lyric; spoke to them today.',
    });

    expect(await vault.call('messages.takeUnseenArrivals', {})).toEqual({ count: 3, crisis: [kept!.id] });
  }, 60_000);
});
