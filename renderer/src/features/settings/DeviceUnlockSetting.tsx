import { useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { SwitchControl } from '../../ui/SwitchControl.tsx';
import { DEVICE_UNLOCK_LABEL, useDeviceUnlockStatus } from '../../vault/deviceUnlock.ts';

const WHAT_IT_MEANS =
  'Anyone who can log in to this computer account can then open the vault without the passphrase; ' +
  'your passphrase still works, and this is turned off automatically when the passphrase is reset with the recovery key.';

/** "Unlock with this computer's keychain": on and off at once, or disabled with the host's reason. */
export function DeviceUnlockSetting() {
  const { state, setDevice, reload } = useDeviceUnlockStatus();
  // The position asked for, shown while the host works on it.
  const [pending, setPending] = useState<boolean | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'changed' | 'failed'; text: string } | null>(null);

  async function change(turnOn: boolean): Promise<void> {
    if (state.status !== 'ready' || pending !== null) return;
    setPending(turnOn);
    setOutcome(null);
    try {
      const { enabled } = await outpost.call(turnOn ? 'device.enable' : 'device.disable', {});
      setDevice({ ...state.device, enabled });
      setOutcome({
        kind: 'changed',
        text: enabled
          ? 'Turned on. The Unlock screen now offers to unlock with this computer’s keychain.'
          : 'Turned off. Unlocking needs your passphrase again.',
      });
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
      // The keychain may have gone away since the panel opened; the switch then says why.
      if (error instanceof RpcError && error.code === 'DEVICE_UNLOCK_UNAVAILABLE') reload();
    } finally {
      setPending(null);
    }
  }

  if (state.status === 'failed') {
    return (
      <div className="error-block">
        <ErrorNotice>{state.message}</ErrorNotice>
        <Button className="button" onPress={reload}>
          Try again
        </Button>
      </div>
    );
  }

  const device = state.status === 'ready' ? state.device : null;
  const isAvailable = device?.available === true;
  const description =
    device === null
      ? 'Checking whether this computer has a keychain Outpost can use…'
      : isAvailable
        ? WHAT_IT_MEANS
        : (device.reason ?? 'This computer has no keychain Outpost can use.');

  return (
    <div className="setting" data-testid="device-unlock-setting">
      <SwitchControl
        label={DEVICE_UNLOCK_LABEL}
        isSelected={pending ?? (isAvailable && device.enabled)}
        onChange={(turnOn) => void change(turnOn)}
        isDisabled={!isAvailable}
        isReadOnly={pending !== null}
        description={description}
      />
      {outcome?.kind === 'changed' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
      {outcome?.kind === 'failed' && <ErrorNotice testId="device-unlock-error">{outcome.text}</ErrorNotice>}
    </div>
  );
}
