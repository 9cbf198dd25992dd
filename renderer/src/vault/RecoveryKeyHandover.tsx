import { Fragment, useState } from 'react';
import { Button } from 'react-aria-components';
import { CheckboxField } from '../ui/CheckboxField.tsx';
import './vault.css';

interface RecoveryKeyHandoverProps {
  recoveryKey: string;
  onContinue: () => void;
  continueLabel?: string;
  /** In a dialog the button sits at the end, like every dialog's buttons. */
  isInDialog?: boolean;
}

/**
 * The one time a recovery key is shown: the key in groups, what it is for, and a
 * Continue that waits until the person says it is written down. The heading (and any
 * notice) belong to whoever shows it: the gate's screen or a dialog in Settings.
 */
export function RecoveryKeyHandover({
  recoveryKey,
  onContinue,
  continueLabel = 'Continue',
  isInDialog = false,
}: RecoveryKeyHandoverProps) {
  const [hasWrittenDown, setWrittenDown] = useState(false);
  const groups = recoveryKey.split(/[-\s]+/).filter((group) => group !== '');

  return (
    <>
      <p className="recovery-key-warning">
        Write this down and keep it somewhere safe; it is shown only once.
      </p>

      <p className="recovery-key" data-testid="recovery-key">
        {groups.map((group, index) => (
          <Fragment key={index}>
            {index > 0 && ' '}
            <span className="recovery-key-group">{group}</span>
          </Fragment>
        ))}
      </p>

      <ul className="gate-points">
        <li>If you forget your passphrase, this key is the only way to open your vault.</li>
        <li>
          Anyone who has it can open your clients’ records, so keep it away from this computer: on paper in a
          locked drawer, for example.
        </li>
        <li>Capital letters, dashes and spaces do not matter when you type it in.</li>
      </ul>

      <CheckboxField isSelected={hasWrittenDown} onChange={setWrittenDown}>
        I have written down my recovery key
      </CheckboxField>
      <div className={isInDialog ? 'button-row button-row-end' : 'button-row'}>
        <Button className="button button-primary" isDisabled={!hasWrittenDown} onPress={onContinue}>
          {continueLabel}
        </Button>
      </div>
    </>
  );
}
