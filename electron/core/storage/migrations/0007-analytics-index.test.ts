import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { MIGRATIONS, migrate } from '../migrate.node.ts';
import { migration0007 } from './0007-analytics-index.node.ts';

describe('migration 0007: analytics index', () => {
  let folder: string;
  let db: VaultDatabase;
  const before = MIGRATIONS.filter((migration) => migration.version < 7);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0007-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, before);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is registered as version 7 and upgrades a version-6 vault', () => {
    expect(MIGRATIONS.find((migration) => migration.version === 7)).toBe(migration0007);
    expect(migrate(db, [...before, migration0007])).toEqual({ from: 6, to: 7 });
  });

  it('answers a period of arrivals from the index alone, without reading message rows', () => {
    migrate(db, [...before, migration0007]);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN
         SELECT id, received_at, tier, channel, due_at, first_response_at, closed_at
         FROM messages WHERE received_at >= ? AND received_at < ?`,
      )
      .all('2026-01-01', '2026-02-01') as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/COVERING INDEX messages_by_received/);
  });
});
