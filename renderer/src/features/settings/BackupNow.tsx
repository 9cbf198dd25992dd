import { useState } from 'react';
import { Button, Label, ProgressBar } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import { fileNameOf, formatBytes } from '../../ui/format.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';
import type { BackupSummary } from './BackupsPanel.tsx';

type BackupRun =
  | { status: 'idle' }
  | { status: 'running'; copiedPages: number; totalPages: number; isCancelling: boolean }
  | { status: 'done'; backup: BackupSummary }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

interface BackupNowProps {
  folder: string;
  /** Saves the folder if it was changed, and returns it. */
  prepareFolder: () => Promise<string>;
  onBackedUp: () => void;
}

export function BackupNow({ folder, prepareFolder, onBackedUp }: BackupNowProps) {
  const [run, setRun] = useState<BackupRun>({ status: 'idle' });
  const isRunning = run.status === 'running';

  async function backUpNow(): Promise<void> {
    setRun({ status: 'running', copiedPages: 0, totalPages: 0, isCancelling: false });
    // Listening before asking, so the first progress event cannot be missed.
    const stopListening = outpost.on('backup.progress', ({ copiedPages, totalPages }) => {
      setRun((current) => (current.status === 'running' ? { ...current, copiedPages, totalPages } : current));
    });
    try {
      const target = await prepareFolder();
      const backup = await outpost.call('backup.create', { folder: target });
      setRun({ status: 'done', backup });
      noteVaultChanged();
      onBackedUp();
    } catch (error) {
      if (error instanceof RpcError && error.code === 'CANCELLED') setRun({ status: 'cancelled' });
      else setRun({ status: 'failed', message: failureMessage(error) });
    } finally {
      stopListening();
    }
  }

  async function cancel(): Promise<void> {
    setRun((current) => (current.status === 'running' ? { ...current, isCancelling: true } : current));
    try {
      await outpost.call('backup.cancel', {});
    } catch {
      // The backup's own answer still arrives and says how it ended.
    }
  }

  return (
    <div className="panel-section">
      <h3>Back up now</h3>
      {folder === '' && <p className="muted">Choose a backup folder above first.</p>}
      {run.status === 'running' && (
        <ProgressBar
          className={run.totalPages === 0 ? 'progress progress-indeterminate' : 'progress'}
          value={run.copiedPages}
          maxValue={Math.max(run.totalPages, 1)}
          isIndeterminate={run.totalPages === 0}
        >
          {({ percentage, valueText }) => (
            <>
              <div className="progress-header">
                <Label className="progress-label">{run.isCancelling ? 'Cancelling…' : 'Backing up…'}</Label>
                {run.totalPages > 0 && <span className="progress-value">{valueText}</span>}
              </div>
              <div className="progress-track">
                <div
                  className="progress-fill"
                  style={run.totalPages === 0 ? undefined : { width: `${percentage ?? 0}%` }}
                />
              </div>
            </>
          )}
        </ProgressBar>
      )}
      {run.status === 'done' && (
        <StatusNotice tone="success" testId="backup-result">
          <p>
            Backup saved ({formatBytes(run.backup.bytes)}):{' '}
            <span className="path">{fileNameOf(run.backup.file)}</span>
          </p>
        </StatusNotice>
      )}
      {run.status === 'cancelled' && (
        <StatusNotice testId="backup-result">The backup was cancelled. Nothing was changed.</StatusNotice>
      )}
      {run.status === 'failed' && <ErrorNotice testId="backup-result">{run.message}</ErrorNotice>}
      <div className="button-row">
        <Button
          className="button button-primary"
          onPress={() => void backUpNow()}
          isDisabled={folder === '' || isRunning}
        >
          Back up now
        </Button>
        {run.status === 'running' && (
          <Button className="button" onPress={() => void cancel()} isDisabled={run.isCancelling}>
            Cancel
          </Button>
        )}
      </div>
    </div>
  );
}
