import { Button } from 'react-aria-components';
import { ErrorNotice } from '../ui/Notice.tsx';
import { FocusedHeading, GateLayout } from './GateLayout.tsx';

/** Shown for the moment it takes to ask the engine about the vault. */
export function StartingScreen() {
  return (
    <GateLayout>
      <p className="muted" role="status">
        Opening Outpost…
      </p>
    </GateLayout>
  );
}

export function EngineUnreachableScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <GateLayout>
      <FocusedHeading>Outpost cannot open your vault yet</FocusedHeading>
      <ErrorNotice testId="engine-error">{message}</ErrorNotice>
      <div className="button-row">
        <Button className="button button-primary" onPress={onRetry}>
          Try again
        </Button>
      </div>
    </GateLayout>
  );
}
