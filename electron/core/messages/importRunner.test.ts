import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../shared/rpc/contract.std.ts';
import type { RpcEventMessage } from '../../../shared/rpc/envelope.std.ts';
import { startCoreWorker } from '../host.node.ts';
import { TEST_PASSPHRASE } from '../testing/openVault.node.ts';
import { openEventVault } from '../replies/testVault.node.ts';
import type { EventVault } from '../replies/testVault.node.ts';

function jsonl(vault: Pick<EventVault, 'folder'>, name: string, count: number, prefix: string): string {
  const file = join(vault.folder, name);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        id: `${prefix}-${i}`,
        text: `Hello, question number ${i} about CV writing and interviews (${prefix}).`,
        channel: 'chat',
        from: `@${prefix}${i % 50}`,
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function allQueue(vault: EventVault) {
  const items: MethodOutput<'messages.queue'>['items'] = [];
  let after: MethodOutput<'messages.queue'>['next'] = null;
  for (;;) {
    const page: MethodOutput<'messages.queue'> = await vault.call('messages.queue', {
      filter: {},
      limit: 500,
      ...(after === null ? {} : { after }),
    });
    items.push(...page.items);
    if (page.next === null) return items;
    after = page.next;
  }
}

describe('messages: import progress and cancel, CSV mappings, typed messages', () => {
  let vault: EventVault;
  beforeEach(async () => {
    vault = await openEventVault();
  });
  afterEach(async () => {
    await vault.close();
  });

  it('reports progress and, on cancel, rolls back the file being read while finished files stay', async () => {
    const small = jsonl(vault, 'small.jsonl', 3, 'small');
    const big = jsonl(vault, 'big.jsonl', 20_000, 'big');
    const after = jsonl(vault, 'after.jsonl', 3, 'after');
    const importing = vault.call('messages.import', { files: [small, big, after] });
    // Cancel once the big file is well under way: this only works if the import yields.
    await vault.waitForEvent(
      'messages.importProgress',
      (p) => p.file === 'big.jsonl' && p.itemsDone >= 200,
      60_000,
    );
    expect(await vault.call('messages.cancelImport', {})).toEqual({ cancelled: true });
    const { files } = await importing;
    expect(files.map((file) => file.outcome)).toEqual(['imported', 'cancelled', 'cancelled']);
    expect(files[0]).toMatchObject({ imported: 3 });
    expect(files[1]).toMatchObject({ imported: 0, error: expect.stringMatching(/cancelled/) });

    const queue = await allQueue(vault);
    expect(queue).toHaveLength(3);
    expect(queue.every((item) => item.sourceId?.startsWith('small-'))).toBe(true);

    const progress = vault.events.filter((e) => e.event === 'messages.importProgress');
    expect(progress[0]?.payload).toEqual({ file: 'small.jsonl', filesDone: 0, filesTotal: 3, itemsDone: 0 });
    expect(progress).toContainEqual({
      event: 'messages.importProgress',
      payload: { file: 'small.jsonl', filesDone: 1, filesTotal: 3, itemsDone: 3 },
    });
    // Throttled: far fewer events than items.
    expect(progress.length).toBeLessThan(200);
    expect(await vault.call('messages.cancelImport', {})).toEqual({ cancelled: false });
  }, 120_000);

  it('answers a request to get ready for an import at once, and refuses a malformed one', async () => {
    expect(await vault.call('messages.prepareImport', {})).toEqual({});
    await expect(vault.call('messages.prepareImport', { files: [] } as never)).rejects.toThrow();
  });

  it('imports a CSV with ambiguous headers only with a mapping, remembers it and reuses it', async () => {
    const header = 'Message,Body,From,Date\n';
    const first = join(vault.folder, 'export-1.csv');
    writeFileSync(first, `${header}"subject one","Could we talk about my CV?",@lee,2025-05-01T10:00:00Z\n`);
    const second = join(vault.folder, 'export-2.csv');
    writeFileSync(
      second,
      `${header}"subject two","Any apprenticeships in plumbing?",@kim,2025-05-02T10:00:00Z\n`,
    );

    const inspected = await vault.call('messages.inspectCsv', { file: first });
    expect(inspected).toMatchObject({
      headers: ['Message', 'Body', 'From', 'Date'],
      hasHeaderRow: true,
      rememberedMapping: null,
      needsMapping: true,
      suggestedMapping: { text: 'Message', from: 'From', receivedAt: 'Date' },
    });
    expect(inspected.sampleRows).toEqual([
      ['subject one', 'Could we talk about my CV?', '@lee', '2025-05-01T10:00:00Z'],
    ]);

    const refused = await vault.call('messages.import', { files: [first] });
    expect(refused.files[0]).toMatchObject({ outcome: 'failed', imported: 0 });
    expect(refused.files[0]?.error).toMatch(/needs a column mapping/);

    const mapping = { text: 'Body', from: 'From', receivedAt: 'Date' };
    const mapped = await vault.call('messages.import', { files: [first], csvMapping: mapping });
    expect(mapped.files[0]).toMatchObject({ outcome: 'imported', imported: 1 });
    expect(await vault.call('messages.inspectCsv', { file: second })).toMatchObject({
      signature: inspected.signature,
      rememberedMapping: mapping,
      needsMapping: false,
    });

    const reused = await vault.call('messages.import', { files: [second] });
    expect(reused.files[0]).toMatchObject({ outcome: 'imported', imported: 1 });
    const queue = await allQueue(vault);
    const bodies = await Promise.all(
      queue.map(async (item) => (await vault.call('messages.get', { id: item.id })).body),
    );
    expect(bodies.sort()).toEqual(['Any apprenticeships in plumbing?', 'Could we talk about my CV?']);
  });

  it('uses an unambiguous guess without asking, and refuses to inspect a file that is not CSV', async () => {
    const csv = join(vault.folder, 'plain.csv');
    writeFileSync(csv, 'text,from\n"Where do I find volunteering roles?",@ash\n');
    expect(await vault.call('messages.inspectCsv', { file: csv })).toMatchObject({ needsMapping: false });
    const { files } = await vault.call('messages.import', { files: [csv] });
    expect(files[0]).toMatchObject({ outcome: 'imported', imported: 1 });

    const notCsv = join(vault.folder, 'note.jsonl');
    writeFileSync(notCsv, '{"text":"hi"}\n');
    await expect(vault.call('messages.inspectCsv', { file: notCsv })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'file',
    });
    await expect(
      vault.call('messages.inspectCsv', { file: join(vault.folder, 'missing.csv') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores a typed message like an import: triaged, de-duplicated, linked to its client, announced', async () => {
    const client = await vault.call('clients.create', {
      displayName: 'Jordan',
      pseudonymous: false,
      legalName: null,
      channels: [{ kind: 'email', value: 'Jordan@Example.org' }],
      capability: null,
      complexity: null,
      readinessNotes: '',
      assignedPractitioner: null,
      tags: [],
    });
    const added = await vault.call('messages.add', {
      text: "I've got 40 paracetamol lined up for tonight. Sorry.",
      channel: 'email',
      from: 'jordan@example.org',
      subject: 'tonight',
      receivedAt: '2025-06-01T21:30:00+01:00',
    });
    expect(added).toMatchObject({ duplicate: false, tier: 'crisis' });
    const arrived = await vault.waitForEvent('messages.arrived');
    expect(arrived).toEqual({ count: 1, crisis: [added.id] });

    const detail = await vault.call('messages.get', { id: added.id });
    expect(detail).toMatchObject({
      clientId: client.id,
      channel: 'email',
      subject: 'tonight',
      receivedAt: '2025-06-01T20:30:00.000Z',
      tier: 'crisis',
    });
    expect(detail.triage).toHaveLength(1);

    const again = await vault.call('messages.add', {
      text: "I've got 40 paracetamol lined up   for tonight. Sorry.",
      channel: 'email',
      from: 'jordan@example.org',
    });
    expect(again).toEqual({ id: added.id, duplicate: true, tier: 'crisis' });
    expect(vault.events.filter((e) => e.event === 'messages.arrived')).toHaveLength(1);

    await expect(vault.call('messages.add', { text: '   ', channel: 'sms' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const { entries } = await vault.call('audit.list', {
      filter: { actions: ['import.completed'] },
      limit: 5,
    });
    expect(entries[0]?.details).toMatchObject({ format: 'typed', imported: 0, duplicates: 1 });
  });

  it('cancels an import running in the core worker thread: the worker takes the request mid-file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-worker-import-'));
    const connection = startCoreWorker(new URL('../worker.node.ts', import.meta.url), {
      name: 'Outpost',
      version: 'test',
      runtime: 'test',
      vaultDir: join(folder, 'vault'),
    });
    try {
      const progress: RpcEventMessage[] = [];
      let wake = (): void => undefined;
      connection.onEvent((message) => {
        if (message.event === 'messages.importProgress') progress.push(message);
        wake();
      });
      await connection.call('vault.create', { passphrase: TEST_PASSPHRASE });
      const big = jsonl({ folder }, 'big.jsonl', 20_000, 'w');
      const importing = connection.call('messages.import', { files: [big] });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no progress from the worker')), 60_000);
        wake = () => {
          if (progress.some((m) => (m.payload as { itemsDone: number }).itemsDone >= 200)) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
      expect(await connection.call('messages.cancelImport', {})).toEqual({ result: { cancelled: true } });
      const outcome = await importing;
      expect(outcome).toMatchObject({ result: { files: [{ outcome: 'cancelled', imported: 0 }] } });
      expect(await connection.call('messages.queue', { filter: {}, limit: 10 })).toMatchObject({
        result: { items: [] },
      });
    } finally {
      await connection.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
