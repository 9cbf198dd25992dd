import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointFully, openEncryptedDatabase, openReadSnapshot } from './database.node.ts';

describe('encrypted database', () => {
  let folder: string;
  let file: string;
  const key = randomBytes(32);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-db-'));
    file = join(folder, 'vault.db');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('runs with WAL, synchronous FULL, foreign keys, secure delete and in-memory temp storage', () => {
    const db = openEncryptedDatabase(file, key, { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    db.close();
  });

  it('writes nothing readable: no SQLite header, no plaintext', () => {
    const db = openEncryptedDatabase(file, key, { create: true });
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('plaintext-marker-1234')");
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes('plaintext-marker-1234')).toBe(false);
  });

  it('keeps the database, WAL and shared-memory files private to the user', () => {
    const db = openEncryptedDatabase(file, key, { create: true });
    db.exec('CREATE TABLE t (x)');
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      expect(statSync(path).mode & 0o777, path).toBe(0o600);
    }
    db.close();
  });

  it('fails closed on a plain, unencrypted SQLite file', () => {
    const plain = new Database(file);
    plain.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('open')");
    plain.close();
    expect(() => openEncryptedDatabase(file, key)).toThrow(
      expect.objectContaining({ code: 'VAULT_CORRUPT' }),
    );
  });

  it('refuses another key', () => {
    openEncryptedDatabase(file, key, { create: true }).exec('CREATE TABLE t (x)');
    expect(() => openEncryptedDatabase(file, randomBytes(32))).toThrow(
      expect.objectContaining({ code: 'VAULT_CORRUPT' }),
    );
  });

  it('does not create a database that is missing unless asked to', () => {
    expect(() => openEncryptedDatabase(file, key)).toThrow(
      expect.objectContaining({ code: 'VAULT_CORRUPT' }),
    );
  });

  describe('a full checkpoint while another connection is checkpointing', () => {
    /**
     * A reader pins an old snapshot, so a full checkpoint on a second thread waits in its
     * busy handler holding the checkpoint lock, as the vault's checkpoint thread does
     * for a moment every second. Resolves once the lock is seen to be held.
     */
    async function holdCheckpointLock(db: Database.Database) {
      db.exec('CREATE TABLE t (x TEXT)');
      db.prepare('INSERT INTO t VALUES (?)').run('before the reader');
      const reader = openReadSnapshot(file, key);
      db.prepare('INSERT INTO t VALUES (?)').run('after the reader');
      const worker = new Worker(new URL('./testing/fullCheckpointWorker.node.ts', import.meta.url), {
        workerData: { file, key: new Uint8Array(key) },
      });
      const finished = new Promise<{ busy: number }>((resolve) =>
        worker.on('message', (message: unknown) => {
          if (message !== 'checkpointing') resolve(message as { busy: number });
        }),
      );
      await once(worker, 'message');
      const lockHeld = () => (db.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[])[0]?.busy === 1;
      while (!lockHeld()) await new Promise((resolve) => setTimeout(resolve, 5));
      return { reader, finished };
    }

    it('is refused at once, without waiting, when it may not retry', async () => {
      const db = openEncryptedDatabase(file, key, { create: true });
      const { reader, finished } = await holdCheckpointLock(db);
      expect(await checkpointFully(db, 0)).toBe(false);
      reader.release();
      expect(await finished).toEqual({ busy: 0 });
      db.close();
    });

    it('retries until the other checkpoint is done, then empties the WAL', async () => {
      const db = openEncryptedDatabase(file, key, { create: true });
      const { reader, finished } = await holdCheckpointLock(db);
      setTimeout(() => reader.release(), 200);
      expect(await checkpointFully(db)).toBe(true);
      expect(statSync(`${file}-wal`).size).toBe(0);
      expect(await finished).toEqual({ busy: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
      db.close();
    });
  });
});
