import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { migrate } from '../migrate.node.ts';
import { migration0001 } from './0001-initial.node.ts';
import { migration0002 } from './0002-records.node.ts';
import { migration0003 } from './0003-messages.node.ts';

describe('migration 0003: messages', () => {
  let folder: string;
  let db: VaultDatabase;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0003-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, [migration0001, migration0002]);
    db.prepare(
      `INSERT INTO clients (id, display_name, pseudonymous, created_at, updated_at, last_activity_at)
       VALUES ('c1', 'Alex', 1, 't', 't', 't')`,
    ).run();
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const insert = (id: string, sourceId: string | null, extra = {}) =>
    db
      .prepare(
        `INSERT INTO messages (id, source_id, channel, body, received_at, imported_at, content_hash, client_id,
           tier, score, due_at, queue_rank)
         VALUES (@id, @sourceId, 'email', 'text', 't', 't', @id, 'c1', 'routine', 20, 't', 1)`,
      )
      .run({ id, sourceId, ...extra });

  it('upgrades a version-2 vault, keeping its clients', () => {
    expect(migrate(db, [migration0001, migration0002, migration0003])).toEqual({ from: 2, to: 3 });
    expect(db.prepare('SELECT display_name FROM clients').pluck().get()).toBe('Alex');
    insert('m1', '<a@b>');
    expect(db.prepare('SELECT status FROM messages').pluck().get()).toBe('new');
  });

  it('refuses the same source id twice on one channel, but allows messages without one', () => {
    migrate(db, [migration0001, migration0002, migration0003]);
    insert('m1', 'id-1');
    expect(() => insert('m2', 'id-1')).toThrow(/UNIQUE/);
    insert('m3', null);
    insert('m4', null);
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3);
  });

  it('keeps one triage result per rules version and removes everything with the client', () => {
    migrate(db, [migration0001, migration0002, migration0003]);
    insert('m1', null);
    const triage = db.prepare(
      `INSERT INTO message_triage (message_id, rules_version, tier, score, result, triaged_at)
       VALUES ('m1', ?, 'routine', 20, '{}', 't')`,
    );
    triage.run('v1');
    triage.run('v2');
    expect(() => triage.run('v2')).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM clients').run();
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM message_triage').pluck().get()).toBe(0);
  });

  it('checks status and tier values', () => {
    migrate(db, [migration0001, migration0002, migration0003]);
    insert('m1', null);
    expect(() => db.prepare("UPDATE messages SET status = 'lost'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE messages SET tier = 'whenever'").run()).toThrow(/CHECK/);
  });
});
