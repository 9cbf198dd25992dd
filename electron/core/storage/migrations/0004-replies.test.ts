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
import { migration0004 } from './0004-replies.node.ts';

const UP_TO_3 = [migration0001, migration0002, migration0003];
const UP_TO_4 = [...UP_TO_3, migration0004];

describe('migration 0004: replies', () => {
  let folder: string;
  let db: VaultDatabase;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0004-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, UP_TO_3);
    db.prepare(
      `INSERT INTO clients (id, display_name, pseudonymous, created_at, updated_at, last_activity_at)
       VALUES ('c1', 'Alex', 1, 't', 't', 't')`,
    ).run();
    const message = db.prepare(
      `INSERT INTO messages (id, channel, body, received_at, imported_at, content_hash, client_id,
         status, tier, score, due_at, queue_rank)
       VALUES (?, 'email', 'text', 't', 't', ?, 'c1', ?, 'routine', 20, 't', 1)`,
    );
    message.run('m-open', 'h1', 'new');
    message.run('m-closed', 'h2', 'closed');
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const reply = (id: string, messageId: string, status: string) =>
    db
      .prepare(
        `INSERT INTO replies (id, message_id, body, status, created_at, updated_at)
         VALUES (?, ?, 'Thank you for writing.', ?, 't', 't')`,
      )
      .run(id, messageId, status);

  it('upgrades a version-3 vault: the new columns exist, and closed messages get a closing time', () => {
    expect(migrate(db, UP_TO_4)).toEqual({ from: 3, to: 4 });
    const rows = db.prepare('SELECT id, first_response_at, closed_at FROM messages ORDER BY id').all() as {
      id: string;
      first_response_at: string | null;
      closed_at: string | null;
    }[];
    expect(rows[0]).toEqual({ id: 'm-closed', first_response_at: null, closed_at: expect.any(String) });
    expect(Number.isNaN(Date.parse(rows[0]?.closed_at ?? ''))).toBe(false);
    expect(rows[1]).toEqual({ id: 'm-open', first_response_at: null, closed_at: null });
  });

  it('allows one unsent reply per message, any number of sent ones', () => {
    migrate(db, UP_TO_4);
    reply('r1', 'm-open', 'draft');
    expect(() => reply('r2', 'm-open', 'outbox')).toThrow(/UNIQUE/);
    db.prepare("UPDATE replies SET status = 'sent' WHERE id = 'r1'").run();
    reply('r2', 'm-open', 'draft');
    db.prepare("UPDATE replies SET status = 'sent' WHERE id = 'r2'").run();
    reply('r3', 'm-open', 'awaiting_review');
    expect(db.prepare('SELECT count(*) FROM replies').pluck().get()).toBe(3);
  });

  it('checks status and checklist values', () => {
    migrate(db, UP_TO_4);
    reply('r1', 'm-open', 'draft');
    expect(() => reply('r2', 'm-closed', 'posted')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE replies SET checklist = '{not json'").run()).toThrow(/CHECK/);
    db.prepare(`UPDATE replies SET checklist = '{"safety_plan":true}'`).run();
  });

  it('removes replies with their message (and so with an erased client)', () => {
    migrate(db, UP_TO_4);
    reply('r1', 'm-open', 'draft');
    reply('r2', 'm-closed', 'sent');
    db.prepare('DELETE FROM clients').run();
    expect(db.prepare('SELECT count(*) FROM replies').pluck().get()).toBe(0);
  });
});
