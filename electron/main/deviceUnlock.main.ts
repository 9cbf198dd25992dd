import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type * as Electron from 'electron';
import type { MethodOutput } from '../../shared/rpc/contract.std.ts';
import { RpcError } from '../../shared/rpc/errors.std.ts';
import type { CallOutcome, CoreConnection } from '../core/host.node.ts';

type SafeStorage = Pick<
  typeof Electron.safeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

export const LINUX_PLAINTEXT_REASON =
  "This Linux desktop has no secure keychain running: Electron would fall back to storing the secret in plain text ('basic_text'), so Outpost will not offer it. Start GNOME Keyring or KWallet and restart Outpost to use this.";
export const NO_KEYCHAIN_REASON =
  'This system offers no keychain Outpost can use, so unlocking needs the passphrase.';

function resultOf<T>(outcome: CallOutcome): T {
  if ('error' in outcome) throw new RpcError(outcome.error);
  return outcome.result as T;
}

/**
 * "Unlock with this device's keychain": the core adds a key wrap for a random
 * secret; the OS keychain (safeStorage) encrypts that secret into a file only this
 * user on this machine can turn back. Refused where the keychain is not real.
 */
export function createDeviceUnlock(options: {
  safeStorage: SafeStorage;
  core: CoreConnection;
  /** Where the keychain-encrypted secret lives, inside the app's data folder. */
  file: string;
  platform?: NodeJS.Platform;
}) {
  const { safeStorage, core, file } = options;
  const platform = options.platform ?? process.platform;

  function unavailableReason(): string | null {
    if (!safeStorage.isEncryptionAvailable()) return NO_KEYCHAIN_REASON;
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return LINUX_PLAINTEXT_REASON;
    }
    return null;
  }

  function refuseIfUnavailable(): void {
    const reason = unavailableReason();
    if (reason !== null) throw new RpcError({ code: 'DEVICE_UNLOCK_UNAVAILABLE', message: reason });
  }

  return {
    status(): MethodOutput<'device.status'> {
      const reason = unavailableReason();
      return { available: reason === null, enabled: reason === null && existsSync(file), reason };
    },

    async enable(): Promise<MethodOutput<'device.enable'>> {
      refuseIfUnavailable();
      const { deviceSecret } = resultOf<{ deviceSecret: string }>(
        await core.call('vault.enableDeviceUnlock', {}),
      );
      const sealed = safeStorage.encryptString(deviceSecret);
      const partial = `${file}.partial`;
      await writeFile(partial, sealed, { mode: 0o600 });
      await rename(partial, file);
      return { enabled: true };
    },

    async disable(): Promise<MethodOutput<'device.disable'>> {
      const outcome = await core.call('vault.disableDeviceUnlock', {});
      // While locked the key file cannot be rewritten; deleting the sealed secret is enough to turn it off.
      if ('error' in outcome && outcome.error.code !== 'VAULT_LOCKED') throw new RpcError(outcome.error);
      await rm(file, { force: true });
      return { enabled: false };
    },

    /** After a reset with the recovery key or a restore, the vault's device wrap is gone: so is the secret. */
    async forget(): Promise<void> {
      await rm(file, { force: true });
    },

    async unlock(): Promise<MethodOutput<'device.unlock'>> {
      refuseIfUnavailable();
      if (!existsSync(file)) {
        throw new RpcError({ code: 'DEVICE_UNLOCK_UNAVAILABLE', message: 'Device unlock is not turned on.' });
      }
      const deviceSecret = safeStorage.decryptString(await readFile(file));
      return resultOf<MethodOutput<'device.unlock'>>(
        await core.call('vault.unlockWithDevice', { deviceSecret }),
      );
    },
  };
}
