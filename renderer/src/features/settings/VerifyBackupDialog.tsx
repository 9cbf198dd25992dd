import { useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import { formatDateTimeShort } from '../../ui/format.ts';
import { StatusNotice } from '../../ui/Notice.tsx';
import { PassphrasePromptForm } from '../../ui/PassphrasePromptForm.tsx';
import { backupFailureMessage } from '../../vault/restoreErrors.ts';
import type { BackupSummary } from './BackupsPanel.tsx';

interface VerifyBackupDialogProps {
  backup: BackupSummary | null;
  onClose: () => void;
}

export function VerifyBackupDialog({ backup, onClose }: VerifyBackupDialogProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={backup !== null}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
    >
      <Modal className="modal">
        <Dialog className="dialog">
          {backup !== null && <VerifyBackupForm backup={backup} onClose={onClose} />}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function VerifyBackupForm({ backup, onClose }: { backup: BackupSummary; onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [isVerifying, setVerifying] = useState(false);
  const [result, setResult] = useState<MethodOutput<'backup.verify'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify(): Promise<void> {
    if (passphrase === '' || isVerifying) return;
    setVerifying(true);
    setError(null);
    try {
      setResult(await outpost.call('backup.verify', { file: backup.file, passphrase }));
    } catch (failure) {
      setError(backupFailureMessage(failure));
    } finally {
      setPassphrase('');
      setVerifying(false);
    }
  }

  return (
    <>
      <Heading slot="title">Verify backup</Heading>
      <p className="muted">
        Opens the backup made {formatDateTimeShort(backup.createdAt)} in a private scratch folder and checks
        every part of it, without changing your vault.
      </p>
      {result === null ? (
        <PassphrasePromptForm
          formLabel="Verify backup"
          fieldLabel="Passphrase of the backup"
          description="The passphrase the vault had when this backup was made."
          passphrase={passphrase}
          onPassphraseChange={setPassphrase}
          submitLabel="Verify"
          pendingLabel="Verifying the backup…"
          isPending={isVerifying}
          error={error}
          errorTestId="verify-error"
          onSubmit={() => void verify()}
          onCancel={onClose}
        />
      ) : (
        <>
          <StatusNotice tone="success" testId="verify-result">
            <p>
              This backup is intact and can be restored. It was made {formatDateTimeShort(result.createdAt)}{' '}
              and holds {result.auditEntries} audit log entries.
            </p>
          </StatusNotice>
          <div className="button-row button-row-end">
            <Button className="button button-primary" onPress={onClose} autoFocus>
              Close
            </Button>
          </div>
        </>
      )}
    </>
  );
}
