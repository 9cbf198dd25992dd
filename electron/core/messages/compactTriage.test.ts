import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import type { TriageResult } from '../../../shared/triage/triageEngine.std.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { compactTriageJson, readTriageJson } from './compactTriage.node.ts';
import { createMessageService } from './messageService.node.ts';
import { queuePreviews } from './queuePreview.node.ts';

const TEXTS = [
  "I'm not suicidal, I just can't sleep. But I've got 40 paracetamol saved for tonight and nobody would miss me.",
  'Used to self-harm years ago, not any more. Lol this exam is killing me 😭 could I book a CV appointment?',
  'Thanks, that helped a lot!',
  'Is the library open on Saturday?',
];

function spanTexts(result: TriageResult): (string | undefined)[] {
  return [
    ...result.evidence.map((item) => item.text),
    ...result.set_aside.flatMap((item) => [item.text, item.because?.text]),
    ...result.protective_factors.map((item) => item.text),
  ];
}

describe('triage results stored compact', () => {
  let folder: string;
  let db: VaultDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-compact-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores spans without their text and reads back exactly what the engine returned', async () => {
    const file = join(folder, 'm.jsonl');
    writeFileSync(file, TEXTS.map((text, i) => JSON.stringify({ id: `c-${i}`, text })).join('\n'));
    const service = createMessageService();
    const [report] = await service.importFiles(db, [file]);
    expect(report?.imported).toBe(TEXTS.length);
    const engine = defaultTriageEngine();
    const rows = db
      .prepare('SELECT m.id, m.body, t.result FROM messages m JOIN message_triage t ON t.message_id = m.id')
      .all() as { id: string; body: string; result: string }[];
    expect(rows).toHaveLength(TEXTS.length);
    let spans = 0;
    for (const row of rows) {
      const expected = engine.triage(row.body);
      spans += spanTexts(expected).filter((text) => text !== undefined).length;
      // Stored as short arrays without any span text, and smaller than the full result...
      const stored = JSON.parse(row.result) as Record<string, unknown[][]>;
      for (const key of ['evidence', 'set_aside', 'protective_factors'])
        for (const item of stored[key] ?? []) expect(item.length).toBe(key === 'set_aside' ? 6 : 4);
      expect(Object.keys(stored)).toEqual(Object.keys(expected));
      expect(row.result.length).toBeLessThan(JSON.stringify(expected).length + 1);
      // ...and read back byte for byte, key order included.
      const { history } = service.get(db, row.id);
      expect(JSON.stringify(history.at(-1)?.result)).toBe(JSON.stringify(expected));
    }
    expect(spans).toBeGreaterThan(5);
    // The queue preview still finds the evidence offsets in the stored JSON.
    const previews = queuePreviews(
      db,
      rows.map((row) => row.id),
    );
    const crisis = rows.find((row) => row.body.includes('paracetamol'));
    expect(previews.get(crisis?.id ?? '')?.marks.length).toBeGreaterThan(0);
  });

  it('still reads results stored in full, and keeps a span text the body cannot give back', async () => {
    const file = join(folder, 'm.jsonl');
    writeFileSync(file, JSON.stringify({ id: 'c-0', text: TEXTS[0] }));
    const service = createMessageService();
    await service.importFiles(db, [file]);
    const { id, body } = db.prepare('SELECT id, body FROM messages').get() as { id: string; body: string };
    const full = defaultTriageEngine().triage(body);
    // A row written before compact storage: the whole result as JSON.
    db.prepare('UPDATE message_triage SET result = ? WHERE message_id = ?').run(JSON.stringify(full), id);
    expect(JSON.stringify(service.get(db, id).history.at(-1)?.result)).toBe(JSON.stringify(full));

    const odd: TriageResult = {
      ...full,
      evidence: [{ start: 0, end: 3, text: 'not the body', signal: 'learned_risk', rule: 'MODEL.x' }],
    };
    const stored = compactTriageJson(body, odd);
    expect(JSON.stringify(readTriageJson(body, stored))).toBe(JSON.stringify(odd));
    expect((JSON.parse(stored) as { evidence: unknown[][] }).evidence[0]).toEqual([
      0,
      3,
      'learned_risk',
      'MODEL.x',
      'not the body',
    ]);
  });
});
