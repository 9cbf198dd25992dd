import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  EventName,
  EventPayload,
  LockReason,
  MethodOutput,
  VaultSettings,
  VaultState,
} from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { integrityProblems, openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { SOURCE_CHECKPOINT_WORKER, startWalCheckpointer } from '../storage/walCheckpointer.node.ts';
import type { WalCheckpointer } from '../storage/walCheckpointer.node.ts';
import { toStorageError, withStorageErrors } from '../storage/storageErrors.node.ts';
import {
  addDeviceWrap,
  createKeyring,
  readKeyringFile,
  removeDeviceWrap,
  rewrapWithPassphrase,
  rotateRecoveryKey,
  unwrapWithDeviceSecret,
  unwrapWithPassphrase,
  unwrapWithRecoveryKey,
  writeKeyringFile,
} from './keyring.node.ts';
import { assertAcceptablePassphrase } from './passphraseStrength.node.ts';
import { createSerialQueue } from './serialQueue.node.ts';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from './settingsStore.node.ts';
import { writeVaultMeta } from './vaultMeta.node.ts';

export const KEYRING_FILE = 'keyring.json';
export const DATABASE_FILE = 'vault.db';

/** Wrong passphrases before attempts start to be held back, and the longest hold. */
const FREE_ATTEMPTS = 3;
const MAX_UNLOCK_DELAY_MS = 30_000;

export interface VaultServiceOptions {
  vaultDir: string;
  appVersion: string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  now?: () => number;
  /**
   * The checkpoint thread's entry (storage/checkpointWorker.node.ts, or its bundled file in
   * the packaged app); null leaves checkpoints to the core's connection.
   */
  checkpointWorkerUrl?: string | null | undefined;
}

interface Session {
  db: VaultDatabase;
  key: Buffer;
  checkpointer?: WalCheckpointer;
}

export type VaultService = ReturnType<typeof createVaultService>;

/**
 * The vault's life: create, unlock, lock, change or recover the passphrase. While
 * locked there is no database handle and no key in memory; every data method asks
 * requireDatabase() and gets VAULT_LOCKED.
 */
export function createVaultService(options: VaultServiceOptions) {
  const now = options.now ?? Date.now;
  const keyringFile = join(options.vaultDir, KEYRING_FILE);
  const databaseFile = join(options.vaultDir, DATABASE_FILE);
  const serial = createSerialQueue();
  let session: Session | null = null;
  let failedAttempts = 0;
  let lastFailureAt = 0;
  let problem: 'corrupt' | 'too_new' | null = null;

  function state(): VaultState {
    if (session !== null) return 'unlocked';
    return existsSync(keyringFile) ? 'locked' : 'absent';
  }

  /** Kept in memory only: a wrong passphrase must leave every vault file untouched. */
  function unlockDelayMs(): number {
    if (failedAttempts < FREE_ATTEMPTS) return 0;
    const hold = Math.min(1000 * 2 ** (failedAttempts - FREE_ATTEMPTS), MAX_UNLOCK_DELAY_MS);
    return Math.max(0, lastFailureAt + hold - now());
  }

  function recordFailure(): void {
    failedAttempts++;
    lastFailureAt = now();
  }

  async function unwrapWithFailureCount<T>(unwrap: () => Promise<T>): Promise<T> {
    const delay = unlockDelayMs();
    if (delay > 0) await sleep(delay);
    try {
      return await unwrap();
    } catch (error) {
      if (
        error instanceof RpcError &&
        (error.code === 'WRONG_PASSPHRASE' || error.code === 'WRONG_RECOVERY_KEY')
      ) {
        recordFailure();
      }
      throw error;
    }
  }

  /** Opens the database with an unwrapped key; on failure the key is wiped and the reason kept. */
  function openSession(key: Buffer, create = false): Session {
    try {
      const db = openEncryptedDatabase(databaseFile, key, { create });
      try {
        const { from, to } = migrate(db);
        if (from > 0 && to > from) appendAudit(db, { action: 'vault.migrated', details: { from, to } });
      } catch (error) {
        db.close();
        throw error;
      }
      problem = null;
      return { db, key };
    } catch (error) {
      key.fill(0);
      if (error instanceof RpcError && error.code === 'VAULT_CORRUPT') problem = 'corrupt';
      if (error instanceof RpcError && error.code === 'VAULT_TOO_NEW') problem = 'too_new';
      throw error;
    }
  }

  function noteIfCorrupt(error: unknown): void {
    if (error instanceof RpcError && error.code === 'VAULT_CORRUPT') problem = 'corrupt';
  }

  /** Finishes an open (audit entries, key file); on any failure the database is closed and the key wiped. */
  async function finishOpening(
    opened: Session,
    work: (db: VaultDatabase) => Promise<void> | void,
  ): Promise<void> {
    try {
      await work(opened.db);
    } catch (error) {
      opened.db.close();
      opened.key.fill(0);
      const mapped = toStorageError(error) ?? error;
      noteIfCorrupt(mapped);
      throw mapped;
    }
  }

  function startSession(next: Session): void {
    const workerUrl =
      options.checkpointWorkerUrl === undefined ? SOURCE_CHECKPOINT_WORKER : options.checkpointWorkerUrl;
    session = { ...next, checkpointer: startWalCheckpointer(next.db, databaseFile, next.key, workerUrl) };
    options.emit('vault.unlocked', {});
  }

  function requireSession(): Session {
    if (session !== null) return session;
    throw state() === 'absent'
      ? new RpcError({ code: 'VAULT_ABSENT', message: 'There is no vault yet.' })
      : new RpcError({ code: 'VAULT_LOCKED', message: 'The vault is locked.' });
  }

  function closeSession(reason: LockReason): boolean {
    if (session === null) return false;
    const { db, key, checkpointer } = session;
    session = null;
    try {
      appendAudit(db, { action: 'vault.locked', details: { reason } });
    } catch {
      // Locking must succeed even when the disk is full or the file damaged.
    }
    try {
      // Its connection first, so this one is the last and its close leaves everything in the file.
      checkpointer?.stop();
      db.close();
    } finally {
      key.fill(0);
    }
    return true;
  }

  /** Unlocks with a key from any slot (passphrase or device) and records it in the audit log. */
  function unlockWith(
    unwrapKey: (keyring: Awaited<ReturnType<typeof readKeyringFile>>) => Promise<Buffer>,
    method: 'passphrase' | 'device' = 'passphrase',
  ): Promise<{ state: VaultState }> {
    return serial(async () => {
      const keyring = await readKeyringFile(keyringFile);
      const key = await unwrapKey(keyring);
      if (session !== null) {
        // Already open (a race with a lock screen): the secret was still checked.
        key.fill(0);
        return { state: 'unlocked' as const };
      }
      const opened = openSession(key);
      await finishOpening(opened, (db) => {
        if (failedAttempts > 0) {
          appendAudit(db, { action: 'vault.unlock_failed', details: { attempts: failedAttempts } });
        }
        appendAudit(db, { action: 'vault.unlocked', details: { method } });
      });
      failedAttempts = 0;
      startSession(opened);
      return { state: 'unlocked' as const };
    });
  }

  return {
    state,
    paths: { vaultDir: options.vaultDir, keyringFile, databaseFile },

    status(): MethodOutput<'vault.status'> {
      let autoLockMinutes: number | null = null;
      if (session !== null) {
        try {
          autoLockMinutes = readSettings(session.db).autoLockMinutes;
        } catch (error) {
          noteIfCorrupt(toStorageError(error));
          // Unreadable settings must not switch auto-lock off.
          autoLockMinutes = DEFAULT_SETTINGS.autoLockMinutes;
        }
      }
      return { state: state(), autoLockMinutes, unlockDelayMs: unlockDelayMs(), problem };
    },

    /** Called for any VAULT_CORRUPT the vault's methods raise, so the UI can offer a restore. */
    noteIfCorrupt,

    create(passphrase: string, purpose: 'practice' | 'demo' = 'practice'): Promise<{ recoveryKey: string }> {
      return serial(async () => {
        if (state() !== 'absent' || existsSync(databaseFile)) {
          throw new RpcError({ code: 'VAULT_EXISTS', message: 'A vault already exists in this folder.' });
        }
        assertAcceptablePassphrase(passphrase);
        mkdirSync(options.vaultDir, { recursive: true, mode: 0o700 });
        if (process.platform !== 'win32') chmodSync(options.vaultDir, 0o700);
        const { keyring, dataKey, recoveryKey } = await createKeyring(passphrase);
        let created: Session | null = null;
        try {
          created = openSession(dataKey, true);
          const { db } = created;
          withStorageErrors(() => {
            writeVaultMeta(db, {
              created_at: keyring.createdAt,
              created_by_version: options.appVersion,
              purpose,
            });
            appendAudit(db, { action: 'vault.created', details: { purpose } });
          });
          // The key file comes last: until it exists there is no vault, only a file to clear away.
          await writeKeyringFile(keyringFile, keyring);
        } catch (error) {
          created?.db.close();
          dataKey.fill(0);
          for (const suffix of ['', '-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
          throw error;
        }
        startSession(created);
        return { recoveryKey };
      });
    },

    unlock(passphrase: string): Promise<{ state: VaultState }> {
      return unlockWith((keyring) => unwrapWithFailureCount(() => unwrapWithPassphrase(keyring, passphrase)));
    },

    unlockWithDevice(deviceSecret: Buffer): Promise<{ state: VaultState }> {
      return unlockWith(
        (keyring) => Promise.resolve(unwrapWithDeviceSecret(keyring, deviceSecret)),
        'device',
      );
    },

    enableDeviceUnlock(): Promise<{ deviceSecret: Buffer }> {
      return serial(async () => {
        const { db, key } = requireSession();
        const added = addDeviceWrap(await readKeyringFile(keyringFile), key);
        await writeKeyringFile(keyringFile, added.keyring);
        withStorageErrors(() => appendAudit(db, { action: 'vault.device_unlock_enabled' }));
        return { deviceSecret: added.deviceSecret };
      });
    },

    disableDeviceUnlock(): Promise<Record<string, never>> {
      return serial(async () => {
        const { db } = requireSession();
        await writeKeyringFile(keyringFile, removeDeviceWrap(await readKeyringFile(keyringFile)));
        withStorageErrors(() => appendAudit(db, { action: 'vault.device_unlock_disabled' }));
        return {};
      });
    },

    recover(recoveryKey: string, newPassphrase: string): Promise<{ recoveryKey: string }> {
      return serial(async () => {
        assertAcceptablePassphrase(newPassphrase);
        const keyring = await readKeyringFile(keyringFile);
        const key = await unwrapWithFailureCount(() => unwrapWithRecoveryKey(keyring, recoveryKey));
        const rewrapped = await rewrapWithPassphrase(keyring, key, newPassphrase);
        // Whoever needed the recovery key may not be the one who enabled device unlock: turn it off.
        const rotated = rotateRecoveryKey(removeDeviceWrap(rewrapped), key);
        closeSession('manual');
        const opened = openSession(key);
        await finishOpening(opened, async (db) => {
          await writeKeyringFile(keyringFile, rotated.keyring);
          appendAudit(db, { action: 'vault.recovered' });
        });
        failedAttempts = 0;
        startSession(opened);
        return { recoveryKey: rotated.recoveryKey };
      });
    },

    rotateRecoveryKey(passphrase: string): Promise<{ recoveryKey: string }> {
      return serial(async () => {
        const { db, key } = requireSession();
        const keyring = await readKeyringFile(keyringFile);
        (await unwrapWithFailureCount(() => unwrapWithPassphrase(keyring, passphrase))).fill(0);
        const rotated = rotateRecoveryKey(keyring, key);
        await writeKeyringFile(keyringFile, rotated.keyring);
        try {
          withStorageErrors(() => appendAudit(db, { action: 'vault.recovery_key_replaced' }));
        } catch (error) {
          await writeKeyringFile(keyringFile, keyring);
          throw error;
        }
        return { recoveryKey: rotated.recoveryKey };
      });
    },

    lock(reason: LockReason): Promise<{ state: VaultState }> {
      return serial(() => {
        if (closeSession(reason)) options.emit('vault.locked', { reason });
        return { state: state() };
      });
    },

    changePassphrase(currentPassphrase: string, newPassphrase: string): Promise<Record<string, never>> {
      return serial(async () => {
        const { db, key } = requireSession();
        assertAcceptablePassphrase(newPassphrase);
        const keyring = await readKeyringFile(keyringFile);
        await unwrapWithFailureCount(() => unwrapWithPassphrase(keyring, currentPassphrase)).then((k) =>
          k.fill(0),
        );
        await writeKeyringFile(keyringFile, await rewrapWithPassphrase(keyring, key, newPassphrase));
        try {
          withStorageErrors(() => appendAudit(db, { action: 'vault.passphrase_changed' }));
        } catch (error) {
          // Unrecorded, so undone: the old passphrase must keep working when we say nothing changed.
          await writeKeyringFile(keyringFile, keyring);
          throw error;
        }
        return {};
      });
    },

    getSettings(): VaultSettings {
      return withStorageErrors(() => readSettings(requireSession().db));
    },

    updateSettings(changes: Partial<VaultSettings>): VaultSettings {
      const { db } = requireSession();
      return withStorageErrors(() =>
        db
          .transaction(() => {
            const next = writeSettings(db, changes);
            appendAudit(db, {
              action: 'vault.settings_changed',
              details: { keys: Object.keys(changes).join(',') },
            });
            return next;
          })
          .immediate(),
      );
    },

    checkIntegrity(): { ok: boolean; problems: string[] } {
      const { db } = requireSession();
      try {
        const problems = integrityProblems(db);
        if (problems.length > 0) problem = 'corrupt';
        return { ok: problems.length === 0, problems };
      } catch (error) {
        problem = 'corrupt';
        return { ok: false, problems: [error instanceof Error ? error.message : 'unreadable'] };
      }
    },

    /** The open database for data methods; VAULT_LOCKED or VAULT_ABSENT otherwise. */
    requireDatabase(): VaultDatabase {
      return requireSession().db;
    },

    /** For backups: the key stays owned by the service. */
    requireKey(): Buffer {
      return requireSession().key;
    },

    /** After a restore replaced the files. */
    clearProblem(): void {
      problem = null;
      failedAttempts = 0;
    },

    close(): void {
      closeSession('shutdown');
    },
  };
}
