import { chmodSync, closeSync, existsSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { toStorageError } from './storageErrors.node.ts';

export type VaultDatabase = Database.Database;

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** SQLCipher 4 format through SQLite3MultipleCiphers, keyed with the raw 256-bit data key. */
function applyKey(db: VaultDatabase, key: Buffer): void {
  if (key.length !== 32) throw new Error('The data key must be 32 bytes.');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  // A raw key: no per-open KDF (the passphrase KDF already ran once to unwrap it).
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

export interface OpenOptions {
  /** Create the file (mode 0600) if it does not exist yet. */
  create?: boolean;
  readonly?: boolean;
}

/**
 * Opens an encrypted vault database and fails closed: if the key does not decrypt
 * the file, or the file on disk turns out to be plain SQLite, nothing is used.
 */
export function openEncryptedDatabase(file: string, key: Buffer, options: OpenOptions = {}): VaultDatabase {
  if (!existsSync(file)) {
    if (!options.create) {
      throw new RpcError({ code: 'VAULT_CORRUPT', message: 'The vault database file is missing.' });
    }
    closeSync(openSync(file, 'wx', 0o600));
  }
  const db = new Database(file, { fileMustExist: true, readonly: options.readonly ?? false });
  try {
    applyKey(db, key);
    // The first read proves the key fits; page MACs make a damaged file fail here too.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, expected wal`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    // 32 MiB of decrypted pages (the default is 2 MiB): a big import keeps the indexes it
    // writes in memory instead of decrypting and encrypting the same pages again and again.
    db.pragma('cache_size = -32768');
    // Without it, INSERT OR REPLACE deletes a row without firing the audit log's delete guard.
    db.pragma('recursive_triggers = ON');
    assertEncrypted(db, file);
    if (!options.readonly) restrictPermissions(file);
    return db;
  } catch (error) {
    db.close();
    throw toStorageError(error) ?? error;
  }
}

/** Refuses to go on unless the cipher is active and the bytes on disk are not plain SQLite. */
export function assertEncrypted(db: VaultDatabase, file: string): void {
  const cipher = db.pragma('cipher', { simple: true });
  if (cipher !== 'sqlcipher') {
    throw new Error(`Encryption is not active (cipher=${String(cipher)}); refusing to use the vault.`);
  }
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, header, 0, 16, 0);
    if (read === 16 && header.equals(PLAINTEXT_HEADER)) {
      throw new Error('The vault file is not encrypted; refusing to use it.');
    }
  } finally {
    closeSync(fd);
  }
}

/** The database and its WAL and shared-memory files: readable by this user only. */
export function restrictPermissions(file: string): void {
  if (process.platform === 'win32') return;
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

/** SQLite's own full check; an empty list means the file is sound. */
export function integrityProblems(db: VaultDatabase): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
}

/** How long a full checkpoint keeps trying while another connection is checkpointing. */
export const FULL_CHECKPOINT_PATIENCE_MS = 3000;

/**
 * Moves everything from the WAL into the main file; false when it still could not after
 * `patienceMs`. A reader is waited for by the busy timeout, but another connection's
 * checkpoint (the vault's checkpoint thread, every second) makes SQLite answer busy at
 * once without waiting, so that case is retried here.
 */
export async function checkpointFully(
  db: VaultDatabase,
  patienceMs = FULL_CHECKPOINT_PATIENCE_MS,
): Promise<boolean> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
    // The vault may have been locked meanwhile.
    if (!db.open) return false;
  }
}

/**
 * A second connection holding a read transaction. Right after a full checkpoint it
 * pins the main file: checkpoints cannot write into it while the snapshot is held,
 * so the file can be copied byte for byte while other writes go to the WAL.
 */
export function openReadSnapshot(file: string, key: Buffer): { db: VaultDatabase; release(): void } {
  const db = openEncryptedDatabase(file, key);
  db.exec('BEGIN');
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  return {
    db,
    release() {
      db.exec('COMMIT');
      db.close();
    },
  };
}
