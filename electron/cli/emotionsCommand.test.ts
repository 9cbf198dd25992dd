import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOutpost } from './testing/runOutpost.node.ts';

describe('outpost emotions', () => {
  it('answers each line in order with exactly the documented keys, and carries on past bad lines', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outpost-emotions-')), 'in.jsonl');
    const huge = 'I am so worried about the move 😟 but hopeful. '.repeat(4_000);
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', text: 'Thank you so much, this really helped' }),
        '{"id": "broken", "text": ',
        JSON.stringify({ id: 2, text: "I'm so scared about tomorrow's interview", extra: true }),
        JSON.stringify({ id: 'no-text' }),
        JSON.stringify({ id: 'big', text: huge }),
      ].join('\n'),
    );
    const { code, stdout } = await runOutpost('emotions', file);
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(Object.keys(lines[0] ?? {})).toEqual(['id', 'labels', 'scores', 'ekman', 'sentiment']);
    expect(lines[0]).toMatchObject({ id: 'a', labels: ['gratitude'], sentiment: 'positive' });
    expect(lines[1]).toEqual({ error: 'Line 2 is not valid JSON.' });
    expect(lines[2]).toMatchObject({ id: 2, sentiment: 'negative' });
    expect(lines[2]?.['labels']).toContain('fear');
    expect(lines[3]).toMatchObject({ id: 'no-text', error: expect.any(String) });
    expect(lines[4]).toMatchObject({ id: 'big' });
    expect(Object.keys((lines[0]?.['scores'] ?? {}) as object)).toHaveLength(28);
  });
});
