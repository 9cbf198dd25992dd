import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from './exitCodes.node.ts';
import { runOutpost } from './testing/runOutpost.node.ts';
import { defaultDataDir } from './outpost.node.ts';
import { readSecret } from './secrets.node.ts';

const BIN = new URL('./bin.node.ts', import.meta.url).pathname;

const outpost = runOutpost;

describe('outpost command line', () => {
  it('lists its commands and exit codes', async () => {
    const { code, stdout } = await outpost('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/info/);
    expect(stdout).toMatch(/bench/);
    expect(stdout).toMatch(/3 unexpected failure/);
  });

  it('exits 1 with usage on an unknown command or option', async () => {
    expect((await outpost('frobnicate')).code).toBe(1);
    const badOption = await outpost('info', '--passphrase', 'hunter2');
    expect(badOption.code).toBe(1);
    expect(badOption.stderr).not.toContain('hunter2');
  });

  it('reports info from the real core as JSON', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outpost-cli-'));
    const { code, stdout } = await outpost('--vault', join(dataDir, 'vault'), 'info', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      name: 'Outpost',
      vaultState: 'absent',
      platform: process.platform,
    });
  });

  it('prints measured benchmarks as one JSON object per line', async () => {
    const { code, stdout } = await outpost('bench', '--json', '--only', 'rpc');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const names = lines.map((line) => line.name);
    expect(names).toEqual(['rpc.dispatch.in_process', 'rpc.dispatch.worker_roundtrip']);
    const roundtrip = lines[1] as { value: number; baseline: number; ratio: number; unit: string };
    expect(roundtrip.unit).toBe('us/op');
    expect(roundtrip.value).toBeGreaterThan(0);
    expect(roundtrip.ratio).toBeCloseTo(roundtrip.value / roundtrip.baseline, 1);
  }, 120_000);

  it('fuzzes every message importer in a soak, one report line each', async () => {
    const { code, stdout } = await outpost('messages', 'soak', '--cases', '25', '--json');
    expect(code).toBe(0);
    const reports = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { importer: string; cases: number });
    expect(reports.map((report) => report.importer)).toEqual(['eml', 'mbox', 'csv', 'jsonl', 'json']);
    expect(reports.every((report) => report.cases === 5)).toBe(true);
    expect((await outpost('messages')).code).toBe(1);
  }, 60_000);

  it('exits 1 when no benchmark matches', async () => {
    expect((await outpost('bench', '--only', 'nothing.here')).code).toBe(1);
  });
});

describe('reading secrets', () => {
  it('reads a passphrase file without its trailing newline', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outpost-secret-')), 'pass');
    writeFileSync(file, 'correct horse battery staple\n');
    await expect(readSecret(file)).resolves.toBe('correct horse battery staple');
  });

  it('reads standard input for "-" and keeps inner whitespace', async () => {
    await expect(readSecret('-', Readable.from(['  two  words \r\n']))).resolves.toBe('  two  words ');
  });

  it('refuses an empty secret', async () => {
    await expect(readSecret('-', Readable.from(['\n']))).rejects.toBeInstanceOf(UsageError);
  });
});

describe('default data folder', () => {
  it('matches where Electron keeps the app data on each platform', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/home/c/.config' })).toBe('/home/c/.config/Outpost');
    expect(defaultDataDir('win32', { APPDATA: 'C:/Users/c/AppData/Roaming' })).toMatch(/Roaming.Outpost$/);
    expect(defaultDataDir('darwin', {})).toMatch(/Library.Application Support.Outpost$/);
    expect(defaultDataDir('linux', { OUTPOST_DATA_DIR: '/srv/outpost' })).toBe('/srv/outpost');
  });
});

describe('vault commands', () => {
  const passphrase = 'copper lantern orbit mellow quiz';

  function profile() {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-cli-vault-'));
    const passFile = join(dir, 'pass');
    writeFileSync(passFile, `${passphrase}\n`);
    const wrongFile = join(dir, 'wrong');
    writeFileSync(wrongFile, 'definitely not the passphrase\n');
    return { dir, vault: join(dir, 'vault'), passFile, wrongFile };
  }

  it('creates a vault, prints the recovery key once, and checks passphrases with exit codes 0 and 2', async () => {
    const { vault, passFile, wrongFile } = profile();
    const created = await outpost('vault', 'create', '--vault', vault, '--passphrase-file', passFile);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/([0-9A-Z]{4}-){7}[0-9A-Z]{4}/);
    expect(created.stdout).not.toContain(passphrase);

    expect((await outpost('vault', 'check', '--vault', vault, '--passphrase-file', passFile)).code).toBe(0);
    const wrong = await outpost('vault', 'check', '--vault', vault, '--passphrase-file', wrongFile);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/wrong passphrase/i);
    expect(wrong.stderr).not.toContain('definitely not');

    const again = await outpost('vault', 'create', '--vault', vault, '--passphrase-file', passFile);
    expect(again.code).toBe(2);
  }, 60_000);

  it('refuses a weak passphrase with exit 2 and a missing passphrase file with exit 1', async () => {
    const { dir, vault } = profile();
    const weak = join(dir, 'weak');
    writeFileSync(weak, 'password1\n');
    const refused = await outpost('vault', 'create', '--vault', vault, '--passphrase-file', weak);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/weak passphrase/i);
    expect((await outpost('vault', 'create', '--vault', vault)).code).toBe(1);
  });

  it('backs up to a chosen file and verifies the backup without the vault', async () => {
    const { dir, vault, passFile, wrongFile } = profile();
    await outpost('vault', 'create', '--vault', vault, '--passphrase-file', passFile);
    const out = join(dir, 'monday.outpost-backup');
    const backup = await outpost(
      'vault',
      'backup',
      '--vault',
      vault,
      '--passphrase-file',
      passFile,
      '--out',
      out,
    );
    expect(backup.code).toBe(0);
    const verified = await outpost(
      'vault',
      'verify-backup',
      '--backup',
      out,
      '--passphrase-file',
      passFile,
      '--json',
    );
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    expect(
      (await outpost('vault', 'verify-backup', '--backup', out, '--passphrase-file', wrongFile)).code,
    ).toBe(2);
  }, 60_000);

  it('verifies the audit chain and fills a demo vault, but never a practice vault', async () => {
    const { dir, vault, passFile } = profile();
    const demo = await outpost('demo', '--vault', vault, '--passphrase-file', passFile, '--json');
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ days: 60 });
    expect(JSON.parse(demo.stdout).auditEntries).toBeGreaterThan(50);
    const audit = await outpost('audit', 'verify', '--vault', vault, '--passphrase-file', passFile);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/intact/);

    const practice = join(dir, 'practice');
    await outpost('vault', 'create', '--vault', practice, '--passphrase-file', passFile);
    const refused = await outpost('demo', '--vault', practice, '--passphrase-file', passFile);
    expect(refused.code).toBe(2);
  }, 60_000);

  it('reads the passphrase from standard input with "-"', async () => {
    const { vault, passFile } = profile();
    await outpost('vault', 'create', '--vault', vault, '--passphrase-file', passFile);
    const child = execFile(process.execPath, [
      BIN,
      'vault',
      'check',
      '--vault',
      vault,
      '--passphrase-file',
      '-',
    ]);
    child.stdin?.end(`${passphrase}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  }, 60_000);
});
