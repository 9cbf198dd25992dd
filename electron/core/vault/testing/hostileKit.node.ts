/**
 * Test-only helpers for the vault's hostile-condition suites: a real core on a temp
 * folder, file snapshots and byte scans, open-handle checks and a small tmpfs.
 * Nothing here is imported by the app.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createCore } from '../../core.node.ts';
import type { Core } from '../../core.node.ts';
import { connectInProcess } from '../../host.node.ts';
import type { CallOutcome, CoreConnection } from '../../host.node.ts';
import { openEncryptedDatabase } from '../../storage/database.node.ts';
import type { VaultDatabase } from '../../storage/database.node.ts';
import { readKeyringFile, unwrapWithPassphrase } from '../keyring.node.ts';

export { seededRandom } from '../../demo/seededRandom.node.ts';

/** Passes the strength check; used by every suite. */
export const PASSPHRASE = 'copper lantern orbit mellow quiz';

/** The first 16 bytes of every unencrypted SQLite database. */
export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function tempRoot(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `outpost-${prefix}-`));
}

export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true, maxRetries: 3 });
}

export interface TestCore {
  core: Core;
  connection: CoreConnection;
  call(method: string, input?: unknown): Promise<CallOutcome>;
  /** The result, or a thrown Error naming the code (for steps that must succeed). */
  ok<T = Record<string, unknown>>(method: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The real core, in-process, as the CLI and benchmarks use it. */
export function openCore(vaultDir: string): TestCore {
  const core = createCore({ name: 'Outpost', version: '0.0.0-test', runtime: 'vitest', vaultDir });
  const connection = connectInProcess(core);
  const call = (method: string, input: unknown = {}) => connection.call(method, input);
  return {
    core,
    connection,
    call,
    async ok<T>(method: string, input: unknown = {}): Promise<T> {
      const outcome = await call(method, input);
      if ('error' in outcome)
        throw new Error(`${method} failed: ${outcome.error.code} ${outcome.error.message}`);
      return outcome.result as T;
    },
    stop: () => connection.stop(),
  };
}

/** The error code of an outcome, or 'ok'. */
export function codeOf(outcome: CallOutcome): string {
  return 'error' in outcome ? outcome.error.code : 'ok';
}

/** Rejects if the call does not settle in time, so a hang fails loudly instead of timing out the file. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every regular file under dir, recursively (absolute paths, sorted). */
export function walkFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  visit(dir);
  return found.sort();
}

/** Every path (files and folders) under dir, relative, for name checks. */
export function walkNames(dir: string): string[] {
  const names: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      names.push(relative(dir, path));
      if (entry.isDirectory()) visit(path);
    }
  };
  visit(dir);
  return names.sort();
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Relative path -> sha256 and size of every file under dir. */
export function snapshotFolder(dir: string): Record<string, { sha256: string; bytes: number }> {
  const snapshot: Record<string, { sha256: string; bytes: number }> = {};
  for (const file of walkFiles(dir)) {
    const data = readFileSync(file);
    snapshot[relative(dir, file)] = { sha256: sha256(data), bytes: data.length };
  }
  return snapshot;
}

export interface Needle {
  label: string;
  bytes: Buffer;
}

/** The text in the encodings a leak could take: UTF-8, UTF-16LE and UTF-16BE. */
export function needlesFor(label: string, text: string): Needle[] {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [
    { label: `${label} (UTF-8)`, bytes: Buffer.from(text, 'utf8') },
    { label: `${label} (UTF-16LE)`, bytes: le },
    { label: `${label} (UTF-16BE)`, bytes: be },
  ];
}

/** "needle in file" for every needle found in any file under the folders. */
export function scanFolders(folders: string[], needles: Needle[]): string[] {
  const hits: string[] = [];
  for (const folder of folders) {
    for (const file of walkFiles(folder)) {
      const data = readFileSync(file);
      for (const needle of needles) {
        if (data.includes(needle.bytes)) hits.push(`${needle.label} in ${file}`);
      }
    }
  }
  return hits;
}

/** The vault's data key, unwrapped the way the app does it (test-only: to look inside the database). */
export async function dataKeyOf(vaultDir: string, passphrase = PASSPHRASE): Promise<Buffer> {
  const keyring = await readKeyringFile(join(vaultDir, 'keyring.json'));
  return unwrapWithPassphrase(keyring, passphrase);
}

/** A second, test-owned connection to a vault database. */
export function openWithKey(databaseFile: string, key: Buffer, readonly = false): VaultDatabase {
  return openEncryptedDatabase(databaseFile, key, { readonly });
}

/** Which b-tree each page of a database belongs to (1-based page numbers), from SQLite's dbstat. */
export function pageOwners(db: VaultDatabase): Map<number, string> {
  const rows = db.prepare('SELECT name, pageno FROM dbstat ORDER BY pageno').all() as {
    name: string;
    pageno: number;
  }[];
  return new Map(rows.map((row) => [row.pageno, row.name]));
}

/** Paths this process holds open under prefix (Linux /proc), e.g. a database handle that leaked. */
export function openHandlesUnder(prefix: string): string[] {
  const held: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(prefix)) held.push(target);
    } catch {
      // The fd closed while we looked (the readdir's own handle, for one).
    }
  }
  return held.sort();
}

export const canInspectHandles = process.platform === 'linux' && statSafe('/proc/self/fd');

function statSafe(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export type MountResult = { ok: true } | { ok: false; reason: string };

/** Mounts a tmpfs of `size` (e.g. "192k") on dir; the reason when this machine does not allow it. */
export function mountTmpfs(dir: string, size: string): MountResult {
  if (process.platform !== 'linux')
    return { ok: false, reason: `tmpfs needs Linux (this is ${process.platform})` };
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (result.error) return { ok: false, reason: `mount could not run: ${result.error.message}` };
  if (result.status !== 0) {
    return { ok: false, reason: `mount -t tmpfs refused (exit ${result.status}): ${result.stderr.trim()}` };
  }
  return { ok: true };
}

export function remountTmpfs(dir: string, size: string): void {
  const result = spawnSync('mount', ['-o', `remount,size=${size}`, dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`remount failed: ${result.stderr}`);
}

export function unmount(dir: string): void {
  const result = spawnSync('umount', [dir], { encoding: 'utf8' });
  if (result.status !== 0) spawnSync('umount', ['-l', dir]);
}

/** Bytes still free on the filesystem holding path. */
export function freeBytes(path: string): number {
  const stats = statfsSync(path);
  return stats.bavail * stats.bsize;
}
