import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from './database.node.ts';
import type { VaultDatabase } from './database.node.ts';
import { SOURCE_CHECKPOINT_WORKER, startWalCheckpointer } from './walCheckpointer.node.ts';

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe('the vault checkpoints its WAL on a second thread', () => {
  let folder: string;
  let file: string;
  let key: Buffer;
  let db: VaultDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-checkpointer-'));
    file = join(folder, 'vault.db');
    key = randomBytes(32);
    db = openEncryptedDatabase(file, key, { create: true });
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** About 4 MB in one transaction: four times past SQLite's own checkpoint-on-commit size. */
  const writeMuch = () => {
    const insert = db.prepare('INSERT INTO blobs (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run(randomBytes(2000).toString('hex'));
    })();
  };
  const fileBytes = () => statSync(file).size;

  it('copies a big commit into the file beside the connection, which no longer checkpoints on commit', async () => {
    const checkpointer = startWalCheckpointer(db, file, key, SOURCE_CHECKPOINT_WORKER, 20);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = fileBytes();
    writeMuch();
    expect(await until(() => fileBytes() > before + 3_000_000)).toBe(true);
    checkpointer.stop();
    // Its connection is closed, so this one is the last: closing it leaves no WAL behind.
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openEncryptedDatabase(file, key);
    expect(reopened.prepare('SELECT COUNT(*) FROM blobs').pluck().get()).toBe(1000);
    reopened.close();
  });

  it('leaves checkpoints on commit when there is no thread to start', () => {
    const missing = pathToFileURL(join(folder, 'missing-worker.js')).href;
    const checkpointer = startWalCheckpointer(db, file, key, missing);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = fileBytes();
    writeMuch();
    expect(fileBytes()).toBeGreaterThan(before + 3_000_000);
    checkpointer.stop();
  });

  it('puts checkpoints back on commit when the thread cannot open the vault', async () => {
    const checkpointer = startWalCheckpointer(db, file, randomBytes(32), SOURCE_CHECKPOINT_WORKER, 20);
    expect(await until(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000)).toBe(true);
    checkpointer.stop();
  });
});
