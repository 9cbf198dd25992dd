import { Button, Label, ProgressBar } from 'react-aria-components';
import type { EventPayload } from '../../../../shared/rpc/contract.std.ts';

const STAGE_WORDS: Record<EventPayload<'exchange.progress'>['stage'], string> = {
  collecting: 'Collecting summaries…',
  encrypting: 'Signing and encrypting…',
  decrypting: 'Decrypting…',
  verifying: 'Checking the signature and every entry…',
  saving: 'Saving…',
};

/** The running exchange step: a bar (indeterminate until the core knows the total) and Cancel. */
export function ExchangeProgress({
  label,
  progress,
  isCancelling,
  onCancel,
}: {
  label: string;
  progress: EventPayload<'exchange.progress'> | null;
  isCancelling: boolean;
  onCancel: () => void;
}) {
  const known = progress !== null && progress.total > 0;
  const stage = isCancelling ? 'Cancelling…' : progress === null ? label : STAGE_WORDS[progress.stage];
  return (
    <div className="exchange-progress" data-testid="exchange-progress">
      <ProgressBar
        className={known ? 'progress' : 'progress progress-indeterminate'}
        value={progress?.done ?? 0}
        maxValue={Math.max(progress?.total ?? 0, 1)}
        isIndeterminate={!known}
        valueLabel={known ? `${progress.done} of ${progress.total}` : undefined}
      >
        {({ percentage, valueText }) => (
          <>
            <div className="progress-header">
              <Label className="progress-label">{stage}</Label>
              {known && <span className="progress-value">{valueText}</span>}
            </div>
            <div className="progress-track">
              <div className="progress-fill" style={known ? { width: `${percentage ?? 0}%` } : undefined} />
            </div>
          </>
        )}
      </ProgressBar>
      <Button className="button button-small" onPress={onCancel} isDisabled={isCancelling}>
        Cancel
      </Button>
    </div>
  );
}
