import { StatusNotice } from '../ui/Notice.tsx';
import { FocusedHeading, GateLayout } from './GateLayout.tsx';
import { RecoveryKeyHandover } from './RecoveryKeyHandover.tsx';

interface RecoveryKeyScreenProps {
  recoveryKey: string;
  origin: 'created' | 'recovered';
  onContinue: () => void;
}

/** The vault is open, but the app waits until the person says the new key is written down. */
export function RecoveryKeyScreen({ recoveryKey, origin, onContinue }: RecoveryKeyScreenProps) {
  return (
    <GateLayout>
      <FocusedHeading>{origin === 'created' ? 'Your recovery key' : 'Your new recovery key'}</FocusedHeading>
      {origin === 'recovered' && (
        <StatusNotice tone="success">
          <p>Your new passphrase is set. Your old recovery key no longer works: this one replaces it.</p>
        </StatusNotice>
      )}
      <RecoveryKeyHandover recoveryKey={recoveryKey} onContinue={onContinue} />
    </GateLayout>
  );
}
