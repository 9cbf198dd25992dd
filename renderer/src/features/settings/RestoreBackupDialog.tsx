import { Dialog, Modal, ModalOverlay } from 'react-aria-components';
import { RestoreBackupForm } from '../../vault/RestoreBackupForm.tsx';
import { useVaultSession } from '../../vault/vaultSession.ts';

interface RestoreBackupDialogProps {
  isOpen: boolean;
  initialFile: string | null;
  onClose: () => void;
}

/** Restoring replaces the open vault, so a second dialog spells out what happens to it. */
export function RestoreBackupDialog({ isOpen, initialFile, onClose }: RestoreBackupDialogProps) {
  const { restoreBackup } = useVaultSession();
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
    >
      <Modal className="modal">
        <Dialog className="dialog">
          <RestoreBackupForm
            headingSlot
            heading="Restore from a backup"
            intro={<p>Your vault will be replaced by the backup you choose.</p>}
            submitLabel="Restore…"
            initialFile={initialFile}
            onRestore={restoreBackup}
            onCancel={onClose}
            confirmation={{
              title: 'Lock this vault and restore the backup?',
              body: (
                <>
                  <p>
                    Outpost will lock now. Your current vault will be set aside, not deleted: it stays in a
                    folder next to the restored one, in case you need it later.
                  </p>
                  <p>Anything added since the backup was made will not be in the restored vault.</p>
                  <p>Afterwards, unlock with the passphrase the vault had when the backup was made.</p>
                </>
              ),
              confirmLabel: 'Lock and restore',
            }}
          />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
