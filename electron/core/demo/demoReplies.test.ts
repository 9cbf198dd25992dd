import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSafetyChecklistComplete } from '../../../shared/domain/safetyChecklist.std.ts';
import { messageNeedsSafetyChecklist } from '../replies/replyService.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { writeVaultMeta } from '../vault/vaultMeta.node.ts';
import { generateDemoData } from './demoData.node.ts';

describe('demo data: replies and response times', () => {
  let folder: string;
  let db: VaultDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-demo-replies-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db);
    writeVaultMeta(db, { created_at: new Date().toISOString(), created_by_version: 'test', purpose: 'demo' });
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives answered messages a sent reply and a first response time, closed ones a closing time, and leaves drafts and outbox items', () => {
    generateDemoData(db, { clients: 30, messages: 400, notes: 0, days: 60 });
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const answered = "status IN ('replied', 'awaiting_client')";
    expect(count(`SELECT count(*) FROM messages WHERE ${answered}`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM messages WHERE ${answered} AND first_response_at IS NULL`)).toBe(0);
    expect(
      count(
        `SELECT count(*) FROM messages m WHERE ${answered}
         AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.message_id = m.id AND r.status = 'sent')`,
      ),
    ).toBe(0);
    expect(count("SELECT count(*) FROM messages WHERE status = 'closed'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM messages WHERE status = 'closed' AND closed_at IS NULL")).toBe(0);
    expect(count("SELECT count(*) FROM messages WHERE status <> 'closed' AND closed_at IS NOT NULL")).toBe(0);
    expect(count('SELECT count(*) FROM messages WHERE first_response_at < received_at')).toBe(0);
    expect(count('SELECT count(*) FROM messages WHERE closed_at < received_at')).toBe(0);
    expect(count("SELECT count(*) FROM replies WHERE status = 'draft'")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM replies WHERE status = 'outbox'")).toBeGreaterThan(0);

    // Every reply that left draft to a risk message carries the complete checklist.
    const ready = db
      .prepare("SELECT message_id, checklist FROM replies WHERE status IN ('outbox', 'sent')")
      .all() as { message_id: string; checklist: string | null }[];
    for (const reply of ready) {
      if (messageNeedsSafetyChecklist(db, reply.message_id)) {
        expect(isSafetyChecklistComplete(reply.checklist === null ? null : JSON.parse(reply.checklist))).toBe(
          true,
        );
      }
    }
  });
});
