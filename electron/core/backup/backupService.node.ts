import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { EventName, EventPayload, MethodOutput } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { appendAudit, countAudit, verifyAuditChain } from '../audit/auditLog.node.ts';
import {
  checkpointFully,
  integrityProblems,
  openEncryptedDatabase,
  openReadSnapshot,
} from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate, schemaVersion } from '../storage/migrate.node.ts';
import { toStorageError, withStorageErrors } from '../storage/storageErrors.node.ts';
import {
  readKeyringFile,
  removeDeviceWrap,
  unwrapWithPassphrase,
  writeKeyringFile,
} from '../vault/keyring.node.ts';
import { readSettings } from '../vault/settingsStore.node.ts';
import type { VaultService } from '../vault/vaultService.node.ts';
import { extractDatabase, readBackupHeader, writeBackupFile } from './backupFile.node.ts';
import type { BackupHeader, CopyControl } from './backupFile.node.ts';

export const BACKUP_EXTENSION = '.outpost-backup';
const BACKUP_NAME = /^outpost-backup-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d{3})?Z)\.outpost-backup$/;
const PAGE_BYTES = 4096;

/** Damage found inside a backup is the backup's, not the vault's. */
function openBackupDatabase(file: string, key: Buffer): VaultDatabase {
  try {
    return openEncryptedDatabase(file, key);
  } catch (error) {
    if (error instanceof RpcError && error.code === 'VAULT_CORRUPT') {
      throw new RpcError({ code: 'BACKUP_CORRUPT', message: 'The database inside the backup is damaged.' });
    }
    throw error;
  }
}

export function backupFileName(at: Date): string {
  return `outpost-backup-${at.toISOString().replaceAll(':', '-').replace('.', '-')}${BACKUP_EXTENSION}`;
}

export interface BackupServiceOptions {
  vault: VaultService;
  appVersion: string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  now?: () => Date;
}

type BackupSummary = MethodOutput<'backup.create'>;

/**
 * Encrypted backups while the app is in use: the file is copied under a read
 * snapshot taken right after a full checkpoint (see openReadSnapshot), so the
 * counsellor goes on working while it runs.
 */
export function createBackupService(options: BackupServiceOptions) {
  const now = options.now ?? (() => new Date());
  const { vault } = options;
  let running: { cancelled: boolean } | null = null;

  /**
   * Writes a backup file of the open vault (its database stays encrypted with the
   * vault's key; the keyring travels without the device wrap). Not audited: the
   * caller records what the snapshot was for. Shared by backups and vault transfers.
   */
  async function writeSnapshot(file: string, createdAt: Date, control: CopyControl = {}) {
    const db = vault.requireDatabase();
    const key = vault.requireKey();
    // A backup may travel to another machine: the device-keychain wrap stays behind.
    const keyring = removeDeviceWrap(await readKeyringFile(vault.paths.keyringFile));
    if (!(await checkpointFully(db)))
      throw new RpcError({ code: 'BUSY', message: 'The vault is busy; try again.' });
    const snapshot = openReadSnapshot(vault.paths.databaseFile, key);
    try {
      return await writeBackupFile(
        file,
        {
          createdAt: createdAt.toISOString(),
          appVersion: options.appVersion,
          schemaVersion: schemaVersion(snapshot.db),
          keyring,
        },
        vault.paths.databaseFile,
        control,
      );
    } finally {
      snapshot.release();
    }
  }

  /** One backup or snapshot at a time. */
  async function exclusive<T>(fn: (job: { cancelled: boolean }) => Promise<T>): Promise<T> {
    if (running !== null) throw new RpcError({ code: 'BUSY', message: 'A backup is already running.' });
    const job = { cancelled: false };
    running = job;
    try {
      return await fn(job);
    } finally {
      running = null;
    }
  }

  function create(folder: string, scheduled = false): Promise<BackupSummary> {
    return exclusive(async (job) => {
      const db = vault.requireDatabase();
      vault.requireKey();
      await mkdir(folder, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        throw (
          toStorageError(error) ??
          new RpcError({
            code: 'INVALID_INPUT',
            field: 'folder',
            message: 'That backup folder cannot be created.',
          })
        );
      });
      const createdAt = now();
      const file = join(folder, backupFileName(createdAt));
      const { bytes } = await writeSnapshot(file, createdAt, {
        isCancelled: () => job.cancelled,
        onProgress: (copied, total) =>
          options.emit('backup.progress', {
            copiedPages: Math.ceil(copied / PAGE_BYTES),
            totalPages: Math.ceil(total / PAGE_BYTES),
          }),
      });
      withStorageErrors(() =>
        appendAudit(db, { action: 'backup.created', details: { bytes, scheduled, file: basename(file) } }),
      );
      return { file, bytes, createdAt: createdAt.toISOString() };
    });
  }

  /** Opens a backup's database in a private temporary folder and hands it to fn. */
  async function withBackupDatabase<T>(
    file: string,
    passphrase: string,
    fn: (db: VaultDatabase, header: BackupHeader) => T,
  ): Promise<T> {
    const { header, dataOffset } = await readBackupHeader(file);
    const key = await unwrapWithPassphrase(header.keyring, passphrase);
    const scratch = mkdtempSync(join(tmpdir(), 'outpost-verify-'));
    try {
      const databaseFile = join(scratch, 'vault.db');
      await extractDatabase(file, header, dataOffset, databaseFile);
      const db = openBackupDatabase(databaseFile, key);
      try {
        return fn(db, header);
      } finally {
        db.close();
      }
    } finally {
      key.fill(0);
      await rm(scratch, { recursive: true, force: true });
    }
  }

  function assertHealthy(db: VaultDatabase): void {
    if (integrityProblems(db).length > 0 || !verifyAuditChain(db).ok) {
      throw new RpcError({ code: 'BACKUP_CORRUPT', message: 'The backup failed its integrity check.' });
    }
  }

  async function list(): Promise<{ backups: BackupSummary[] }> {
    const folder = readSettings(vault.requireDatabase()).backupFolder;
    if (folder === null || !existsSync(folder)) return { backups: [] };
    const names = (await readdir(folder))
      .filter((name) => BACKUP_NAME.test(name))
      .sort()
      .reverse();
    const backups: BackupSummary[] = [];
    for (const name of names) {
      const file = join(folder, name);
      const info = await stat(file);
      const stamp = BACKUP_NAME.exec(name)?.[1] ?? '';
      const createdAt = new Date(
        stamp.replace(
          /T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z$/,
          (_m, h, m, s, ms) => `T${h}:${m}:${s}.${ms ?? '000'}Z`,
        ),
      );
      backups.push({ file, bytes: info.size, createdAt: createdAt.toISOString() });
    }
    return { backups };
  }

  /** Scheduled backups keep the newest N in the folder; files we did not name are never touched. */
  async function prune(folder: string, keep: number): Promise<number> {
    const names = (await readdir(folder)).filter((name) => BACKUP_NAME.test(name)).sort();
    const excess = names.slice(0, Math.max(0, names.length - keep));
    for (const name of excess) await rm(join(folder, name), { force: true });
    return excess.length;
  }

  /**
   * Restores a backup file into this profile; `audit` records why, in the restored
   * vault. The passphrase is checked first, and the backup is unpacked and checked in
   * a staging folder: until every check passed nothing here changes. The vault that
   * was here (if any) is locked and moved aside, never deleted; the restored vault
   * starts locked. Shared by backup.restore and vault transfers.
   */
  async function restoreFrom(
    file: string,
    passphrase: string,
    audit: (db: VaultDatabase, header: BackupHeader) => void,
  ): Promise<MethodOutput<'backup.restore'>> {
    const { header, dataOffset } = await readBackupHeader(file);
    (await unwrapWithPassphrase(header.keyring, passphrase)).fill(0);
    const vaultDir = vault.paths.vaultDir;
    const stamp = now().toISOString().replaceAll(':', '-');
    const staging = `${vaultDir}.restoring-${stamp}`;
    await mkdir(staging, { recursive: true, mode: 0o700 });
    try {
      const stagedDatabase = join(staging, basename(vault.paths.databaseFile));
      await extractDatabase(file, header, dataOffset, stagedDatabase);
      const key = await unwrapWithPassphrase(header.keyring, passphrase);
      try {
        const db = openBackupDatabase(stagedDatabase, key);
        try {
          assertHealthy(db);
          migrate(db);
          audit(db, header);
        } finally {
          db.close();
        }
      } finally {
        key.fill(0);
      }
      await writeKeyringFile(
        join(staging, basename(vault.paths.keyringFile)),
        removeDeviceWrap(header.keyring),
      );
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    await vault.lock('manual');
    let setAside: string | null = null;
    if (existsSync(vaultDir)) {
      setAside = `${vaultDir}.set-aside-${stamp}`;
      await rename(vaultDir, setAside);
    }
    await mkdir(dirname(vaultDir), { recursive: true });
    await rename(staging, vaultDir);
    vault.clearProblem();
    return { state: vault.state(), setAside };
  }

  return {
    create: (folder: string) => create(folder),

    /** A backup file of the open vault at `file`, for a vault transfer; not audited here. */
    snapshot: (file: string, control: CopyControl = {}) =>
      exclusive(() => writeSnapshot(file, now(), control)),

    restoreFrom,

    cancel(): { cancelled: boolean } {
      if (running === null) return { cancelled: false };
      running.cancelled = true;
      return { cancelled: true };
    },

    list,

    verify(file: string, passphrase: string): Promise<MethodOutput<'backup.verify'>> {
      return withBackupDatabase(file, passphrase, (db, header) => {
        assertHealthy(db);
        return { ok: true as const, createdAt: header.createdAt, auditEntries: countAudit(db) };
      });
    },

    /**
     * Restores into this profile. The vault that was here (if any) is locked and
     * moved aside, never deleted; the restored vault starts locked.
     */
    restore(file: string, passphrase: string): Promise<MethodOutput<'backup.restore'>> {
      return restoreFrom(file, passphrase, (db, header) =>
        appendAudit(db, {
          action: 'backup.restored',
          details: { from: basename(file), backupAt: header.createdAt },
        }),
      );
    },

    /** Called every minute; makes a scheduled backup when one is due. */
    async runSchedule(): Promise<BackupSummary | null> {
      if (vault.state() !== 'unlocked' || running !== null) return null;
      const settings = readSettings(vault.requireDatabase());
      if (settings.backupFolder === null || settings.backupEveryHours === null) return null;
      const newest = (await list()).backups[0];
      const dueAt =
        newest === undefined ? 0 : Date.parse(newest.createdAt) + settings.backupEveryHours * 3_600_000;
      if (now().getTime() < dueAt) return null;
      const made = await create(settings.backupFolder, true);
      await prune(settings.backupFolder, settings.backupKeep);
      return made;
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
