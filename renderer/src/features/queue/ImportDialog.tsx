import { useEffect, useState } from 'react';
import { Button, Label, ProgressBar } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { MethodInput, MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import { MESSAGE_CHANNELS } from '../../../../shared/rpc/messageSchemas.std.ts';
import { ModalDialog } from '../../ui/ModalDialog.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { fileNameOf } from '../../ui/format.ts';
import { CHANNEL_LABELS } from './queueText.ts';
import type { MessageChannel } from './queueText.ts';

type CsvInspection = MethodOutput<'messages.inspectCsv'>;
type CsvMapping = NonNullable<MethodInput<'messages.import'>['csvMapping']>;
type FileReport = MethodOutput<'messages.import'>['files'][number];

/** A mapping being chosen: every field may still be missing (an absent key, never undefined). */
type MappingDraft = { [K in keyof CsvMapping]?: string | undefined };

interface CsvStep {
  file: string;
  inspection: CsvInspection;
  mapping: MappingDraft;
  channel: MessageChannel;
}

type Stage =
  | { kind: 'choose' }
  | { kind: 'map'; steps: CsvStep[]; others: string[] }
  | {
      kind: 'importing';
      file: string;
      filesDone: number;
      filesTotal: number;
      itemsDone: number;
      cancelling: boolean;
    }
  | { kind: 'report'; reports: FileReport[]; cancelled: boolean };

const CSV_FIELDS: { key: keyof CsvMapping; label: string; required?: boolean }[] = [
  { key: 'text', label: 'Message text', required: true },
  { key: 'from', label: 'Sender (address or handle)' },
  { key: 'name', label: 'Sender’s name' },
  { key: 'receivedAt', label: 'Sent or received time' },
  { key: 'id', label: 'Message id' },
  { key: 'thread', label: 'Conversation id' },
  { key: 'channel', label: 'Channel' },
];

const NOT_MAPPED = '__none__';

/** The chosen columns, without the ones left unmapped (only called once `text` is chosen). */
function toMapping(draft: MappingDraft): CsvMapping {
  const mapping: CsvMapping = { text: draft.text ?? '' };
  for (const field of CSV_FIELDS) {
    const column = draft[field.key];
    if (field.key !== 'text' && column !== undefined) mapping[field.key] = column;
  }
  return mapping;
}

function isCsv(path: string): boolean {
  return /\.(csv|tsv)$/i.test(path);
}

/**
 * Importing files: choose them, map the columns of CSV exports (the mapping is remembered
 * for files with the same columns), watch the progress (with cancel), then read the report:
 * what came in, what was a duplicate, and what was rejected and why.
 */
export function ImportDialog({
  isOpen,
  onOpenChange,
  onImported,
}: {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  onImported: () => void;
}) {
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [failure, setFailure] = useState<string | null>(null);

  // The core loads what an import needs while files are being chosen; a failure costs only that head start.
  useEffect(() => {
    if (isOpen) outpost.call('messages.prepareImport', {}).catch(() => undefined);
  }, [isOpen]);

  function close(): void {
    if (stage.kind === 'importing') return;
    setStage({ kind: 'choose' });
    setFailure(null);
    onOpenChange(false);
  }

  async function choose(): Promise<void> {
    setFailure(null);
    try {
      const { paths } = await outpost.call('os.chooseFiles', { purpose: 'import-messages' });
      if (paths.length === 0) return;
      const csvFiles = paths.filter(isCsv);
      const steps: CsvStep[] = [];
      for (const file of csvFiles) {
        const inspection = await outpost.call('messages.inspectCsv', { file });
        steps.push({
          file,
          inspection,
          mapping: inspection.rememberedMapping ?? inspection.suggestedMapping,
          channel: 'chat',
        });
      }
      const others = paths.filter((path) => !isCsv(path));
      if (steps.length > 0) setStage({ kind: 'map', steps, others });
      else await runImport([], others);
    } catch (error) {
      setFailure(failureMessage(error));
    }
  }

  async function runImport(steps: CsvStep[], others: string[]): Promise<void> {
    const filesTotal = steps.length + others.length;
    let filesBefore = 0;
    setStage({ kind: 'importing', file: '', filesDone: 0, filesTotal, itemsDone: 0, cancelling: false });
    const stopListening = outpost.on('messages.importProgress', (progress) =>
      setStage((current) =>
        current.kind === 'importing'
          ? {
              ...current,
              file: progress.file,
              filesDone: filesBefore + progress.filesDone,
              itemsDone: progress.itemsDone,
            }
          : current,
      ),
    );
    const reports: FileReport[] = [];
    let cancelled = false;
    try {
      // One call per CSV (each has its own columns), then the rest together.
      const calls: MethodInput<'messages.import'>[] = steps.map((step) => ({
        files: [step.file],
        defaultChannel: step.channel,
        csvMapping: toMapping(step.mapping),
      }));
      if (others.length > 0) calls.push({ files: others });
      for (const call of calls) {
        const { files } = await outpost.call('messages.import', call);
        reports.push(...files);
        filesBefore += call.files.length;
        if (files.some((report) => report.outcome === 'cancelled')) {
          cancelled = true;
          break;
        }
      }
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      stopListening();
    }
    setStage({ kind: 'report', reports, cancelled });
    if (reports.some((report) => report.imported > 0)) onImported();
  }

  async function cancel(): Promise<void> {
    setStage((current) => (current.kind === 'importing' ? { ...current, cancelling: true } : current));
    try {
      await outpost.call('messages.cancelImport', {});
    } catch (error) {
      setFailure(failureMessage(error));
    }
  }

  return (
    <ModalDialog
      title="Import messages"
      isOpen={isOpen}
      onOpenChange={(open) => (open ? onOpenChange(true) : close())}
      size="wide"
      isDismissable={stage.kind !== 'importing'}
    >
      <div className="form-stack" data-testid="import-dialog">
        {stage.kind === 'choose' && (
          <>
            <p>
              Email files (<code>.eml</code>), mailboxes (<code>.mbox</code>), chat and social-media exports (
              <code>.csv</code>, <code>.json</code>, <code>.jsonl</code>). Every message is triaged as it
              comes in; the same message imported twice is kept once.
            </p>
            <div className="button-row button-row-end">
              <Button className="button" onPress={close}>
                Cancel
              </Button>
              <Button className="button button-primary" onPress={() => void choose()} autoFocus>
                Choose files…
              </Button>
            </div>
          </>
        )}

        {stage.kind === 'map' && (
          <CsvMappingStep
            steps={stage.steps}
            onChange={(steps) => setStage({ ...stage, steps })}
            onCancel={close}
            onImport={() => void runImport(stage.steps, stage.others)}
          />
        )}

        {stage.kind === 'importing' && (
          <>
            <ProgressBar
              className="progress"
              value={stage.filesDone}
              maxValue={Math.max(stage.filesTotal, 1)}
              valueLabel={`${stage.filesDone} of ${stage.filesTotal} files`}
            >
              {({ percentage, valueText }) => (
                <>
                  <div className="progress-header">
                    <Label className="progress-label">
                      {stage.cancelling
                        ? 'Cancelling…'
                        : `Importing${stage.file === '' ? '' : ` ${stage.file}`}: ${stage.itemsDone} messages read`}
                    </Label>
                    <span className="progress-value">{valueText}</span>
                  </div>
                  <div className="progress-track">
                    <div className="progress-fill" style={{ width: `${percentage ?? 0}%` }} />
                  </div>
                </>
              )}
            </ProgressBar>
            <div className="button-row button-row-end">
              <Button className="button" onPress={() => void cancel()} isDisabled={stage.cancelling}>
                Cancel import
              </Button>
            </div>
          </>
        )}

        {stage.kind === 'report' && (
          <ImportReport reports={stage.reports} cancelled={stage.cancelled} onDone={close} />
        )}

        {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
      </div>
    </ModalDialog>
  );
}

function CsvMappingStep({
  steps,
  onChange,
  onCancel,
  onImport,
}: {
  steps: CsvStep[];
  onChange: (steps: CsvStep[]) => void;
  onCancel: () => void;
  onImport: () => void;
}) {
  const complete = steps.every((step) => typeof step.mapping.text === 'string' && step.mapping.text !== '');
  return (
    <>
      {steps.map((step, index) => {
        const update = (next: Partial<CsvStep>) =>
          onChange(steps.map((candidate, i) => (i === index ? { ...candidate, ...next } : candidate)));
        const columns = [
          { id: NOT_MAPPED, label: 'Not in this file' },
          ...step.inspection.headers.map((header) => ({ id: header, label: header })),
        ];
        return (
          <section key={step.file} className="csv-mapping" aria-label={`Columns of ${fileNameOf(step.file)}`}>
            <h3>{fileNameOf(step.file)}</h3>
            <p className="muted">
              {step.inspection.rememberedMapping !== null
                ? 'Using the columns you chose last time for a file like this one.'
                : 'Say which column holds what. Outpost remembers your choice for files with the same columns.'}
            </p>
            <div className="csv-mapping-fields">
              {CSV_FIELDS.map((field) => (
                <SelectField
                  key={field.key}
                  label={field.required === true ? `${field.label} (required)` : field.label}
                  value={step.mapping[field.key] ?? NOT_MAPPED}
                  options={field.required === true ? columns.slice(1) : columns}
                  onChange={(value) => {
                    const mapping = { ...step.mapping };
                    if (value === NOT_MAPPED) delete mapping[field.key];
                    else mapping[field.key] = value;
                    update({ mapping });
                  }}
                />
              ))}
              {step.mapping.channel === undefined && (
                <SelectField
                  label="These messages came by"
                  value={step.channel}
                  options={MESSAGE_CHANNELS.map((channel) => ({
                    id: channel,
                    label: CHANNEL_LABELS[channel],
                  }))}
                  onChange={(value) => update({ channel: value as MessageChannel })}
                />
              )}
            </div>
            {step.inspection.sampleRows.length > 0 && (
              <div className="table-scroll">
                <table className="table csv-sample">
                  <caption className="visually-hidden">First rows of the file</caption>
                  <thead>
                    <tr>
                      {step.inspection.headers.map((header) => (
                        <th key={header} scope="col">
                          {header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {step.inspection.sampleRows.map((row, rowIndex) => (
                      <tr key={rowIndex}>
                        {row.map((cell, cellIndex) => (
                          <td key={cellIndex}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
      <div className="button-row button-row-end">
        <Button className="button" onPress={onCancel}>
          Cancel
        </Button>
        <Button className="button button-primary" isDisabled={!complete} onPress={onImport}>
          Import
        </Button>
      </div>
    </>
  );
}

function ImportReport({
  reports,
  cancelled,
  onDone,
}: {
  reports: FileReport[];
  cancelled: boolean;
  onDone: () => void;
}) {
  const imported = reports.reduce((sum, report) => sum + report.imported, 0);
  const crisis = reports.reduce((sum, report) => sum + report.crisis.length, 0);
  const failed = reports.filter((report) => report.outcome === 'failed').length;
  const rejected = reports.reduce((sum, report) => sum + report.rejected.length, 0);
  const OUTCOME_TEXT: Record<FileReport['outcome'], string> = {
    imported: 'Imported',
    failed: 'Not imported',
    cancelled: 'Cancelled, nothing kept',
  };
  return (
    <div className="import-report" data-testid="import-report">
      {failed > 0 ? (
        <ErrorNotice>
          {failed === 1 ? 'One file was' : `${failed} files were`} not imported; nothing from{' '}
          {failed === 1 ? 'it' : 'them'} was kept. The reasons are below.
        </ErrorNotice>
      ) : rejected > 0 ? (
        <StatusNotice tone="warning">
          {imported} {imported === 1 ? 'message' : 'messages'} imported
          {crisis > 0 ? `, ${crisis} at crisis tier` : ''}; {rejected}{' '}
          {rejected === 1 ? 'item was' : 'items were'} rejected. The reasons are below.
        </StatusNotice>
      ) : (
        <StatusNotice tone={cancelled ? 'info' : 'success'}>
          {cancelled ? 'Import cancelled. ' : ''}
          {imported} {imported === 1 ? 'message' : 'messages'} imported
          {crisis > 0 ? `, ${crisis} at crisis tier — they are at the top of the queue` : ''}.
        </StatusNotice>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Outcome</th>
            <th scope="col">Imported</th>
            <th scope="col">Duplicates</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => (
            <tr key={report.file} data-testid="import-report-row" data-outcome={report.outcome}>
              <th scope="row">
                {fileNameOf(report.file)}
                {report.error !== null && <p className="field-error">{report.error}</p>}
                {report.rejected.length > 0 && (
                  <ul className="import-rejected">
                    {report.rejected.slice(0, 20).map((item) => (
                      <li key={item.item}>
                        Item {item.item}: {item.reason}
                      </li>
                    ))}
                    {report.rejected.length > 20 && <li>…and {report.rejected.length - 20} more.</li>}
                  </ul>
                )}
              </th>
              <td>{OUTCOME_TEXT[report.outcome]}</td>
              <td>{report.imported}</td>
              <td>{report.duplicates}</td>
              <td>{report.rejected.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row button-row-end">
        <Button className="button button-primary" onPress={onDone} autoFocus>
          Done
        </Button>
      </div>
    </div>
  );
}
