import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { StatusNotice } from '../../ui/Notice.tsx';
import { PassphrasePromptForm } from '../../ui/PassphrasePromptForm.tsx';
import { RecoveryKeyHandover } from '../../vault/RecoveryKeyHandover.tsx';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';

/** Settings › Security: a new recovery key for one that was lost, never written down or seen by others. */
export function ReplaceRecoveryKeySection() {
  const [isOpen, setOpen] = useState(false);
  // Set once a key was shown, so the dialog cannot be closed before it is written down.
  const [newKey, setNewKey] = useState<string | null>(null);
  const [wasReplaced, setReplaced] = useState(false);

  function open(): void {
    setReplaced(false);
    setNewKey(null);
    setOpen(true);
  }

  function close(): void {
    setOpen(false);
    if (newKey !== null) setReplaced(true);
    setNewKey(null);
  }

  return (
    <div className="panel-section">
      <h3>Recovery key</h3>
      <p className="muted">
        If you forget your passphrase, the recovery key is the only way into your vault. If yours is lost, was
        never written down, or someone else may have seen it, replace it: you get a new key to write down, and
        the old one stops working.
      </p>
      {wasReplaced && (
        <StatusNotice tone="success" testId="recovery-key-replaced">
          Your recovery key was replaced. The old one no longer works; destroy any copy of it.
        </StatusNotice>
      )}
      <div className="button-row">
        <Button className="button" onPress={open}>
          Replace recovery key…
        </Button>
      </div>

      <ModalOverlay
        className="modal-overlay"
        isOpen={isOpen}
        onOpenChange={(next) => !next && close()}
        isDismissable={newKey === null}
        isKeyboardDismissDisabled={newKey !== null}
      >
        <Modal className="modal">
          <Dialog className="dialog" data-testid="replace-recovery-key-dialog">
            {newKey === null ? (
              <AskForPassphrase onReplaced={setNewKey} onCancel={close} />
            ) : (
              <ShowNewKey recoveryKey={newKey} onDone={close} />
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </div>
  );
}

function AskForPassphrase({
  onReplaced,
  onCancel,
}: {
  onReplaced: (recoveryKey: string) => void;
  onCancel: () => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [isReplacing, setReplacing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function replace(): Promise<void> {
    if (passphrase === '' || isReplacing) return;
    setReplacing(true);
    setError(null);
    try {
      const { recoveryKey } = await outpost.call('vault.rotateRecoveryKey', { passphrase });
      noteVaultChanged();
      onReplaced(recoveryKey);
    } catch (failure) {
      setError(failureMessage(failure));
      setPassphrase('');
      setReplacing(false);
      requestAnimationFrame(() => inputRef.current?.focus());
    }
  }

  return (
    <>
      <Heading slot="title">Replace recovery key</Heading>
      <p>
        Outpost will make a new recovery key and show it to you once, to write down. Your current recovery key
        stops working at that moment, so a lost or copied one can no longer open the vault.
      </p>
      <p className="muted">Your passphrase, your records and your backups stay as they are.</p>
      <PassphrasePromptForm
        formLabel="Replace recovery key"
        fieldLabel="Current passphrase"
        description="To make sure it is you."
        passphrase={passphrase}
        onPassphraseChange={setPassphrase}
        submitLabel="Replace recovery key"
        pendingLabel="Making a new recovery key…"
        isPending={isReplacing}
        error={error}
        errorTestId="replace-recovery-key-error"
        onSubmit={() => void replace()}
        onCancel={onCancel}
        inputRef={inputRef}
      />
    </>
  );
}

function ShowNewKey({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form that had focus is gone; start at the top of what replaced it.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <>
      <Heading slot="title" ref={headingRef} tabIndex={-1} className="dialog-title-focusable">
        Your new recovery key
      </Heading>
      <StatusNotice tone="success">
        <p>Your old recovery key no longer works: this one replaces it.</p>
      </StatusNotice>
      <RecoveryKeyHandover recoveryKey={recoveryKey} onContinue={onDone} continueLabel="Done" isInDialog />
    </>
  );
}
