import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticMessages } from '../bench/syntheticMessages.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { TEST_PASSPHRASE, openTestVault } from '../testing/openVault.node.ts';
import { DATABASE_FILE, KEYRING_FILE } from '../vault/vaultService.node.ts';
import { readKeyringFile, unwrapWithPassphrase } from '../vault/keyring.node.ts';
import { stageItems } from './importStaging.node.ts';
import { createMessageService } from './messageService.node.ts';

/** `count` emails in an mbox, the last a copy of the fourth. */
function writeMailbox(folder: string, count = 600): string {
  const bodies = syntheticMessages(count, 41);
  const emails = bodies.map(
    (body, i) =>
      `From client${i}@example.org Mon Nov 23 09:00:00 2026\n` +
      `From: Client ${i} <client${i % 90}@example.org>\nSubject: Question ${i}\n` +
      `Message-ID: <staging-${i === count - 1 ? 3 : i}@example.org>\n` +
      `Date: Mon, 23 Nov 2026 09:${String(i % 60).padStart(2, '0')}:00 +0000\n` +
      `Content-Type: text/plain; charset=utf-8\n\n${body}\n`,
  );
  const path = join(folder, 'big.mbox');
  writeFileSync(path, emails.join('\n'));
  return path;
}

const count = (db: VaultDatabase, table: string) =>
  db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('a big file staged in the vault while it is read', () => {
  let folder: string;
  let db: VaultDatabase;
  let mailbox: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-staging-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db);
    mailbox = writeMailbox(folder);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Imports the mailbox, noting the most rows staged at once (read at each progress call). */
  async function importStaged(
    stageAfterChars: number,
    control: { abortAfterStaged?: boolean; triageThread?: boolean; warmThread?: boolean } = {},
  ) {
    // Without the triage thread every item is settled as it is read, so staging starts at once.
    const service = createMessageService({
      stageAfterChars,
      ...(control.triageThread === true ? {} : { triageWorkerUrl: null }),
    });
    const abort = new AbortController();
    let mostStaged = 0;
    try {
      if (control.warmThread === true) {
        // A first import elsewhere starts the thread: it then answers while this file is read,
        // however long starting it takes on a busy machine.
        const spare = openEncryptedDatabase(join(folder, 'spare.db'), randomBytes(32), { create: true });
        try {
          migrate(spare);
          await service.importFiles(spare, [mailbox]);
        } finally {
          spare.close();
        }
      }
      const [report] = await service.importFiles(
        db,
        [mailbox],
        undefined,
        {},
        {
          signal: abort.signal,
          onProgress: () => {
            mostStaged = Math.max(mostStaged, count(db, 'message_import_staging'));
            if (control.abortAfterStaged && mostStaged > 0) abort.abort();
          },
        },
      );
      return { report: report!, mostStaged };
    } finally {
      service.stopTriageThread();
    }
  }

  function storedTiers(): { source_id: string; tier: string; result: string }[] {
    return db
      .prepare(
        `SELECT m.source_id, m.tier, t.result FROM messages m JOIN message_triage t ON t.message_id = m.id
         ORDER BY m.source_id`,
      )
      .all() as { source_id: string; tier: string; result: string }[];
  }

  it('stores exactly what an import held in memory stores, then leaves no staged rows', async () => {
    const inMemory = await importStaged(Number.POSITIVE_INFINITY);
    expect(inMemory.mostStaged).toBe(0);
    const expected = storedTiers();
    db.exec('DELETE FROM messages; DELETE FROM clients; DELETE FROM message_imports;');

    const { report, mostStaged } = await importStaged(20_000);
    expect(mostStaged).toBeGreaterThan(100);
    expect(report).toMatchObject({ outcome: 'imported', imported: 599, duplicates: 1 });
    expect(report.crisis).toHaveLength(inMemory.report.crisis.length);
    expect(storedTiers()).toEqual(expected);
    expect(count(db, 'message_import_staging')).toBe(0);
  }, 120_000);

  it('stages only what the triage thread has answered, in file order', async () => {
    mailbox = writeMailbox(folder, 2500);
    const inMemory = await importStaged(Number.POSITIVE_INFINITY, { triageThread: true });
    const expected = storedTiers();
    expect(expected).toHaveLength(2499);
    db.exec('DELETE FROM messages; DELETE FROM clients; DELETE FROM message_imports;');

    const { report, mostStaged } = await importStaged(20_000, { triageThread: true, warmThread: true });
    expect(mostStaged).toBeGreaterThan(0);
    expect(report).toMatchObject({ outcome: 'imported', imported: 2499, duplicates: 1 });
    expect(report.crisis).toHaveLength(inMemory.report.crisis.length);
    expect(storedTiers()).toEqual(expected);
    expect(count(db, 'message_import_staging')).toBe(0);
  }, 120_000);

  it('keeps nothing, staged or stored, from a file cancelled after parts of it were staged', async () => {
    const { report, mostStaged } = await importStaged(20_000, { abortAfterStaged: true });
    expect(mostStaged).toBeGreaterThan(0);
    expect(report.outcome).toBe('cancelled');
    expect(count(db, 'messages')).toBe(0);
    expect(count(db, 'message_import_staging')).toBe(0);
  }, 120_000);
});

describe('staged rows left by a crash', () => {
  it('are cleared when the vault is next unlocked', async () => {
    const vault = await openTestVault();
    try {
      await vault.call('vault.lock', { reason: 'manual' });
      // What a crash mid-import leaves behind, written with the vault's own key.
      const key = await unwrapWithPassphrase(
        await readKeyringFile(join(vault.vaultDir, KEYRING_FILE)),
        TEST_PASSPHRASE,
      );
      const withVault = (use: (db: VaultDatabase) => void) => {
        const db = openEncryptedDatabase(join(vault.vaultDir, DATABASE_FILE), key);
        try {
          use(db);
        } finally {
          db.close();
        }
      };
      const message = syntheticMessages(1, 5)[0] as string;
      withVault((db) =>
        stageItems(db, 'crashed-import', 0, [
          {
            message: {
              sourceId: 'left-1',
              channel: 'email',
              from: 'a@example.org',
              fromName: null,
              subject: null,
              text: message,
              receivedAt: null,
              threadKey: null,
              inReplyTo: null,
              contentHash: 'f'.repeat(64),
            },
            triage: undefined,
          },
        ]),
      );
      withVault((db) => expect(count(db, 'message_import_staging')).toBe(1));

      await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
      await vault.call('vault.lock', { reason: 'manual' });
      withVault((db) => {
        expect(count(db, 'message_import_staging')).toBe(0);
        expect(count(db, 'messages')).toBe(0);
      });
    } finally {
      await vault.close();
    }
  });
});
