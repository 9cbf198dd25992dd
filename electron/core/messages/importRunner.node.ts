/**
 * Runs message imports for the RPC and the watched folder: resolves each CSV's column
 * mapping (given, remembered, or an unambiguous guess) and remembers a given one,
 * reports progress (throttled), and can be cancelled. Files are imported one after the
 * other, each all-or-nothing by messageService.importFiles; a cancel stops the file
 * being read (nothing of it is kept) and the files after it, while finished files stay.
 */
import { basename } from 'node:path';
import type { ResponseTargets } from '../../../shared/domain/responseTargets.std.ts';
import type { EventName, EventPayload } from '../../../shared/rpc/contract.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { resolveCsvMapping, rememberMapping } from './csvMappings.node.ts';
import type { CsvColumnMapping } from './import/csvMessages.node.ts';
import { detectFileFormat } from './import/detectFormat.node.ts';
import type { ImportFormat } from './import/detectFormat.node.ts';
import { ImportFileError } from './import/importFileError.node.ts';
import type { MessageChannel } from './import/importedMessage.node.ts';
import { emptyFileReport } from './messageService.node.ts';
import type { FileReport, MessageService } from './messageService.node.ts';

const PROGRESS_EVERY_MS = 100;

export interface ImportRequest {
  files: readonly string[];
  defaultChannel?: MessageChannel | undefined;
  csvMapping?: CsvColumnMapping | undefined;
  targets: ResponseTargets;
}

export interface ImportRunnerOptions {
  messages: MessageService;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  now?: () => Date;
}

export function createImportRunner(options: ImportRunnerOptions) {
  const now = options.now ?? (() => new Date());
  /** The imports messages.cancelImport stops (not the watched folder's: it has its own). */
  const cancellable = new Set<AbortController>();

  async function importOne(
    db: VaultDatabase,
    path: string,
    request: ImportRequest,
    signal: AbortSignal,
    onItems: (itemsDone: number) => void,
  ): Promise<FileReport> {
    let format: ImportFormat | undefined;
    try {
      format = await detectFileFormat(path);
    } catch {
      // The import reports why the file cannot be read or is not supported.
    }
    let csv: { mapping: CsvColumnMapping; signature: string; remember: boolean } | undefined;
    if (format === 'csv') {
      try {
        csv = await resolveCsvMapping(db, path, request.csvMapping, signal);
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        const report = emptyFileReport(path, 'csv');
        const cancelled = error.code === 'CANCELLED';
        report.outcome = cancelled ? 'cancelled' : 'failed';
        report.error = cancelled
          ? 'The import was cancelled; nothing from this file was kept.'
          : error.message;
        return report;
      }
    }
    const [report] = await options.messages.importFiles(
      db,
      [path],
      request.targets,
      {
        defaultChannel: request.defaultChannel,
        ...(format === undefined ? {} : { format }),
        ...(csv === undefined ? {} : { csvMapping: csv.mapping }),
      },
      { signal, onProgress: onItems },
    );
    if (report === undefined) throw new Error('an import of one file reported nothing');
    if (csv?.remember === true && report.outcome === 'imported') {
      rememberMapping(db, csv.signature, csv.mapping, now().toISOString());
    }
    return report;
  }

  /**
   * Imports the files in order. `db` is asked for before each file, so a vault locked
   * part-way stops the run with VAULT_LOCKED instead of writing to a closed database.
   */
  async function run(
    db: () => VaultDatabase,
    request: ImportRequest,
    control: { signal: AbortSignal; progress: boolean },
  ): Promise<FileReport[]> {
    const reports: FileReport[] = [];
    const filesTotal = request.files.length;
    let lastProgress = 0;
    const progress = (file: string, filesDone: number, itemsDone: number, force: boolean) => {
      if (!control.progress) return;
      const at = Date.now();
      if (!force && at - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = at;
      options.emit('messages.importProgress', { file, filesDone, filesTotal, itemsDone });
    };
    for (const [index, path] of request.files.entries()) {
      const file = basename(path);
      if (control.signal.aborted) {
        const report = emptyFileReport(path, null);
        report.outcome = 'cancelled';
        report.error = 'The import was cancelled before this file was read.';
        reports.push(report);
        continue;
      }
      progress(file, index, 0, true);
      const report = await importOne(db(), path, request, control.signal, (itemsDone) =>
        progress(file, index, itemsDone, false),
      );
      reports.push(report);
      progress(file, index + 1, report.imported + report.duplicates + report.rejected.length, true);
    }
    const count = reports.reduce((sum, report) => sum + report.imported, 0);
    if (count > 0) {
      options.emit('messages.arrived', { count, crisis: reports.flatMap((report) => report.crisis) });
    }
    return reports;
  }

  return {
    /** messages.import: progress events on, stoppable by cancel(). */
    async importFiles(db: () => VaultDatabase, request: ImportRequest): Promise<FileReport[]> {
      const controller = new AbortController();
      cancellable.add(controller);
      try {
        return await run(db, request, { signal: controller.signal, progress: true });
      } finally {
        cancellable.delete(controller);
      }
    },

    /** The watched folder: no progress events; stopped by its own signal (on lock). */
    importQuietly(
      db: () => VaultDatabase,
      request: ImportRequest,
      signal: AbortSignal,
    ): Promise<FileReport[]> {
      return run(db, request, { signal, progress: false });
    },

    /** Stops every running messages.import; true when there was one. */
    cancel(): boolean {
      const running = cancellable.size > 0;
      for (const controller of cancellable) controller.abort();
      return running;
    },
  };
}

export type ImportRunner = ReturnType<typeof createImportRunner>;
