import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { Note } from '../../../../shared/rpc/recordSchemas.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';

interface SignNoteDialogProps {
  noteId: string;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  /** Saves the latest typing first; false when it could not. */
  saveNow: () => Promise<boolean>;
  onSigned: (note: Note) => void;
}

export function SignNoteDialog({ noteId, isOpen, onOpenChange, saveNow, onSigned }: SignNoteDialogProps) {
  return (
    <ModalDialog title="Sign this note?" isOpen={isOpen} onOpenChange={onOpenChange} role="alertdialog">
      <SignForm noteId={noteId} saveNow={saveNow} onCancel={() => onOpenChange(false)} onSigned={onSigned} />
    </ModalDialog>
  );
}

function SignForm({
  noteId,
  saveNow,
  onCancel,
  onSigned,
}: {
  noteId: string;
  saveNow: () => Promise<boolean>;
  onCancel: () => void;
  onSigned: (note: Note) => void;
}) {
  // null while the settings load; '' when the vault has no practitioner name yet.
  const [storedName, setStoredName] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [isSigning, setSigning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let isStale = false;
    outpost.call('vault.getSettings', {}).then(
      (settings) => {
        if (!isStale) setStoredName(settings.practitionerName.trim());
      },
      (error: unknown) => {
        if (!isStale) {
          setStoredName('');
          setFailure(failureMessage(error));
        }
      },
    );
    return () => {
      isStale = true;
    };
  }, []);

  const needsName = storedName === '';
  const nameError =
    needsName && name.trim() === '' ? 'Enter your name as it should appear on signed notes.' : null;

  async function sign(event: FormEvent): Promise<void> {
    event.preventDefault();
    setShowErrors(true);
    if (storedName === null || nameError !== null || isSigning) return;
    setSigning(true);
    setFailure(null);
    try {
      if (needsName) {
        await outpost.call('vault.updateSettings', { practitionerName: name.trim() });
        noteVaultChanged();
        setStoredName(name.trim());
      }
      if (!(await saveNow())) {
        setFailure('The latest text could not be saved, so the note was not signed. Try again in a moment.');
        setSigning(false);
        return;
      }
      onSigned(await outpost.call('notes.sign', { id: noteId }));
    } catch (error) {
      setFailure(failureMessage(error));
      setSigning(false);
    }
  }

  if (storedName === null) return <PendingBar label="Getting ready to sign…" />;
  return (
    <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void sign(event)}>
      <p>
        Signing makes the note final. Its sections can no longer be changed; anything you add later becomes a
        dated addendum. A fingerprint of the content is stored, so any later change would show.
      </p>
      {needsName ? (
        <TextInputField
          label="Your name, as it will appear on signed notes"
          value={name}
          onChange={setName}
          isRequired
          autoFocus
          maxLength={120}
          autoComplete="name"
          description="Saved for this vault; you can change it in Settings."
          errorMessage={showErrors ? nameError : null}
        />
      ) : (
        <p>
          Signed as <strong>{storedName}</strong>.
        </p>
      )}
      {failure !== null && <ErrorNotice testId="sign-error">{failure}</ErrorNotice>}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onCancel} isDisabled={isSigning} autoFocus={!needsName}>
          Keep editing
        </Button>
        <Button type="submit" className="button button-primary" isPending={isSigning}>
          Sign note
        </Button>
      </div>
    </Form>
  );
}
