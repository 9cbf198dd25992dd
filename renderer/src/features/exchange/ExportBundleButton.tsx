import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { ExchangeProgress } from './ExchangeProgress.tsx';
import { bundlePath } from './exchangeText.ts';
import { useExchangeJob } from './useExchangeJob.ts';

/**
 * Asks for a folder (the host's dialog), names the bundle file there (no client text
 * in the name), writes it through `write` with a progress bar and Cancel, then says
 * what was written.
 */
export function ExportBundleButton<T extends { file: string }>({
  label,
  kind,
  isDisabled = false,
  write,
  describeDone,
  onDone,
}: {
  label: string;
  kind: Parameters<typeof bundlePath>[1];
  isDisabled?: boolean;
  write: (out: string) => Promise<T>;
  describeDone: (result: T) => ReactNode;
  onDone?: (result: T) => void;
}) {
  const { job, run, cancel } = useExchangeJob<T>();
  const isRunning = job.status === 'running';
  const [dialogFailure, setDialogFailure] = useState<string | null>(null);

  async function start(): Promise<void> {
    let folder: string | null;
    try {
      setDialogFailure(null);
      folder = (await outpost.call('os.chooseFolder', { purpose: 'exchange-export' })).path;
    } catch (error) {
      setDialogFailure(failureMessage(error));
      return;
    }
    if (folder === null) return;
    const out = bundlePath(folder, kind);
    const result = await run(() => write(out));
    if (result !== null) onDone?.(result);
  }

  return (
    <div className="exchange-export">
      {job.status === 'running' && (
        <ExchangeProgress
          label="Preparing the bundle…"
          progress={job.progress}
          isCancelling={job.isCancelling}
          onCancel={() => void cancel()}
        />
      )}
      {job.status === 'done' && (
        <StatusNotice tone="success" testId="export-result">
          {describeDone(job.result)}
        </StatusNotice>
      )}
      {job.status === 'cancelled' && (
        <StatusNotice testId="export-result">The export was cancelled. No bundle was written.</StatusNotice>
      )}
      {job.status === 'failed' && <ErrorNotice testId="export-result">{job.message}</ErrorNotice>}
      {dialogFailure !== null && <ErrorNotice>{dialogFailure}</ErrorNotice>}
      <div className="button-row">
        <Button
          className="button button-primary"
          isDisabled={isDisabled || isRunning}
          onPress={() => void start()}
        >
          {label}
        </Button>
      </div>
    </div>
  );
}
