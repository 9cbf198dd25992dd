import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import defaultRules from '../../../shared/triage/rules/triage-rules.json' with { type: 'json' };
import { DEFAULT_RESPONSE_TARGETS } from '../../../shared/domain/responseTargets.std.ts';
import { createTriageEngine } from '../../../shared/triage/triageEngine.std.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { createMessageService } from './messageService.node.ts';
import { triageHistory } from './messageStore.node.ts';

describe('re-triage after a rules update', () => {
  let folder: string;
  let db: VaultDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-retriage-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('catches up in steps, only on messages the new rules have not seen, keeping every earlier result', async () => {
    const file = join(folder, 'm.jsonl');
    const texts = [
      'Could I book a CV appointment next month?',
      'I have 40 paracetamol saved for tonight.',
      'Is the library open on Saturday?',
      'Thanks, that helped a lot!',
      'My manager keeps shouting at me and I dread going in.',
    ];
    writeFileSync(file, texts.map((text, i) => JSON.stringify({ id: `r-${i}`, text })).join('\n'));
    const before = createMessageService({
      engine: createTriageEngine({ ...defaultRules, version: 'old-rules' }),
    });
    await before.importFiles(db, [file]);

    const after = createMessageService({
      engine: createTriageEngine({ ...defaultRules, version: 'new-rules' }),
    });
    const first = after.retriageOutdated(db, DEFAULT_RESPONSE_TARGETS, 2);
    expect(first).toMatchObject({ retriaged: 2, remaining: true });
    const second = after.retriageOutdated(db, DEFAULT_RESPONSE_TARGETS, 2);
    expect(second).toMatchObject({ retriaged: 2, remaining: true });
    const third = after.retriageOutdated(db, DEFAULT_RESPONSE_TARGETS, 2);
    expect(third).toMatchObject({ retriaged: 1, remaining: false });
    expect(after.retriageOutdated(db, DEFAULT_RESPONSE_TARGETS, 2)).toMatchObject({
      retriaged: 0,
      remaining: false,
    });

    const ids = db.prepare('SELECT id FROM messages').pluck().all() as string[];
    for (const id of ids)
      expect(triageHistory(db, id).map((entry) => entry.rules_version)).toEqual(['old-rules', 'new-rules']);
    const audits = db
      .prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'message.retriaged'")
      .pluck()
      .get() as number;
    expect(audits).toBe(3);
  });
});
