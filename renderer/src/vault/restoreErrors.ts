import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { ErrorCode } from '../../../shared/rpc/errors.std.ts';
import { failureMessage } from '../client/failureMessage.ts';

/**
 * The general sentences speak of the open vault; about a backup file these would mislead.
 * Everything else, a damaged backup (BACKUP_CORRUPT) included, has a general sentence that fits.
 */
const ABOUT_THE_BACKUP: Partial<Record<ErrorCode, string>> = {
  WRONG_PASSPHRASE:
    'That passphrase does not open this backup. Use the passphrase the vault had when the backup was made.',
  NOT_FOUND: 'No backup file was found there. Check the path and try again.',
  VAULT_TOO_NEW:
    'That backup was made by a newer version of Outpost. Update Outpost to use it; nothing was changed.',
};

export function backupFailureMessage(error: unknown): string {
  return (error instanceof RpcError ? ABOUT_THE_BACKUP[error.code] : undefined) ?? failureMessage(error);
}
