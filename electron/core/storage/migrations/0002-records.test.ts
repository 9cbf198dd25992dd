import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { migrate, schemaVersion } from '../migrate.node.ts';
import { migration0001 } from './0001-initial.node.ts';
import { migration0002 } from './0002-records.node.ts';

describe('migration 0002: records', () => {
  let folder: string;
  let db: VaultDatabase;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0002-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, [migration0001]);
    db.prepare("INSERT INTO settings (key, value) VALUES ('autoLockMinutes', '7')").run();
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function insertSignedNote(): void {
    db.prepare(
      `INSERT INTO clients (id, display_name, pseudonymous, created_at, updated_at, last_activity_at)
       VALUES ('c1', 'Alex', 1, 't', 't', 't')`,
    ).run();
    db.prepare(
      `INSERT INTO session_notes (id, client_id, template_key, modality, synchronous, session_at, content, status,
         created_at, updated_at, signed_at, content_hash)
       VALUES ('n1', 'c1', 'dap', 'email', 0, 't', '{"data":"signed text"}', 'signed', 't', 't', 't', 'h')`,
    ).run();
  }

  it('upgrades a version-1 vault, keeping its data', () => {
    expect(migrate(db, [migration0001, migration0002])).toEqual({ from: 1, to: 2 });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'autoLockMinutes'").get()).toEqual({
      value: '7',
    });
    for (const table of [
      'clients',
      'consent_templates',
      'consent_records',
      'session_notes',
      'note_addenda',
      'tasks',
    ]) {
      expect(db.prepare('SELECT count(*) AS n FROM sqlite_master WHERE name = ?').get(table)).toEqual({
        n: 1,
      });
    }
  });

  it('makes signed notes final even for raw SQL, apart from the co-signature', () => {
    migrate(db, [migration0001, migration0002]);
    insertSignedNote();
    expect(() =>
      db.prepare(`UPDATE session_notes SET content = '{"data":"changed"}' WHERE id = 'n1'`).run(),
    ).toThrow(/signed notes are final/);
    expect(() => db.prepare("UPDATE session_notes SET status = 'draft' WHERE id = 'n1'").run()).toThrow(
      /final/,
    );
    db.prepare("UPDATE session_notes SET cosigned_at = 't2', cosigned_by = 'Dr. Lee' WHERE id = 'n1'").run();
    expect(db.prepare("SELECT cosigned_by FROM session_notes WHERE id = 'n1'").get()).toEqual({
      cosigned_by: 'Dr. Lee',
    });
  });

  it('deletes a client with everything that hangs off it', () => {
    migrate(db, [migration0001, migration0002]);
    insertSignedNote();
    db.prepare(
      "INSERT INTO tasks (id, client_id, note_id, title, due_on, created_at) VALUES ('t1', 'c1', 'n1', 'x', 'd', 't')",
    ).run();
    db.prepare("DELETE FROM clients WHERE id = 'c1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM session_notes').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM tasks').get()).toEqual({ n: 0 });
  });

  it('turns on secure delete inside the search index', () => {
    migrate(db, [migration0001, migration0002]);
    const row = db.prepare("SELECT v FROM search_index_config WHERE k = 'secure-delete'").get() as {
      v: number;
    };
    expect(row.v).toBe(1);
  });
});
