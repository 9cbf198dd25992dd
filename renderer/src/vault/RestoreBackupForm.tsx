import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import {
  Button,
  Dialog,
  Form,
  Heading,
  Input,
  Label,
  Modal,
  ModalOverlay,
  Text,
  TextField,
} from 'react-aria-components';
import { outpost } from '../client/outpostClient.dom.ts';
import { ErrorNotice } from '../ui/Notice.tsx';
import { PassphraseField } from '../ui/PassphraseField.tsx';
import { PendingBar } from '../ui/PendingBar.tsx';
import { backupFailureMessage } from './restoreErrors.ts';

export interface RestoreConfirmation {
  title: string;
  body: ReactNode;
  confirmLabel: string;
}

interface RestoreBackupFormProps {
  heading: string;
  intro: ReactNode;
  submitLabel: string;
  onRestore: (file: string, passphrase: string) => Promise<unknown>;
  onCancel?: () => void;
  cancelLabel?: string;
  /** A file already picked (from the list of backups); otherwise the person chooses one. */
  initialFile?: string | null;
  /** Asked in a second dialog before anything happens, when restoring replaces an open vault. */
  confirmation?: RestoreConfirmation;
  /** Inside a dialog the heading is the dialog's title. */
  headingSlot?: boolean;
}

type FileChoice =
  | { kind: 'none' }
  | { kind: 'chosen'; path: string }
  /** The file dialog returned nothing: the person may type the path instead. */
  | { kind: 'typed'; path: string };

/** Pick a backup file, give its passphrase, restore. On success the gate takes over. */
export function RestoreBackupForm({
  heading,
  intro,
  submitLabel,
  onRestore,
  onCancel,
  cancelLabel = 'Cancel',
  initialFile = null,
  confirmation,
  headingSlot = false,
}: RestoreBackupFormProps) {
  const [file, setFile] = useState<FileChoice>(
    initialFile === null ? { kind: 'none' } : { kind: 'chosen', path: initialFile },
  );
  const [passphrase, setPassphrase] = useState('');
  const [isChoosing, setChoosing] = useState(false);
  const [isRestoring, setRestoring] = useState(false);
  const [isConfirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pathInputRef = useRef<HTMLInputElement>(null);
  const filePath = file.kind === 'none' ? '' : file.path.trim();
  const canSubmit = filePath !== '' && passphrase !== '' && !isRestoring;

  async function chooseFile(): Promise<void> {
    setChoosing(true);
    setError(null);
    try {
      const { path } = await outpost.call('os.chooseFile', { purpose: 'restore' });
      setFile(
        path === null
          ? { kind: 'typed', path: file.kind === 'typed' ? file.path : '' }
          : { kind: 'chosen', path },
      );
      if (path === null) requestAnimationFrame(() => pathInputRef.current?.focus());
    } catch (failure) {
      setError(backupFailureMessage(failure));
      setFile({ kind: 'typed', path: '' });
    } finally {
      setChoosing(false);
    }
  }

  async function restore(): Promise<void> {
    setConfirming(false);
    setRestoring(true);
    setError(null);
    try {
      await onRestore(filePath, passphrase);
    } catch (failure) {
      setError(backupFailureMessage(failure));
      setPassphrase('');
      setRestoring(false);
    }
  }

  function submit(): void {
    if (!canSubmit) return;
    if (confirmation === undefined) void restore();
    else setConfirming(true);
  }

  const HeadingElement = headingSlot ? (
    <Heading slot="title" className="restore-heading">
      {heading}
    </Heading>
  ) : (
    <h1 className="gate-heading">{heading}</h1>
  );

  return (
    <div className="restore-form">
      {HeadingElement}
      <div className="gate-intro">{intro}</div>
      <Form
        className="form-stack"
        aria-label={heading}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <span className="field-label">Backup file</span>
          {file.kind === 'chosen' && (
            <span className="path" data-testid="restore-file">
              {file.path}
            </span>
          )}
          <div className="button-row">
            <Button
              className="button"
              onPress={() => void chooseFile()}
              isPending={isChoosing}
              isDisabled={isRestoring}
            >
              {file.kind === 'chosen' ? 'Choose another file…' : 'Choose backup file…'}
            </Button>
          </div>
        </div>

        {file.kind === 'typed' && (
          <TextField
            className="field"
            value={file.path}
            onChange={(path) => setFile({ kind: 'typed', path })}
            isReadOnly={isRestoring}
            autoComplete="off"
          >
            <Label className="field-label">Path of the backup file</Label>
            <Input className="input input-mono" ref={pathInputRef} spellCheck={false} />
            <Text slot="description" className="field-description">
              No file was chosen. You can type the full path of the backup file instead; its name ends in
              .outpost-backup.
            </Text>
          </TextField>
        )}

        <PassphraseField
          label="Passphrase of the backup"
          value={passphrase}
          onChange={setPassphrase}
          autoComplete="current-password"
          isReadOnly={isRestoring}
          description="The passphrase the vault had when this backup was made."
        />

        {error !== null && <ErrorNotice testId="restore-error">{error}</ErrorNotice>}
        {isRestoring && <PendingBar label="Checking and restoring the backup…" />}
        <div className="button-row">
          <Button
            type="submit"
            className="button button-primary"
            isDisabled={!canSubmit}
            isPending={isRestoring}
          >
            {submitLabel}
          </Button>
          {onCancel !== undefined && (
            <Button className="button" onPress={onCancel} isDisabled={isRestoring}>
              {cancelLabel}
            </Button>
          )}
        </div>
      </Form>

      {confirmation !== undefined && (
        <ModalOverlay
          className="modal-overlay"
          isOpen={isConfirming}
          onOpenChange={setConfirming}
          isDismissable
        >
          <Modal className="modal">
            <Dialog className="dialog" role="alertdialog">
              <Heading slot="title">{confirmation.title}</Heading>
              {confirmation.body}
              <div className="button-row button-row-end">
                <Button className="button" onPress={() => setConfirming(false)} autoFocus>
                  Cancel
                </Button>
                <Button className="button button-primary" onPress={() => void restore()}>
                  {confirmation.confirmLabel}
                </Button>
              </div>
            </Dialog>
          </Modal>
        </ModalOverlay>
      )}
    </div>
  );
}
