import { useRef, useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import type { MethodOutput } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { outpost } from '../client/outpostClient.dom.ts';
import { failureMessage } from '../client/failureMessage.ts';
import { Fingerprint } from '../features/exchange/Fingerprint.tsx';
import { CheckboxField } from '../ui/CheckboxField.tsx';
import { ErrorNotice, StatusNotice } from '../ui/Notice.tsx';
import { PassphraseField } from '../ui/PassphraseField.tsx';
import { PendingBar } from '../ui/PendingBar.tsx';
import { forgetDeviceUnlock } from './deviceUnlock.ts';

type Inspection = MethodOutput<'exchange.inspectVaultTransfer'>;

/** The core words transfer refusals for people (which passphrase, damaged, not a transfer); show them. */
function transferFailure(error: unknown): string {
  if (
    error instanceof RpcError &&
    (error.code === 'INVALID_INPUT' || error.code === 'WRONG_PASSPHRASE' || error.code === 'NOT_FOUND')
  ) {
    if (error.code === 'WRONG_PASSPHRASE' && error.field === 'bundlePassphrase')
      return 'That bundle passphrase does not open this file. Nothing was changed.';
    return error.message;
  }
  return failureMessage(error);
}

/**
 * "Move a vault from another computer": choose the transfer file, open it with its
 * bundle passphrase, compare the signer's fingerprint with the old computer's, then
 * give the vault's own passphrase. Nothing here changes until every check passed;
 * the vault is then opened with that passphrase.
 */
export function MoveVaultForm({ onCancel }: { onCancel: () => void }) {
  const [file, setFile] = useState<{ path: string; typed: boolean } | null>(null);
  const [bundlePassphrase, setBundlePassphrase] = useState('');
  const [vaultPassphrase, setVaultPassphrase] = useState('');
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [fingerprintMatches, setFingerprintMatches] = useState(false);
  const [busy, setBusy] = useState<'choosing' | 'checking' | 'moving' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pathInputRef = useRef<HTMLInputElement>(null);
  const path = file?.path.trim() ?? '';

  function reset(): void {
    setInspection(null);
    setFingerprintMatches(false);
  }

  async function chooseFile(): Promise<void> {
    setBusy('choosing');
    setError(null);
    try {
      const chosen = (await outpost.call('os.chooseFile', { purpose: 'exchange-bundle' })).path;
      setFile(
        chosen === null
          ? { path: file?.typed ? file.path : '', typed: true }
          : { path: chosen, typed: false },
      );
      reset();
      if (chosen === null) requestAnimationFrame(() => pathInputRef.current?.focus());
    } catch (failure) {
      setError(failureMessage(failure));
      setFile({ path: '', typed: true });
    } finally {
      setBusy(null);
    }
  }

  async function check(): Promise<void> {
    if (path === '' || bundlePassphrase === '') return;
    setBusy('checking');
    setError(null);
    try {
      setInspection(await outpost.call('exchange.inspectVaultTransfer', { file: path, bundlePassphrase }));
    } catch (failure) {
      setError(transferFailure(failure));
    } finally {
      setBusy(null);
    }
  }

  async function move(): Promise<void> {
    if (inspection === null || !fingerprintMatches || vaultPassphrase === '') return;
    setBusy('moving');
    setError(null);
    try {
      await outpost.call('exchange.importVaultTransfer', {
        file: path,
        bundlePassphrase,
        vaultPassphrase,
        manifestSha256: inspection.manifestSha256,
      });
      // The moved vault has no keychain key wrap here; see forgetDeviceUnlock.
      void forgetDeviceUnlock();
      // Opening it announces vault.unlocked, and the gate shows the app.
      await outpost.call('vault.unlock', { passphrase: vaultPassphrase });
    } catch (failure) {
      setError(transferFailure(failure));
      setVaultPassphrase('');
      setBusy(null);
    }
  }

  const isBusy = busy !== null;

  return (
    <div className="restore-form">
      <h1 className="gate-heading">Move a vault from another computer</h1>
      <div className="gate-intro">
        <p>
          On the old computer, open Team exchange and use <strong>Move to a new computer</strong> to write a
          transfer file. Bring that file, its bundle passphrase and your vault passphrase.
        </p>
      </div>
      <Form
        className="form-stack"
        aria-label="Move a vault from another computer"
        onSubmit={(event) => {
          event.preventDefault();
          void (inspection === null ? check() : move());
        }}
      >
        <div className="field">
          <span className="field-label">Transfer file</span>
          {file !== null && !file.typed && (
            <span className="path" data-testid="move-file">
              {file.path}
            </span>
          )}
          <div className="button-row">
            <Button
              className="button"
              onPress={() => void chooseFile()}
              isPending={busy === 'choosing'}
              isDisabled={isBusy}
            >
              {file !== null && !file.typed ? 'Choose another file…' : 'Choose transfer file…'}
            </Button>
          </div>
        </div>
        {file?.typed === true && (
          <TextField
            className="field"
            value={file.path}
            onChange={(typed) => {
              setFile({ path: typed, typed: true });
              reset();
            }}
            isReadOnly={isBusy}
            autoComplete="off"
          >
            <Label className="field-label">Path of the transfer file</Label>
            <Input className="input input-mono" ref={pathInputRef} spellCheck={false} />
            <Text slot="description" className="field-description">
              No file was chosen. You can type the full path instead; its name ends in .outpost-bundle.
            </Text>
          </TextField>
        )}
        <PassphraseField
          label="Bundle passphrase"
          value={bundlePassphrase}
          onChange={(value) => {
            setBundlePassphrase(value);
            reset();
          }}
          autoComplete="current-password"
          isReadOnly={isBusy}
          description="The passphrase chosen when the transfer file was written."
        />

        {inspection !== null && (
          <StatusNotice testId="move-signer">
            <p>
              The file is intact and signed by <strong>{inspection.sender.displayName}</strong>, written{' '}
              {new Date(inspection.createdAt).toLocaleString()}. Compare this fingerprint with the one the old
              computer shows under Team exchange, Your card:
            </p>
            <Fingerprint value={inspection.sender.fingerprint} testId="move-fingerprint" />
          </StatusNotice>
        )}
        {inspection !== null && (
          <CheckboxField isSelected={fingerprintMatches} onChange={setFingerprintMatches}>
            The fingerprint matches the old computer’s
          </CheckboxField>
        )}
        {inspection !== null && (
          <PassphraseField
            label="Vault passphrase"
            value={vaultPassphrase}
            onChange={setVaultPassphrase}
            autoComplete="current-password"
            isReadOnly={isBusy}
            description="The passphrase you unlock this vault with on the old computer. It is not in the file."
          />
        )}

        {error !== null && <ErrorNotice testId="move-error">{error}</ErrorNotice>}
        {busy === 'checking' && <PendingBar label="Decrypting and checking the transfer file…" />}
        {busy === 'moving' && <PendingBar label="Checking and moving the vault…" />}
        <div className="button-row">
          {inspection === null ? (
            <Button
              type="submit"
              className="button button-primary"
              isDisabled={path === '' || bundlePassphrase === '' || isBusy}
              isPending={busy === 'checking'}
            >
              Check the file
            </Button>
          ) : (
            <Button
              type="submit"
              className="button button-primary"
              isDisabled={!fingerprintMatches || vaultPassphrase === '' || isBusy}
              isPending={busy === 'moving'}
            >
              Move the vault here
            </Button>
          )}
          <Button className="button" onPress={onCancel} isDisabled={isBusy}>
            Back to creating a vault
          </Button>
        </div>
      </Form>
    </div>
  );
}
