import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { migrate, schemaVersion } from '../migrate.node.ts';
import { migration0001 } from './0001-initial.node.ts';

describe('migration 0001: initial', () => {
  let folder: string;
  let db: VaultDatabase;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0001-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes an empty database to version 1 with its tables and indexes', () => {
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, [migration0001])).toEqual({ from: 0, to: 1 });
    expect(schemaVersion(db)).toBe(1);
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')").all() as {
        name: string;
      }[]
    ).map((row) => row.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'vault_meta',
        'settings',
        'audit_log',
        'audit_log_by_time',
        'audit_log_by_action',
        'audit_log_by_client',
        'audit_log_no_update',
        'audit_log_no_delete',
      ]),
    );
  });

  it('makes the audit log append-only and its columns strictly typed', () => {
    migrate(db, [migration0001]);
    db.prepare(
      "INSERT INTO audit_log (seq, at, action, client_id, details, prev_hash, hash) VALUES (1, 't', 'a', NULL, '{}', 'p', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (seq, at, action, client_id, details, prev_hash, hash) VALUES ('two', 't', 'a', NULL, '{}', 'p', 'h')",
        )
        .run(),
    ).toThrow();
  });

  it('does nothing when run again', () => {
    migrate(db, [migration0001]);
    expect(migrate(db, [migration0001])).toEqual({ from: 1, to: 1 });
  });
});
