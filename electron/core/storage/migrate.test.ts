import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { openEncryptedDatabase } from './database.node.ts';
import { MIGRATIONS, migrate, schemaVersion } from './migrate.node.ts';
import type { Migration } from './migrate.node.ts';

function folderHashes(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(folder, name)))
        .digest('hex'),
    ]),
  );
}

describe('migrations', () => {
  let folder: string;
  let file: string;
  const key = randomBytes(32);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-migrate-'));
    file = join(folder, 'vault.db');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('are numbered 1, 2, 3… in order, each once', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, index) => index + 1));
  });

  it('refuse a database from a newer app without writing to it', () => {
    const db = openEncryptedDatabase(file, key, { create: true });
    migrate(db);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = folderHashes(folder);

    const reopened = openEncryptedDatabase(file, key);
    let thrown: unknown;
    try {
      migrate(reopened);
    } catch (error) {
      thrown = error;
    } finally {
      reopened.close();
    }
    expect(thrown).toBeInstanceOf(RpcError);
    expect(thrown).toMatchObject({ code: 'VAULT_TOO_NEW' });
    expect(folderHashes(folder)).toEqual(before);
  });

  it('leave the previous version intact and readable when a migration fails halfway', () => {
    const db = openEncryptedDatabase(file, key, { create: true });
    migrate(db);
    db.prepare("INSERT INTO settings (key, value) VALUES ('autoLockMinutes', '7')").run();
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'fails halfway',
      up(target) {
        target.exec('CREATE TABLE half_done (x INTEGER)');
        target.exec("UPDATE settings SET value = '99'");
        throw new Error('power cut');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('power cut');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    expect(db.prepare("SELECT value FROM settings WHERE key = 'autoLockMinutes'").get()).toEqual({
      value: '7',
    });
    db.close();
  });
});
