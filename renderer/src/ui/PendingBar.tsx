import { Label, ProgressBar } from 'react-aria-components';

/** An indeterminate progress bar with a visible label, for waits whose length is unknown. */
export function PendingBar({ label }: { label: string }) {
  return (
    <ProgressBar className="progress progress-indeterminate" isIndeterminate>
      <Label className="progress-label">{label}</Label>
      <div className="progress-track">
        <div className="progress-fill" />
      </div>
    </ProgressBar>
  );
}
