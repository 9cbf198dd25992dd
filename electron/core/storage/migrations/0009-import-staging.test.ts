import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { MIGRATIONS, migrate } from '../migrate.node.ts';
import { migration0009 } from './0009-import-staging.node.ts';

describe('migration 0009: import staging', () => {
  let folder: string;
  let db: VaultDatabase;
  const before = MIGRATIONS.filter((migration) => migration.version < 9);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0009-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, before);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is registered as version 9 and upgrades a version-8 vault with an empty staging table', () => {
    expect(MIGRATIONS.find((migration) => migration.version === 9)).toBe(migration0009);
    expect(migrate(db, [...before, migration0009])).toEqual({ from: 8, to: 9 });
    expect(db.prepare('SELECT COUNT(*) FROM message_import_staging').pluck().get()).toBe(0);
    // One file's rows are numbered once each.
    const insert = db.prepare('INSERT INTO message_import_staging (import_key, seq, item) VALUES (?, ?, ?)');
    insert.run('file-a', 0, '{}');
    insert.run('file-b', 0, '{}');
    expect(() => insert.run('file-a', 0, '{}')).toThrow(/UNIQUE/);
  });
});
