import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { MIGRATIONS, migrate } from '../migrate.node.ts';
import { migration0006 } from './0006-practice.node.ts';

describe('migration 0006: practice', () => {
  let folder: string;
  let db: VaultDatabase;
  const before = MIGRATIONS.filter((migration) => migration.version < 6);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0006-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, before);
    db.prepare(
      `INSERT INTO clients (id, display_name, pseudonymous, created_at, updated_at, last_activity_at)
       VALUES ('c1', 'Alex', 1, 't', 't', 't')`,
    ).run();
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const insert = (id: string, total: number, checks = '[]') =>
    db
      .prepare(
        `INSERT INTO practice_attempts (id, message_id, reply, total, checks, scoring_version, attempted_at)
         VALUES (?, 'redundancy-rent', 'Thank you for writing.', ?, ?, 1, '2026-01-01T00:00:00.000Z')`,
      )
      .run(id, total, checks);

  it('upgrades a version-5 vault, keeping what it had', () => {
    expect(migrate(db, [...before, migration0006])).toEqual({ from: 5, to: 6 });
    expect(db.prepare('SELECT display_name FROM clients').pluck().get()).toBe('Alex');
    insert('a1', 80);
    expect(db.prepare('SELECT total FROM practice_attempts').pluck().get()).toBe(80);
  });

  it('is registered as version 6', () => {
    expect(MIGRATIONS.find((migration) => migration.version === 6)).toBe(migration0006);
  });

  it('refuses a score outside 0–100 and checks that are not JSON', () => {
    migrate(db, [...before, migration0006]);
    expect(() => insert('a1', 101)).toThrow(/CHECK/);
    expect(() => insert('a2', -1)).toThrow(/CHECK/);
    expect(() => insert('a3', 50, 'not json')).toThrow(/CHECK/);
    expect(() => insert('a4', 50.5)).toThrow(/INTEGER|datatype/i);
    expect(db.prepare('SELECT count(*) FROM practice_attempts').pluck().get()).toBe(0);
  });
});
