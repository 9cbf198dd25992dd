import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { failureMessage } from '../client/failureMessage.ts';
import { ErrorNotice } from '../ui/Notice.tsx';
import { PendingBar } from '../ui/PendingBar.tsx';
import { GateLayout } from './GateLayout.tsx';
import { NewPassphraseFields, useNewPassphrase } from './NewPassphraseFields.tsx';
import { MoveVaultForm } from './MoveVaultForm.tsx';
import { RestoreBackupForm } from './RestoreBackupForm.tsx';

interface CreateVaultScreenProps {
  onCreate: (passphrase: string) => Promise<void>;
  onRestore: (file: string, passphrase: string) => Promise<unknown>;
}

export function CreateVaultScreen({ onCreate, onRestore }: CreateVaultScreenProps) {
  const [mode, setMode] = useState<'create' | 'restore' | 'transfer'>('create');
  const newPassphrase = useNewPassphrase();
  const [isCreating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(): Promise<void> {
    if (!newPassphrase.isReady || isCreating) return;
    setCreating(true);
    setError(null);
    try {
      await onCreate(newPassphrase.passphrase);
    } catch (failure) {
      setError(failureMessage(failure));
      setCreating(false);
    }
  }

  if (mode === 'transfer') {
    return (
      <GateLayout>
        <MoveVaultForm onCancel={() => setMode('create')} />
      </GateLayout>
    );
  }

  if (mode === 'restore') {
    return (
      <GateLayout>
        <RestoreBackupForm
          heading="Restore from a backup"
          intro="Use a backup made on another computer, or before this one was reset. The backup becomes your vault on this computer."
          submitLabel="Restore backup"
          onRestore={onRestore}
          onCancel={() => setMode('create')}
          cancelLabel="Back to creating a vault"
        />
      </GateLayout>
    );
  }

  return (
    <GateLayout>
      <h1 className="gate-heading">Create your vault</h1>
      <div className="gate-intro">
        <p>
          Outpost keeps your clients’ case notes and records in an encrypted vault on this computer. Choose a
          passphrase to lock it: nobody can open the vault without it, including the makers of Outpost.
        </p>
        <p>
          If you forget the passphrase, the only way back in is the <strong>recovery key</strong> you will be
          shown next. Without one or the other, your records cannot be recovered.
        </p>
      </div>

      <Form
        className="form-stack"
        aria-label="Create your vault"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <NewPassphraseFields
          state={newPassphrase}
          passphraseLabel="Passphrase"
          autoFocus
          isReadOnly={isCreating}
        />
        {error !== null && <ErrorNotice testId="create-error">{error}</ErrorNotice>}
        {isCreating && <PendingBar label="Creating your vault…" />}
        <div className="button-row">
          <Button
            type="submit"
            className="button button-primary"
            isDisabled={!newPassphrase.isReady}
            isPending={isCreating}
          >
            Create vault
          </Button>
          {!newPassphrase.isReady && (
            <span className="muted">
              {newPassphrase.isAcceptable
                ? 'Type the passphrase again to continue.'
                : 'Choose a strong enough passphrase to continue.'}
            </span>
          )}
        </div>
      </Form>

      <p className="gate-aside">
        Moving from another computer?{' '}
        <Button className="link-button" onPress={() => setMode('restore')}>
          Restore from a backup instead
        </Button>{' '}
        or{' '}
        <Button className="link-button" onPress={() => setMode('transfer')}>
          Move a vault from another computer
        </Button>
      </p>
    </GateLayout>
  );
}
