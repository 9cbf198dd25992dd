import { useEffect, useId, useRef, useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { outpost } from '../client/outpostClient.dom.ts';
import { failureMessage } from '../client/failureMessage.ts';
import type { LockReason } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { ErrorNotice, StatusNotice } from '../ui/Notice.tsx';
import { PassphraseField } from '../ui/PassphraseField.tsx';
import { PendingBar } from '../ui/PendingBar.tsx';
import { DEVICE_UNLOCK_LABEL, useDeviceUnlockStatus } from './deviceUnlock.ts';
import { GateLayout } from './GateLayout.tsx';
import { describeLockReason } from './lockReasons.ts';
import { NewPassphraseFields, useNewPassphrase } from './NewPassphraseFields.tsx';

export type LockedNotice =
  { kind: 'locked'; reason: LockReason } | { kind: 'restored'; setAside: string | null };

interface LockedScreensProps {
  notice: LockedNotice | null;
  unlockDelayMs: number;
  autoLockMinutes: number;
  onUnlock: (passphrase: string) => Promise<void>;
  onDeviceUnlock: () => Promise<void>;
  onRecover: (recoveryKey: string, newPassphrase: string) => Promise<void>;
}

/** The locked vault: unlock with the passphrase, or recover with the recovery key. */
export function LockedScreens({
  notice,
  unlockDelayMs,
  autoLockMinutes,
  onUnlock,
  onDeviceUnlock,
  onRecover,
}: LockedScreensProps) {
  const [mode, setMode] = useState<'unlock' | 'recover'>('unlock');
  return mode === 'unlock' ? (
    <UnlockScreen
      notice={notice}
      initialDelayMs={unlockDelayMs}
      autoLockMinutes={autoLockMinutes}
      onUnlock={onUnlock}
      onDeviceUnlock={onDeviceUnlock}
      onForgot={() => setMode('recover')}
    />
  ) : (
    <RecoverScreen onRecover={onRecover} onBack={() => setMode('unlock')} />
  );
}

function LockedNoticeText({ notice, autoLockMinutes }: { notice: LockedNotice; autoLockMinutes: number }) {
  if (notice.kind === 'locked') return <p>{describeLockReason(notice.reason, autoLockMinutes)}</p>;
  return (
    <>
      <p>The backup was restored. Unlock it with the passphrase the vault had when the backup was made.</p>
      {notice.setAside !== null && (
        <p>
          The vault that was here before has been kept, not deleted, at{' '}
          <span className="path" data-testid="set-aside-path">
            {notice.setAside}
          </span>
        </p>
      )}
    </>
  );
}

interface UnlockScreenProps {
  notice: LockedNotice | null;
  initialDelayMs: number;
  autoLockMinutes: number;
  onUnlock: (passphrase: string) => Promise<void>;
  onDeviceUnlock: () => Promise<void>;
  onForgot: () => void;
}

function UnlockScreen({
  notice,
  initialDelayMs,
  autoLockMinutes,
  onUnlock,
  onDeviceUnlock,
  onForgot,
}: UnlockScreenProps) {
  const noticeId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [isUnlocking, setUnlocking] = useState(false);
  const [isUnlockingWithDevice, setUnlockingWithDevice] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [failureCount, setFailureCount] = useState(0);
  const device = useDeviceUnlockStatus();
  // The host may say "enabled" for a key wrap the vault no longer has; once refused, the button goes.
  const [isDeviceRefused, setDeviceRefused] = useState(false);
  const offersDeviceUnlock =
    device.state.status === 'ready' &&
    device.state.device.available &&
    device.state.device.enabled &&
    !isDeviceRefused;
  const isBusy = isUnlocking || isUnlockingWithDevice;
  // Stays once seen: the hold shrinks as time passes, but the wrong attempts still count.
  const [isSlowedDown, setSlowedDown] = useState(initialDelayMs > 0);

  // After a wrong passphrase (or a refusal by the keychain) the field is empty and ready for the next try.
  useEffect(() => {
    if (failureCount > 0) inputRef.current?.focus();
  }, [failureCount]);

  async function unlock(): Promise<void> {
    if (passphrase === '' || isBusy) return;
    setUnlocking(true);
    setError(null);
    try {
      await onUnlock(passphrase);
    } catch (failure) {
      setError(failureMessage(failure));
      setPassphrase('');
      setUnlocking(false);
      setFailureCount((count) => count + 1);
      outpost.call('vault.status', {}).then(
        (status) => {
          if (status.unlockDelayMs > 0) setSlowedDown(true);
        },
        () => undefined,
      );
    }
  }

  async function unlockWithDevice(): Promise<void> {
    if (isBusy) return;
    setUnlockingWithDevice(true);
    setError(null);
    try {
      await onDeviceUnlock();
    } catch (failure) {
      setError(failureMessage(failure));
      if (failure instanceof RpcError && failure.code === 'DEVICE_UNLOCK_UNAVAILABLE') setDeviceRefused(true);
      setUnlockingWithDevice(false);
      setFailureCount((count) => count + 1);
    }
  }

  return (
    <GateLayout>
      <h1 className="gate-heading">Unlock your vault</h1>
      {notice !== null ? (
        <StatusNotice tone={notice.kind === 'restored' ? 'success' : 'info'} testId="lock-notice">
          <div id={noticeId}>
            <LockedNoticeText notice={notice} autoLockMinutes={autoLockMinutes} />
          </div>
        </StatusNotice>
      ) : (
        <p className="gate-intro" id={noticeId}>
          Enter your passphrase to open your clients’ records.
        </p>
      )}

      <Form
        className="form-stack"
        aria-label="Unlock your vault"
        onSubmit={(event) => {
          event.preventDefault();
          void unlock();
        }}
      >
        <PassphraseField
          label="Passphrase"
          value={passphrase}
          onChange={setPassphrase}
          autoComplete="current-password"
          autoFocus
          isReadOnly={isBusy}
          inputRef={inputRef}
          describedBy={noticeId}
        />
        {error !== null && <ErrorNotice testId="unlock-error">{error}</ErrorNotice>}
        {isSlowedDown && (
          <StatusNotice tone="warning" testId="unlock-slowed">
            <p>
              After several wrong passphrases, Outpost waits a little longer before checking each new attempt.
              This slows down anyone trying to guess it.
            </p>
          </StatusNotice>
        )}
        {isUnlocking && <PendingBar label="Checking your passphrase…" />}
        {isUnlockingWithDevice && <PendingBar label="Asking this computer’s keychain…" />}
        <div className="button-row">
          <Button
            type="submit"
            className="button button-primary"
            isDisabled={passphrase === '' || isUnlockingWithDevice}
            isPending={isUnlocking}
          >
            Unlock
          </Button>
          {offersDeviceUnlock && (
            <Button
              className="button"
              onPress={() => void unlockWithDevice()}
              isDisabled={isUnlocking}
              isPending={isUnlockingWithDevice}
            >
              {DEVICE_UNLOCK_LABEL}
            </Button>
          )}
        </div>
      </Form>

      <p className="gate-aside">
        <Button className="link-button" onPress={onForgot} isDisabled={isBusy}>
          Forgot your passphrase?
        </Button>
      </p>
    </GateLayout>
  );
}

function RecoverScreen({
  onRecover,
  onBack,
}: {
  onRecover: (recoveryKey: string, newPassphrase: string) => Promise<void>;
  onBack: () => void;
}) {
  const [recoveryKey, setRecoveryKey] = useState('');
  const newPassphrase = useNewPassphrase();
  const [isRecovering, setRecovering] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSubmit = recoveryKey.trim() !== '' && newPassphrase.isReady;

  async function recover(): Promise<void> {
    if (!canSubmit || isRecovering) return;
    setRecovering(true);
    setError(null);
    try {
      await onRecover(recoveryKey, newPassphrase.passphrase);
    } catch (failure) {
      setError(failureMessage(failure));
      setRecovering(false);
    }
  }

  return (
    <GateLayout>
      <h1 className="gate-heading">Set a new passphrase</h1>
      <div className="gate-intro">
        <p>
          Use the recovery key you wrote down when the vault was made (or the newest one you were given). Then
          choose a new passphrase.
        </p>
        <p>Afterwards your old recovery key stops working and you will be shown a new one to write down.</p>
      </div>

      <Form
        className="form-stack"
        aria-label="Set a new passphrase"
        onSubmit={(event) => {
          event.preventDefault();
          void recover();
        }}
      >
        <TextField
          className="field"
          value={recoveryKey}
          onChange={setRecoveryKey}
          autoFocus
          isReadOnly={isRecovering}
          autoComplete="off"
          maxLength={200}
        >
          <Label className="field-label">Recovery key</Label>
          <Input
            className="input input-mono"
            spellCheck={false}
            autoCapitalize="characters"
            autoCorrect="off"
          />
          <Text slot="description" className="field-description">
            8 groups of 4 letters and digits. Capital letters, dashes and spaces do not matter.
          </Text>
        </TextField>
        <NewPassphraseFields state={newPassphrase} isReadOnly={isRecovering} />
        {error !== null && <ErrorNotice testId="recover-error">{error}</ErrorNotice>}
        {isRecovering && <PendingBar label="Checking the recovery key…" />}
        <div className="button-row">
          <Button
            type="submit"
            className="button button-primary"
            isDisabled={!canSubmit}
            isPending={isRecovering}
          >
            Set new passphrase
          </Button>
          <Button className="button" onPress={onBack} isDisabled={isRecovering}>
            Back
          </Button>
        </div>
      </Form>
    </GateLayout>
  );
}
