import { Fragment, useState } from 'react';
import { Button } from 'react-aria-components';
import { CheckboxField } from '../ui/CheckboxField.tsx';
import { StatusNotice } from '../ui/Notice.tsx';
import { FocusedHeading, GateLayout } from './GateLayout.tsx';

interface RecoveryKeyScreenProps {
  recoveryKey: string;
  origin: 'created' | 'recovered';
  onContinue: () => void;
}

/** The one time a recovery key is shown. The app waits until the person says it is written down. */
export function RecoveryKeyScreen({ recoveryKey, origin, onContinue }: RecoveryKeyScreenProps) {
  const [hasWrittenDown, setWrittenDown] = useState(false);
  const groups = recoveryKey.split(/[-\s]+/).filter((group) => group !== '');

  return (
    <GateLayout>
      <FocusedHeading>{origin === 'created' ? 'Your recovery key' : 'Your new recovery key'}</FocusedHeading>
      {origin === 'recovered' && (
        <StatusNotice tone="success">
          <p>Your new passphrase is set. Your old recovery key no longer works: this one replaces it.</p>
        </StatusNotice>
      )}
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
      <div className="button-row">
        <Button className="button button-primary" isDisabled={!hasWrittenDown} onPress={onContinue}>
          Continue
        </Button>
      </div>
    </GateLayout>
  );
}
