import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { MIGRATIONS, migrate } from '../migrate.node.ts';
import { queueCounts } from '../../messages/messageStore.node.ts';
import { migration0008 } from './0008-queue-indexes.node.ts';

describe('migration 0008: queue indexes', () => {
  let folder: string;
  let db: VaultDatabase;
  const before = MIGRATIONS.filter((migration) => migration.version < 8);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0008-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, before);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is registered as version 8 and upgrades a version-7 vault', () => {
    expect(MIGRATIONS.find((migration) => migration.version === 8)).toBe(migration0008);
    expect(migrate(db, [...before, migration0008])).toEqual({ from: 7, to: 8 });
  });

  it('counts the open queue by tier from the index alone, under any filter', () => {
    migrate(db, [...before, migration0008]);
    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    const counting = `SELECT m.tier, COUNT(*) AS count,
        SUM(m.due_at <= ? AND m.status IN ('new', 'claimed')) AS overdue
      FROM messages m WHERE m.status <> 'closed' AND m.channel IN ('sms') AND m.assignee = ? GROUP BY m.tier`;
    expect(plan(counting, '2026-01-01', 'Robin')).toMatch(/COVERING INDEX messages_open_counts/);
    expect(queueCounts(db, { channels: ['sms'] }, '2026-01-01T00:00:00.000Z')).toMatchObject({ total: 0 });
  });

  it('wakes snoozed messages and ages overdue ones without reading message rows to find them', () => {
    migrate(db, [...before, migration0008]);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2026-01-01') as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    expect(
      plan("UPDATE messages SET status = 'new' WHERE status = 'snoozed' AND snoozed_until <= ?"),
    ).toMatch(/INDEX messages_snoozed/);
    expect(
      plan(
        `UPDATE messages SET queue_rank = queue_rank + 1 WHERE status IN ('new', 'claimed') AND due_at <= ?
         AND queue_rank = CASE tier WHEN 'urgent' THEN 3 ELSE 0 END AND tier NOT IN ('none', 'crisis')`,
      ),
    ).toMatch(/INDEX messages_overdue/);
  });
});
