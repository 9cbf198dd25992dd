import { useState } from 'react';
import { Button, Disclosure, DisclosurePanel, Form, Heading } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { ChevronRightIcon } from '../../ui/icons.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PassphraseField } from '../../ui/PassphraseField.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';
import { NewPassphraseFields, useNewPassphrase } from '../../vault/NewPassphraseFields.tsx';

export function ChangePassphraseSection() {
  const [currentPassphrase, setCurrentPassphrase] = useState('');
  const newPassphrase = useNewPassphrase();
  const [isChanging, setChanging] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'changed' | 'failed'; text: string } | null>(null);
  const isSame = newPassphrase.passphrase !== '' && newPassphrase.passphrase === currentPassphrase;
  const canSubmit = currentPassphrase !== '' && newPassphrase.isReady && !isSame;

  async function change(): Promise<void> {
    if (!canSubmit || isChanging) return;
    setChanging(true);
    setOutcome(null);
    try {
      await outpost.call('vault.changePassphrase', {
        currentPassphrase,
        newPassphrase: newPassphrase.passphrase,
      });
      setCurrentPassphrase('');
      newPassphrase.clear();
      noteVaultChanged();
      setOutcome({
        kind: 'changed',
        text: 'Your passphrase has been changed. Use the new one next time you unlock. Your recovery key still works.',
      });
    } catch (error) {
      setCurrentPassphrase('');
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setChanging(false);
    }
  }

  return (
    <Disclosure className="panel-section disclosure">
      <Heading level={3} className="disclosure-heading">
        <Button slot="trigger" className="disclosure-trigger">
          <ChevronRightIcon />
          Change passphrase
        </Button>
      </Heading>
      <DisclosurePanel className="disclosure-panel">
        <Form
          className="form-stack"
          aria-label="Change passphrase"
          onSubmit={(event) => {
            event.preventDefault();
            void change();
          }}
        >
          <p className="muted">
            Your records stay as they are; only the passphrase that unlocks them changes. Backups made before
            keep the passphrase they were made with.
          </p>
          <PassphraseField
            label="Current passphrase"
            value={currentPassphrase}
            onChange={setCurrentPassphrase}
            autoComplete="current-password"
            isReadOnly={isChanging}
          />
          <NewPassphraseFields state={newPassphrase} isReadOnly={isChanging} />
          {isSame && <ErrorNotice>The new passphrase is the same as the current one.</ErrorNotice>}
          {outcome?.kind === 'changed' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
          {outcome?.kind === 'failed' && (
            <ErrorNotice testId="change-passphrase-error">{outcome.text}</ErrorNotice>
          )}
          {isChanging && <PendingBar label="Changing your passphrase…" />}
          <div className="button-row">
            <Button
              type="submit"
              className="button button-primary"
              isDisabled={!canSubmit}
              isPending={isChanging}
            >
              Change passphrase
            </Button>
          </div>
        </Form>
      </DisclosurePanel>
    </Disclosure>
  );
}
