import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';

interface EraseClientDialogProps {
  client: Client;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onErased: () => void;
}

/** Erasure cannot be undone, so the name is typed, not just clicked through. */
export function EraseClientDialog({ client, isOpen, onOpenChange, onErased }: EraseClientDialogProps) {
  const [typedName, setTypedName] = useState('');
  const [isErasing, setErasing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [showMismatch, setShowMismatch] = useState(false);
  const matches = typedName.trim() === client.displayName;

  function close(open: boolean): void {
    if (isErasing) return;
    onOpenChange(open);
    if (!open) {
      setTypedName('');
      setFailure(null);
      setShowMismatch(false);
    }
  }

  async function erase(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!matches) {
      setShowMismatch(true);
      return;
    }
    setErasing(true);
    setFailure(null);
    try {
      await outpost.call('clients.erase', { id: client.id, confirmDisplayName: typedName.trim() });
      setErasing(false);
      onOpenChange(false);
      onErased();
    } catch (error) {
      setFailure(failureMessage(error));
      setErasing(false);
    }
  }

  return (
    <ModalDialog
      title={`Erase ${client.displayName}?`}
      isOpen={isOpen}
      onOpenChange={close}
      role="alertdialog"
      isDismissable={!isErasing}
    >
      <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void erase(event)}>
        <p>
          Erasing permanently removes every record of this client from the vault: their details, consent
          records and evidence files, session notes (signed ones too), addenda and tasks. It cannot be undone,
          and backups made before now still hold the record until they are deleted.
        </p>
        <p>
          Use it when the client asks for their data to be deleted, or when your retention period has ended.
          To stop working with the client but keep the record, use <strong>Archive</strong> instead.
        </p>
        <p className="muted">
          The audit log keeps only the fact that a client was erased, never their details.
        </p>
        <TextInputField
          label={`Type the client's name, ${client.displayName}, to confirm`}
          value={typedName}
          onChange={(value) => {
            setTypedName(value);
            setShowMismatch(false);
          }}
          autoFocus
          maxLength={200}
          errorMessage={showMismatch ? 'The name does not match. Type it exactly as shown.' : null}
        />
        {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
        <div className="button-row button-row-end">
          <Button className="button" onPress={() => close(false)} isDisabled={isErasing}>
            Cancel
          </Button>
          <Button
            type="submit"
            className="button button-danger-solid"
            isPending={isErasing}
            isDisabled={!matches}
          >
            Erase permanently
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
