import { useCallback, useEffect, useState } from 'react';
import { outpost } from '../client/outpostClient.dom.ts';
import { failureMessage } from '../client/failureMessage.ts';
import type { MethodOutput } from '../../../shared/rpc/contract.std.ts';

export type DeviceUnlockStatus = MethodOutput<'device.status'>;

export type DeviceUnlockState =
  | { status: 'loading' }
  | { status: 'ready'; device: DeviceUnlockStatus }
  | { status: 'failed'; message: string };

/** The visible name of the feature, the same on the Unlock screen and in Settings. */
export const DEVICE_UNLOCK_LABEL = 'Unlock with this computer’s keychain';

/**
 * Whether this computer's keychain can unlock the vault, asked of the host (only it can
 * reach the keychain) when mounted and on reload.
 */
export function useDeviceUnlockStatus(): {
  state: DeviceUnlockState;
  setDevice: (device: DeviceUnlockStatus) => void;
  reload: () => void;
} {
  const [state, setState] = useState<DeviceUnlockState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let isStale = false;
    outpost.call('device.status', {}).then(
      (device) => {
        if (!isStale) setState({ status: 'ready', device });
      },
      (error: unknown) => {
        if (!isStale) setState({ status: 'failed', message: failureMessage(error) });
      },
    );
    return () => {
      isStale = true;
    };
  }, [attempt]);

  const setDevice = useCallback((device: DeviceUnlockStatus) => setState({ status: 'ready', device }), []);
  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  return { state, setDevice, reload };
}

/**
 * The core drops its keychain key wrap when the passphrase is reset with the recovery key
 * or a backup is restored, but the host's sealed secret stays behind and device.status
 * would go on saying "enabled". Turning it off through the host removes that secret too,
 * so the switch and the Unlock screen tell the truth. Best effort: failures change nothing.
 */
export async function forgetDeviceUnlock(): Promise<void> {
  try {
    const device = await outpost.call('device.status', {});
    if (device.enabled) await outpost.call('device.disable', {});
  } catch {
    // Unlocking with the keychain then fails with DEVICE_UNLOCK_UNAVAILABLE, which the Unlock screen explains.
  }
}
