/**
 * A full disk, for real: a child process under `ulimit -f` (writes past the limit fail
 * with EFBIG) and, where this machine allows mounting, a small tmpfs (ENOSPC). The app
 * must answer DISK_FULL in plain words, never crash, and keep every committed write.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../shared/rpc/errors.std.ts';
import type { ChildLine, ChildPlan } from './testing/diskFullChild.node.ts';
import {
  codeOf,
  freeBytes,
  mountTmpfs,
  openCore,
  PASSPHRASE,
  remountTmpfs,
  removeTree,
  tempRoot,
  unmount,
  walkFiles,
} from './testing/hostileKit.node.ts';

const CHILD = new URL('./testing/diskFullChild.node.ts', import.meta.url).pathname;
const NEW_PASSPHRASE = 'violet harbor seven tundra kettle';
const DISK_FULL_MESSAGES = ['The disk is full; the change was not saved.', describeError('DISK_FULL')];

interface ChildRun {
  lines: ChildLine[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

let root: string;
let tmpfsRefusal: string | null = null;
const mounted = new Set<string>();

function runChild(
  plan: ChildPlan,
  options: { fileLimitBlocks?: number; passphrase?: string } = {},
): Promise<ChildRun> {
  const args = [CHILD, JSON.stringify(plan)];
  const child =
    options.fileLimitBlocks === undefined
      ? spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(
          'bash',
          [
            '-c',
            'ulimit -f "$1" || exit 90; shift; exec "$@"',
            'bash',
            String(options.fileLimitBlocks),
            process.execPath,
            ...args,
          ],
          { stdio: ['pipe', 'pipe', 'pipe'] },
        );
  child.stdin.end(`${options.passphrase ?? PASSPHRASE}\n`);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => {
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as ChildLine);
      resolve({ lines, exitCode, signal, stderr });
    });
  });
}

function steps(run: ChildRun, step: string): ChildLine[] {
  return run.lines.filter((line) => line.step === step);
}

function only(run: ChildRun, step: string): ChildLine {
  const found = steps(run, step);
  expect(found, `one "${step}" line; child said: ${JSON.stringify(run.lines)} ${run.stderr}`).toHaveLength(1);
  return found[0]!;
}

/** The child ran to its end: no crash, no signal, every step reported. */
function expectSurvived(run: ChildRun): void {
  expect(run.signal, `child killed by a signal; stderr: ${run.stderr}`).toBeNull();
  expect(run.exitCode, `child exited abnormally; stderr: ${run.stderr}`).toBe(0);
  expect(steps(run, 'done'), `child did not finish; stderr: ${run.stderr}`).toHaveLength(1);
}

function expectPlainDiskFull(line: ChildLine): void {
  expect(line.code).toBe('DISK_FULL');
  expect(DISK_FULL_MESSAGES).toContain(line.message);
}

/** A fresh vault made by the parent and left locked (key file + vault.db only). */
async function makeVault(vaultDir: string): Promise<void> {
  const core = openCore(vaultDir);
  try {
    await core.ok('vault.create', { passphrase: PASSPHRASE });
    await core.ok('vault.updateSettings', { autoLockMinutes: 7 });
    await core.ok('vault.lock', { reason: 'manual' });
  } finally {
    await core.stop();
  }
  expect(readdirSync(vaultDir).sort()).toEqual(['keyring.json', 'vault.db']);
}

/** After the disk was full: everything the child was told was saved is there, and nothing else. */
async function expectIntactAfterFill(vaultDir: string, run: ChildRun): Promise<void> {
  const writes = steps(run, 'write');
  const saved = writes.filter((line) => line.code === 'ok').map((line) => line.i as number);
  const core = openCore(vaultDir);
  try {
    await core.ok('vault.unlock', { passphrase: PASSPHRASE });
    const settings = await core.ok<{ backupFolder: string; autoLockMinutes: number }>('vault.getSettings');
    expect(settings.autoLockMinutes).toBe(7);
    expect(settings.backupFolder.split('/')[2]).toBe(String(saved.at(-1)));
    expect(await core.ok('audit.verify')).toMatchObject({ ok: true, firstBroken: null });
    expect(await core.ok('vault.checkIntegrity')).toEqual({ ok: true, problems: [] });
    const { entries } = await core.ok<{ entries: { action: string }[] }>('audit.list', {
      limit: 500,
      filter: { actions: ['vault.settings_changed'] },
    });
    // One for the parent's autoLockMinutes, one per acknowledged write; refused writes left none.
    expect(entries).toHaveLength(1 + saved.length);
    await core.ok('vault.lock', { reason: 'manual' });
  } finally {
    await core.stop();
  }
}

function tmpfsAt(name: string, size: string): string {
  const dir = join(root, name);
  const mount = mountTmpfs(dir, size);
  if (!mount.ok) throw new Error(mount.reason);
  mounted.add(dir);
  return dir;
}

function release(dir: string): void {
  if (mounted.delete(dir)) unmount(dir);
}

/** Fills the filesystem at dir until only about `leaveBytes` are free. */
function fillLeaving(dir: string, leaveBytes: number): void {
  const free = freeBytes(dir);
  if (free > leaveBytes) writeFileSync(join(dir, 'filler'), Buffer.alloc(free - leaveBytes));
}

beforeAll(() => {
  root = tempRoot('disk-full');
  const probe = mountTmpfs(join(root, 'probe-mount'), '64k');
  if (probe.ok) unmount(join(root, 'probe-mount'));
  else tmpfsRefusal = probe.reason;
});

afterAll(() => {
  for (const dir of mounted) unmount(dir);
  removeTree(root);
});

describe.skipIf(process.platform === 'win32')('a file-size limit (ulimit -f): writes fail with EFBIG', () => {
  it('answers DISK_FULL in plain words, never crashes, and keeps every committed write', async () => {
    const vaultDir = join(root, 'ulimit-fill', 'vault');
    await makeVault(vaultDir);
    const run = await runChild(
      {
        vaultDir,
        mode: 'fill',
        valueBytes: 3000,
        probeFile: join(root, 'ulimit-fill', 'probe'),
        probeBytes: 512 * 1024,
      },
      { fileLimitBlocks: 256 },
    );
    expectSurvived(run);
    expect(only(run, 'probe'), 'the limit must bite as EFBIG without killing node').toEqual({
      step: 'probe',
      code: 'EFBIG',
      bytes: 256 * 1024,
    });
    expect(only(run, 'unlock').code).toBe('ok');

    const writes = steps(run, 'write');
    const firstRefusal = writes.findIndex((line) => line.code !== 'ok');
    expect(firstRefusal, 'the limit was never reached').toBeGreaterThan(0);
    for (const line of writes.slice(firstRefusal)) expectPlainDiskFull(line);

    // Reading still works with the disk full, and the chain holds.
    expect(only(run, 'read')).toMatchObject({ code: 'ok', index: firstRefusal - 1 });
    expect(only(run, 'verify').code).toBe('ok');
    expect(only(run, 'lock').code).toBe('ok');
    if (process.platform === 'linux') expect(only(run, 'handles').open).toEqual([]);

    await expectIntactAfterFill(vaultDir, run);
  }, 120_000);

  it('a passphrase change refused for a full disk leaves the old passphrase working', async () => {
    const vaultDir = join(root, 'ulimit-passphrase', 'vault');
    await makeVault(vaultDir);
    const run = await runChild(
      { vaultDir, mode: 'fill', valueBytes: 3000, newPassphrase: NEW_PASSPHRASE },
      { fileLimitBlocks: 256 },
    );
    expectSurvived(run);
    const change = only(run, 'changePassphrase');

    expect(['ok', 'DISK_FULL']).toContain(change.code);

    const core = openCore(vaultDir);
    try {
      const [promised, other] =
        change.code === 'ok' ? [NEW_PASSPHRASE, PASSPHRASE] : [PASSPHRASE, NEW_PASSPHRASE];
      const unlocked = codeOf(await core.call('vault.unlock', { passphrase: promised }));
      const otherOne =
        unlocked === 'ok' ? 'not tried' : codeOf(await core.call('vault.unlock', { passphrase: other }));
      expect(
        unlocked,
        `changePassphrase answered ${String(change.code)}, so the ${change.code === 'ok' ? 'new' : 'old'} ` +
          `passphrase must unlock; the ${change.code === 'ok' ? 'old' : 'new'} one answered ${otherOne}`,
      ).toBe('ok');
    } finally {
      await core.stop();
    }
  }, 120_000);

  it('backup.create past the limit answers DISK_FULL and leaves no partial file', async () => {
    const vaultDir = join(root, 'ulimit-backup', 'vault');
    const folder = join(root, 'ulimit-backup', 'backups');
    await makeVault(vaultDir);
    mkdirSync(folder);
    const databaseBytes = statSync(join(vaultDir, 'vault.db')).size;
    // The database may be rewritten in place but not grow; the backup (header + database) cannot fit.
    const run = await runChild(
      { vaultDir, mode: 'backup', folder },
      { fileLimitBlocks: databaseBytes / 1024 },
    );
    expectSurvived(run);
    expect(only(run, 'unlock').code).toBe('ok');
    const backup = only(run, 'backup');
    const files = only(run, 'folder').files;
    expect(
      { code: backup.code, files },
      `backup.create answered ${JSON.stringify(backup)} and left ${JSON.stringify(files)}`,
    ).toEqual({ code: 'DISK_FULL', files: [] });
  }, 120_000);
});

describe('a small tmpfs: writes fail with ENOSPC', () => {
  it('answers DISK_FULL in plain words, never crashes, and keeps every committed write', async (ctx) => {
    ctx.skip(tmpfsRefusal !== null, `tmpfs not available here: ${tmpfsRefusal}`);
    const disk = tmpfsAt('tmpfs-fill', '512k');
    try {
      const vaultDir = join(disk, 'vault');
      const staging = join(root, 'tmpfs-fill-staging');
      await makeVault(staging);
      cpSync(staging, vaultDir, { recursive: true });
      const run = await runChild({ vaultDir, mode: 'fill', valueBytes: 3000 });
      expectSurvived(run);
      expect(only(run, 'unlock').code).toBe('ok');
      const writes = steps(run, 'write');
      const firstRefusal = writes.findIndex((line) => line.code !== 'ok');
      expect(firstRefusal, 'the disk never filled').toBeGreaterThan(0);
      for (const line of writes.slice(firstRefusal)) expectPlainDiskFull(line);
      expect(only(run, 'read')).toMatchObject({ code: 'ok', index: firstRefusal - 1 });
      expect(only(run, 'lock').code).toBe('ok');

      remountTmpfs(disk, '16m');
      await expectIntactAfterFill(vaultDir, run);
    } finally {
      release(disk);
    }
  }, 120_000);

  it('backup.create into a full folder answers DISK_FULL and leaves no file', async (ctx) => {
    ctx.skip(tmpfsRefusal !== null, `tmpfs not available here: ${tmpfsRefusal}`);
    const vaultDir = join(root, 'tmpfs-backup-full', 'vault');
    await makeVault(vaultDir);
    const disk = tmpfsAt('tmpfs-backup-full-disk', '64k');
    const core = openCore(vaultDir);
    try {
      fillLeaving(disk, 0);
      await core.ok('vault.unlock', { passphrase: PASSPHRASE });
      const made = await core.call('backup.create', { folder: join(disk, 'backups') });
      expect('error' in made && made.error.code).toBe('DISK_FULL');
      expect(walkFiles(disk).map((file) => file.slice(disk.length + 1))).toEqual(['filler']);
      expect(await core.ok('audit.verify')).toMatchObject({ ok: true });
    } finally {
      await core.stop();
      release(disk);
    }
  }, 60_000);

  it('backup.create into a folder with room for only part of the backup answers DISK_FULL, no partial file', async (ctx) => {
    ctx.skip(tmpfsRefusal !== null, `tmpfs not available here: ${tmpfsRefusal}`);
    const vaultDir = join(root, 'tmpfs-backup-part', 'vault');
    await makeVault(vaultDir);
    const disk = tmpfsAt('tmpfs-backup-part-disk', '64k');
    const core = openCore(vaultDir);
    try {
      const databaseBytes = statSync(join(vaultDir, 'vault.db')).size;
      fillLeaving(disk, databaseBytes - 3 * 4096);
      await core.ok('vault.unlock', { passphrase: PASSPHRASE });
      const made = await core.call('backup.create', { folder: disk });
      const left = walkFiles(disk)
        .filter((file) => !file.endsWith('filler'))
        .map((file) => `${file.slice(disk.length + 1)} (${statSync(file).size} bytes)`);
      let verified = 'not run';
      if ('result' in made) {
        const { file } = made.result as { file: string };
        const verdict = await core.call('backup.verify', { file, passphrase: PASSPHRASE });
        verified = 'error' in verdict ? verdict.error.code : 'ok';
      }
      expect(
        { code: 'error' in made ? made.error.code : 'ok', left },
        `backup.create answered ${JSON.stringify(made)}; backup.verify of it: ${verified}`,
      ).toEqual({ code: 'DISK_FULL', left: [] });
    } finally {
      await core.stop();
      release(disk);
    }
  }, 60_000);

  it('unlock on a nearly full disk answers plainly and leaves no database handle open', async (ctx) => {
    ctx.skip(tmpfsRefusal !== null, `tmpfs not available here: ${tmpfsRefusal}`);
    const staging = join(root, 'tmpfs-unlock-staging');
    await makeVault(staging);
    const disk = tmpfsAt('tmpfs-unlock-disk', '512k');
    try {
      const vaultDir = join(disk, 'vault');
      cpSync(staging, vaultDir, { recursive: true });
      // Room for the shared-memory file but not for the WAL frames of the unlock's audit entry.
      fillLeaving(disk, 40 * 1024);
      const run = await runChild({ vaultDir, mode: 'unlock' });
      expectSurvived(run);
      const unlock = only(run, 'unlock');
      expect(['ok', 'DISK_FULL']).toContain(unlock.code);
      expect
        .soft(only(run, 'handles').open, 'handles left open after the failed unlock and lock')
        .toEqual([]);
    } finally {
      release(disk);
    }
  }, 60_000);

  it('unlock on a completely full disk answers DISK_FULL, not INTERNAL', async (ctx) => {
    ctx.skip(tmpfsRefusal !== null, `tmpfs not available here: ${tmpfsRefusal}`);
    const staging = join(root, 'tmpfs-unlock0-staging');
    await makeVault(staging);
    const disk = tmpfsAt('tmpfs-unlock0-disk', '512k');
    try {
      const vaultDir = join(disk, 'vault');
      cpSync(staging, vaultDir, { recursive: true });
      fillLeaving(disk, 0);
      const run = await runChild({ vaultDir, mode: 'unlock' });
      expectSurvived(run);
      expect(only(run, 'unlock').code, run.stderr).toBe('DISK_FULL');
    } finally {
      release(disk);
    }
  }, 60_000);

  it('vault.create on a nearly full disk answers DISK_FULL and leaves nothing half-made', async (ctx) => {
    ctx.skip(tmpfsRefusal !== null, `tmpfs not available here: ${tmpfsRefusal}`);
    const disk = tmpfsAt('tmpfs-create-disk', '512k');
    try {
      const vaultDir = join(disk, 'vault');
      fillLeaving(disk, 16 * 1024);
      const run = await runChild({ vaultDir, mode: 'create' });
      expectSurvived(run);
      expect.soft(only(run, 'create').code, run.stderr).toBe('DISK_FULL');
      expect(existsSync(vaultDir) ? readdirSync(vaultDir) : []).toEqual([]);
    } finally {
      release(disk);
    }
  }, 60_000);
});
