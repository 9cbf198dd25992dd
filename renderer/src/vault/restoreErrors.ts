import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { failureMessage } from '../client/failureMessage.ts';

/**
 * The general sentences speak of the open vault; about a backup file some of them would
 * mislead, so these say what went wrong with the file.
 */
export function backupFailureMessage(error: unknown): string {
  if (error instanceof RpcError) {
    switch (error.code) {
      case 'WRONG_PASSPHRASE':
        return 'That passphrase does not open this backup. Use the passphrase the vault had when the backup was made.';
      case 'NOT_FOUND':
        return 'No backup file was found there. Check the path and try again.';
      case 'VAULT_TOO_NEW':
        return 'That backup was made by a newer version of Outpost. Update Outpost to use it; nothing was changed.';
      default:
        break;
    }
  }
  return failureMessage(error);
}
