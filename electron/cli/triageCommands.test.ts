import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codePointOffsets } from './jsonLines.node.ts';
import { runOutpost } from './testing/runOutpost.node.ts';

function jsonl(name: string, lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'outpost-triage-')), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('outpost triage', () => {
  it('writes one result line per input line, in order, and carries on past bad lines', async () => {
    const file = jsonl('in.jsonl', [
      JSON.stringify({ id: 'a', text: '😭 I took 30 paracetamol tonight', channel: 'sms' }),
      'not json',
      '',
      JSON.stringify({ id: 7 }),
      JSON.stringify({ id: 'b', text: 'ok thanks 👍' }),
    ]);
    const { code, stdout } = await runOutpost('triage', file);
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    const first = lines[0] as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([
      'id',
      'tier',
      'score',
      'categories',
      'service_level',
      'cssrs_level',
      'evidence',
      'rules_version',
    ]);
    expect(first).toMatchObject({ id: 'a', tier: 'crisis', cssrs_level: 'behaviour' });
    // Offsets count code points, so the emoji before the span counts once.
    const source = [...'😭 I took 30 paracetamol tonight'];
    for (const item of first.evidence as { start: number; end: number; text: string }[]) {
      expect(source.slice(item.start, item.end).join('')).toBe(item.text);
    }
    expect(lines[1]).toEqual({ error: 'Line 2 is not valid JSON.' });
    expect(lines[2]).toEqual({ error: 'Line 3 is empty.' });
    expect(lines[3]).toMatchObject({ id: 7, error: expect.any(String) });
    expect(lines[4]).toMatchObject({ id: 'b', tier: 'none' });
  });

  it('exits non-zero only when the file cannot be read', async () => {
    const { code, stdout } = await runOutpost('triage', join(tmpdir(), 'no-such-file.jsonl'));
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
  });

  it('evaluates labelled lines and lists the misses', async () => {
    const file = jsonl('labelled.jsonl', [
      JSON.stringify({ id: 'x1', text: 'I have 40 paracetamol lined up for tonight', tier: 'crisis' }),
      JSON.stringify({
        id: 'x2',
        text: 'this job search is killing me',
        tier: 'priority',
        hard_negative: true,
      }),
      JSON.stringify({ id: 'x3', text: 'Could I book an appointment?', tier: 'urgent' }),
      JSON.stringify({ id: 'x4', text: 'no tier here' }),
    ]);
    const { code, stdout } = await runOutpost('triage-eval', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Crisis recall\s+1\.000/);
    expect(stdout).toMatch(/x3: labelled urgent, predicted routine \(UNDER-TRIAGE\)/);
    expect(stdout).toMatch(/Skipped 1 unreadable lines/);
    expect(stdout).toMatch(/Confusion matrix/);
  });
});

describe('code point offsets', () => {
  it('count surrogate pairs once', () => {
    const text = 'a😭b';
    const offset = codePointOffsets(text);
    expect([offset(0), offset(1), offset(3), offset(4)]).toEqual([0, 1, 2, 3]);
  });
});

describe('outpost import and queue', () => {
  it('imports files into a vault, exits 2 when a file is refused, and prints the queue as JSON lines', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-import-'));
    const passphrase = join(folder, 'pass');
    writeFileSync(passphrase, 'copper lantern orbit mellow quiz\n');
    const vault = join(folder, 'vault');
    expect(
      (await runOutpost('vault', 'create', '--vault', vault, '--passphrase-file', passphrase)).code,
    ).toBe(0);
    const messages = jsonl('in.jsonl', [
      JSON.stringify({
        id: 'q-1',
        text: 'Where can I find apprenticeships?',
        channel: 'email',
        from: 'a@b.c',
      }),
      JSON.stringify({
        id: 'q-2',
        text: 'I have the pills ready for tonight',
        channel: 'sms',
        from: '+447700900123',
      }),
    ]);
    const unsupported = jsonl('notes.pdf', ['%PDF-1.4']);
    const imported = await runOutpost(
      'import',
      '--vault',
      vault,
      '--passphrase-file',
      passphrase,
      messages,
      unsupported,
    );
    expect(imported.code).toBe(2);
    expect(imported.stdout).toMatch(/in\.jsonl: 2 imported, 0 already here, 0 rejected \(1 CRISIS/);
    expect(imported.stdout).toMatch(/notes\.pdf: not imported/);
    const queue = await runOutpost(
      'queue',
      '--vault',
      vault,
      '--passphrase-file',
      passphrase,
      '--limit',
      '5',
    );
    expect(queue.code).toBe(0);
    const lines = queue.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id)).toEqual(['q-2', 'q-1']);
    expect(Object.keys(lines[0] ?? {})).toEqual([
      'id',
      'tier',
      'due_at',
      'status',
      'client',
      'channel',
      'preview',
    ]);
    expect(lines[0]).toMatchObject({ tier: 'crisis', status: 'new', channel: 'sms' });
  }, 60_000);
});
