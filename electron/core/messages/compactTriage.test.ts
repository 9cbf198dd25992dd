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
      // Stored packed into numbers without any span text...
      const stored = JSON.parse(row.result) as Record<
        string,
        { names: string[]; spans: number[]; texts?: unknown }
      >;
      for (const [key, stride, items] of [
        ['evidence', 4, expected.evidence],
        ['set_aside', 9, expected.set_aside],
        ['protective_factors', 4, expected.protective_factors],
      ] as const) {
        expect(stored[key]?.spans).toHaveLength(stride * items.length);
        expect(stored[key]?.texts).toBeUndefined();
      }
      expect(Object.keys(stored)).toEqual(Object.keys(expected));
      // Each span is a few numbers: the evidence takes under half its size as objects.
      if (expected.evidence.length > 3)
        expect(JSON.stringify(stored.evidence).length).toBeLessThan(
          JSON.stringify(expected.evidence).length / 2,
        );
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

  it('keeps the whole result for a body with a lone surrogate, and packs one with whole emoji', () => {
    const engine = defaultTriageEngine();
    const broken = 'I have the tablets ready for tonight \ud83d sorry';
    const brokenResult = engine.triage(broken);
    expect(compactTriageJson(broken, brokenResult)).toBe(JSON.stringify(brokenResult));
    expect(readTriageJson(broken, compactTriageJson(broken, brokenResult))).toEqual(brokenResult);

    const whole = 'I have the tablets ready for tonight 😭 sorry';
    const wholeResult = engine.triage(whole);
    const packed = JSON.parse(compactTriageJson(whole, wholeResult)) as { evidence: { spans?: number[] } };
    expect(packed.evidence.spans?.length).toBeGreaterThan(0);
    expect(readTriageJson(whole, compactTriageJson(whole, wholeResult))).toEqual(wholeResult);
  });

  it('still reads results stored in the two earlier forms, and keeps a span text the body cannot give back', async () => {
    const file = join(folder, 'm.jsonl');
    writeFileSync(file, JSON.stringify({ id: 'c-0', text: TEXTS[0] }));
    const service = createMessageService();
    await service.importFiles(db, [file]);
    const { id, body } = db.prepare('SELECT id, body FROM messages').get() as { id: string; body: string };
    const full = defaultTriageEngine().triage(body);
    // A row written before compact storage: the whole result as JSON.
    db.prepare('UPDATE message_triage SET result = ? WHERE message_id = ?').run(JSON.stringify(full), id);
    expect(JSON.stringify(service.get(db, id).history.at(-1)?.result)).toBe(JSON.stringify(full));
    expect(queuePreviews(db, [id]).get(id)?.marks.length).toBeGreaterThan(0);

    // A row written on 2026-11-23: each span a short array, its text left out.
    const asArrays = (item: { start: number; end: number; signal: string; rule: string }) => [
      item.start,
      item.end,
      item.signal,
      item.rule,
    ];
    db.prepare('UPDATE message_triage SET result = ? WHERE message_id = ?').run(
      JSON.stringify({
        ...full,
        evidence: full.evidence.map(asArrays),
        set_aside: full.set_aside.map((item) => [
          ...asArrays(item),
          item.reason,
          item.because === null ? null : asArrays(item.because),
        ]),
        protective_factors: full.protective_factors.map(asArrays),
      }),
      id,
    );
    expect(full.set_aside.length).toBeGreaterThan(0);
    expect(JSON.stringify(service.get(db, id).history.at(-1)?.result)).toBe(JSON.stringify(full));
    expect(queuePreviews(db, [id]).get(id)?.marks.length).toBeGreaterThan(0);

    const odd: TriageResult = {
      ...full,
      evidence: [{ start: 0, end: 3, text: 'not the body', signal: 'learned_risk', rule: 'MODEL.x' }],
    };
    const stored = compactTriageJson(body, odd);
    expect(JSON.stringify(readTriageJson(body, stored))).toBe(JSON.stringify(odd));
    expect((JSON.parse(stored) as { evidence: unknown }).evidence).toEqual({
      names: ['learned_risk', 'MODEL.x'],
      spans: [0, 3, 0, 1],
      texts: { '0': 'not the body' },
    });
    // A set-aside span and its because keep their own texts when the body cannot give them.
    const aside = full.set_aside[0];
    if (aside === undefined) throw new Error('The first text has a set-aside span.');
    const oddAside: TriageResult = {
      ...full,
      set_aside: [
        {
          ...aside,
          text: 'elsewhere',
          because: { start: 0, end: 3, text: 'also elsewhere', signal: 'negation', rule: 'X' },
        },
        { ...aside, because: null },
      ],
    };
    expect(JSON.stringify(readTriageJson(body, compactTriageJson(body, oddAside)))).toBe(
      JSON.stringify(oddAside),
    );
  });
});
