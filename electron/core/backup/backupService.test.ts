import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/rpc/contract.std.ts';
import { appendAudit, countAudit } from '../audit/auditLog.node.ts';
import { createVaultService } from '../vault/vaultService.node.ts';
import type { VaultService } from '../vault/vaultService.node.ts';
import { backupFileName, createBackupService } from './backupService.node.ts';
import type { BackupService } from './backupService.node.ts';

const PASSPHRASE = 'copper lantern orbit mellow quiz';

describe('backups', () => {
  let folder: string;
  let backupFolder: string;
  let vault: VaultService;
  let backups: BackupService;
  let events: { event: EventName; payload: unknown }[];
  let clock: number;

  function makeServices(vaultDir: string) {
    const emit = <E extends EventName>(event: E, payload: unknown) => void events.push({ event, payload });
    const service = createVaultService({ vaultDir, appVersion: 'test', emit });
    return {
      vault: service,
      backups: createBackupService({ vault: service, appVersion: 'test', emit, now: () => new Date(clock) }),
    };
  }

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-backup-'));
    backupFolder = join(folder, 'backups');
    events = [];
    clock = Date.parse('2026-11-20T09:00:00Z');
    ({ vault, backups } = makeServices(join(folder, 'vault')));
    await vault.create(PASSPHRASE);
  });
  afterEach(() => {
    vault.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Enough pages that the copy takes several chunks. */
  function addBulk(megabytes: number): void {
    const db = vault.requireDatabase();
    db.exec('CREATE TABLE IF NOT EXISTS bulk (x BLOB)');
    const insert = db.prepare('INSERT INTO bulk VALUES (randomblob(65536))');
    db.transaction(() => {
      for (let i = 0; i < megabytes * 16; i++) insert.run();
    })();
  }

  it('writes an encrypted backup with progress while the vault stays usable, and verifies it', async () => {
    addBulk(4);
    let writesDuringCopy = 0;
    const db = vault.requireDatabase();
    const originalPush = events.push.bind(events);
    events.push = (...items) => {
      // Keep working while the copy runs: these writes land in the WAL, not in the copy.
      if (items.some((item) => item.event === 'backup.progress')) {
        appendAudit(db, { action: 'record.updated', details: { n: writesDuringCopy++ } });
      }
      return originalPush(...items);
    };
    const made = await backups.create(backupFolder);
    events.push = originalPush;

    const progress = events
      .filter((e) => e.event === 'backup.progress')
      .map((e) => e.payload as { copiedPages: number; totalPages: number });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)?.copiedPages).toBe(progress.at(-1)?.totalPages);
    expect(writesDuringCopy).toBeGreaterThan(0);
    expect(readdirSync(backupFolder)).toEqual([backupFileName(new Date(clock))]);

    const verdict = await backups.verify(made.file, PASSPHRASE);
    expect(verdict).toMatchObject({ ok: true, createdAt: new Date(clock).toISOString() });
    // The backup holds the state at its start: before the writes made during the copy.
    expect(verdict.auditEntries).toBe(countAudit(db) - writesDuringCopy - 1);
    await expect(backups.verify(made.file, 'not the passphrase at all')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
  });

  it('cancels cleanly, leaving no partial file', async () => {
    addBulk(4);
    const originalPush = events.push.bind(events);
    events.push = (...items) => {
      if (items.some((item) => item.event === 'backup.progress')) backups.cancel();
      return originalPush(...items);
    };
    await expect(backups.create(backupFolder)).rejects.toMatchObject({ code: 'CANCELLED' });
    events.push = originalPush;
    expect(readdirSync(backupFolder)).toEqual([]);
    expect(backups.cancel()).toEqual({ cancelled: false });
  });

  it('restores into a fresh profile, locked, openable with the passphrase', async () => {
    vault.updateSettings({ autoLockMinutes: 42 });
    const made = await backups.create(backupFolder);
    const fresh = makeServices(join(folder, 'elsewhere', 'vault'));
    const result = await fresh.backups.restore(made.file, PASSPHRASE);
    expect(result).toEqual({ state: 'locked', setAside: null });
    await fresh.vault.unlock(PASSPHRASE);
    expect(fresh.vault.getSettings().autoLockMinutes).toBe(42);
    fresh.vault.close();
  });

  it('moves the current vault aside instead of overwriting it', async () => {
    const made = await backups.create(backupFolder);
    vault.updateSettings({ autoLockMinutes: 9 });
    const { state, setAside } = await backups.restore(made.file, PASSPHRASE);
    expect(state).toBe('locked');
    expect(setAside).not.toBeNull();
    expect(readdirSync(setAside!)).toEqual(expect.arrayContaining(['keyring.json', 'vault.db']));
    await vault.unlock(PASSPHRASE);
    expect(vault.getSettings().autoLockMinutes).toBe(5);
  });

  it('refuses a file that is not a backup and a wrong passphrase, changing nothing', async () => {
    const bogus = join(folder, 'notes.outpost-backup');
    writeFileSync(bogus, 'hello');
    await expect(backups.verify(bogus, PASSPHRASE)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
    const made = await backups.create(backupFolder);
    await expect(backups.restore(made.file, 'wrong wrong wrong wrong')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    expect(vault.status().state).toBe('unlocked');
    expect(
      readdirSync(folder).filter((name) => name.includes('restoring') || name.includes('set-aside')),
    ).toEqual([]);
  });

  it('makes scheduled backups when due and keeps only the newest N', async () => {
    expect(await backups.runSchedule()).toBeNull();
    vault.updateSettings({ backupFolder, backupEveryHours: 24, backupKeep: 2 });
    mkdirSync(backupFolder, { recursive: true });
    writeFileSync(join(backupFolder, 'my-own-notes.txt'), 'not ours to delete');
    for (let day = 0; day < 4; day++) {
      expect(await backups.runSchedule()).not.toBeNull();
      expect(await backups.runSchedule()).toBeNull();
      clock += 25 * 3_600_000;
    }
    const kept = (await backups.list()).backups;
    expect(kept).toHaveLength(2);
    expect(kept[0]!.createdAt > kept[1]!.createdAt).toBe(true);
    expect(existsSync(join(backupFolder, 'my-own-notes.txt'))).toBe(true);
  });

  it('needs an unlocked vault', async () => {
    await vault.lock('manual');
    await expect(backups.create(backupFolder)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });
});
