import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FocusedHeading, GateLayout } from './GateLayout.tsx';
import { RestoreBackupForm } from './RestoreBackupForm.tsx';

export type VaultProblem = 'corrupt' | 'too_new';

interface VaultProblemScreenProps {
  problem: VaultProblem;
  onRestore: (file: string, passphrase: string) => Promise<unknown>;
  onCheckAgain: () => void;
}

/** The vault cannot be opened safely. Calm words first: nothing is lost yet, and here is the way back. */
export function VaultProblemScreen({ problem, onRestore, onCheckAgain }: VaultProblemScreenProps) {
  const [isRestoring, setRestoring] = useState(false);

  if (problem === 'too_new') {
    return (
      <GateLayout>
        <FocusedHeading>This vault needs a newer Outpost</FocusedHeading>
        <div className="gate-intro">
          <p>
            Your vault was last saved by a newer version of Outpost than this one, so this version cannot open
            it safely. Nothing was changed.
          </p>
          <p>Install the latest version of Outpost, then open it again.</p>
        </div>
        <div className="button-row">
          <Button className="button" onPress={onCheckAgain}>
            Check again
          </Button>
        </div>
      </GateLayout>
    );
  }

  if (isRestoring) {
    return (
      <GateLayout>
        <RestoreBackupForm
          heading="Restore from a backup"
          intro={
            <p>
              Choose your most recent backup. The damaged vault will be moved aside and kept, not deleted, in
              case it is needed later.
            </p>
          }
          submitLabel="Restore backup"
          onRestore={onRestore}
          onCancel={() => setRestoring(false)}
          cancelLabel="Back"
        />
      </GateLayout>
    );
  }

  return (
    <GateLayout>
      <FocusedHeading>Your vault file is damaged</FocusedHeading>
      <div className="gate-intro">
        <p>
          Outpost found that the vault file on this computer is damaged and could not be read safely, so it
          did not open it. <strong>Nothing has been deleted.</strong>
        </p>
        <p>
          You can get your records back from a backup. The damaged vault will be kept aside, not deleted, so
          it can still be examined later.
        </p>
      </div>
      <div className="button-row">
        <Button className="button button-primary" onPress={() => setRestoring(true)}>
          Restore from a backup
        </Button>
        <Button className="button" onPress={onCheckAgain}>
          Check again
        </Button>
      </div>
    </GateLayout>
  );
}
