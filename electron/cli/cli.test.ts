import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from './exitCodes.node.ts';
import { defaultDataDir } from './outpost.node.ts';
import { readSecret } from './secrets.node.ts';

const BIN = new URL('./bin.node.ts', import.meta.url).pathname;

async function outpost(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

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
