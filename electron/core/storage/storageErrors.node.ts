import { RpcError } from '../../../shared/rpc/errors.std.ts';

const DISK_FULL_CODES = new Set([
  'SQLITE_FULL',
  'SQLITE_IOERR_WRITE',
  'SQLITE_IOERR_FSYNC',
  // SQLite cannot size its shared-memory or WAL file when the disk is full.
  'SQLITE_IOERR_SHMSIZE',
  'SQLITE_IOERR_TRUNCATE',
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
]);
const CORRUPT_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_INDEX',
]);

/**
 * Turns storage failures into the stable codes the UI explains: a full disk and a
 * damaged file are things a counsellor must be told plainly, never a crash.
 */
export function toStorageError(error: unknown): RpcError | undefined {
  if (error instanceof RpcError) return error;
  const code =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  if (DISK_FULL_CODES.has(code)) {
    return new RpcError({ code: 'DISK_FULL', message: 'The disk is full; the change was not saved.' });
  }
  if (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) {
    return new RpcError({ code: 'VAULT_CORRUPT', message: 'The vault database is damaged.' });
  }
  return undefined;
}

/** Runs fn and rethrows storage failures as RpcErrors; anything else passes through. */
export function withStorageErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toStorageError(error) ?? error;
  }
}
