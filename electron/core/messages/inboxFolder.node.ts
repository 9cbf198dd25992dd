/**
 * The watched inbox folder: while the vault is unlocked, files dropped into it are
 * imported (after their size has settled, so a half-copied file is never read), then
 * moved into `imported/` or, with a `.report.json` beside them, into `failed/`. The import
 * gets ready while a file is still arriving (onArriving). Files
 * already there at unlock are imported too: they arrived while the vault was locked.
 * A file whose import was cancelled (the vault locked meanwhile) stays where it is and
 * is picked up at the next unlock.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { FileReport } from './messageService.node.ts';

export const IMPORTED_FOLDER = 'imported';
export const FAILED_FOLDER = 'failed';

/** Editors' and browsers' partial files, OS clutter and our own reports are never imported. */
function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    /\.(part|partial|crdownload|download|tmp|swp)$/i.test(name) ||
    /\.report\.json$/i.test(name) ||
    /^(thumbs\.db|desktop\.ini)$/i.test(name)
  );
}

export interface InboxFolderOptions {
  folder: string;
  /** Imports one file; resolves with its report (outcome cancelled: leave the file). */
  importFile: (path: string, signal: AbortSignal) => Promise<FileReport>;
  /** Told when a file could not be handled at all (e.g. the vault locked); never with client text. */
  onError?: (error: unknown) => void;
  /** How long a file's size must stay the same before it is read (ms). */
  settleMs?: number;
  /** Told as soon as something is being written into the folder, before it settles. */
  onArriving?: () => void;
}

export interface InboxFolder {
  /** Resolves once the folder has been scanned (files already there are queued). */
  ready: Promise<void>;
  /** Stops watching and cancels the file being imported; resolves when all work has stopped. */
  stop(): Promise<void>;
}

export function watchInboxFolder(options: InboxFolderOptions): InboxFolder {
  // Without a trailing separator, so the folder itself is told apart from its contents.
  const folder = resolve(options.folder);
  const controller = new AbortController();
  const queued = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  const settleMs = options.settleMs ?? 1000;

  const watcher: FSWatcher = watch(folder, {
    depth: 0,
    ignoreInitial: false,
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.min(100, settleMs) },
    ignored: (path, stats) =>
      resolve(path) !== folder && (isIgnoredName(basename(path)) || (stats !== undefined && !stats.isFile())),
  });

  const handle = async (path: string): Promise<void> => {
    if (controller.signal.aborted) return;
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile()) return;
    let report: FileReport;
    try {
      report = await options.importFile(path, controller.signal);
    } catch (error) {
      options.onError?.(error);
      return;
    }
    if (report.outcome === 'cancelled') return;
    if (report.outcome === 'imported') {
      await moveWithoutReplacing(path, join(folder, IMPORTED_FOLDER));
      return;
    }
    const moved = await moveWithoutReplacing(path, join(folder, FAILED_FOLDER));
    await writeFile(`${moved}.report.json`, `${JSON.stringify(reportFile(report), null, 2)}\n`, {
      mode: 0o600,
    });
  };

  watcher.on('add', (path) => {
    if (queued.has(path)) return;
    queued.add(path);
    chain = chain
      .then(() => handle(path))
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => queued.delete(path));
  });
  // The file system's own events come while a file is still being written: the import
  // can get ready (messages.prepareImport) during the settle time.
  watcher.on('raw', (_event, path) => {
    const name = basename(String(path));
    if (name !== IMPORTED_FOLDER && name !== FAILED_FOLDER && !isIgnoredName(name)) options.onArriving?.();
  });
  watcher.on('error', (error) => options.onError?.(error));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    async stop() {
      controller.abort();
      await watcher.close();
      await chain;
    },
  };
}

/** What the report beside a failed file says: the outcome and reasons, never client text. */
function reportFile(report: FileReport) {
  return {
    file: report.file,
    format: report.format,
    outcome: report.outcome,
    error: report.error,
    imported: report.imported,
    duplicates: report.duplicates,
    rejected: report.rejected,
    at: new Date().toISOString(),
  };
}

/** Moves the file into the folder as `name`, or `name (2).ext`… when taken. Returns the new path. */
async function moveWithoutReplacing(path: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const extension = extname(path);
  const stem = basename(path, extension);
  for (let attempt = 1; attempt <= 1000; attempt++) {
    const target = join(folder, attempt === 1 ? `${stem}${extension}` : `${stem} (${attempt})${extension}`);
    if ((await stat(target).catch(() => null)) !== null) continue;
    if ((await stat(`${target}.report.json`).catch(() => null)) !== null) continue;
    await rename(path, target);
    return target;
  }
  throw new Error('no free file name in the inbox folder');
}

/** A watched folder must exist and be a folder; null turns watching off. */
export async function validateWatchFolder(folder: string | null): Promise<void> {
  if (folder === null) return;
  const info = await stat(folder).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new RpcError({
      code: 'INVALID_INPUT',
      message: 'The inbox folder does not exist or is not a folder.',
      field: 'watchFolder',
    });
  }
}

export interface InboxWatchOptions {
  /** The folder to watch now: null when the vault is locked or no folder is set. */
  currentFolder: () => string | null;
  importFile: InboxFolderOptions['importFile'];
  onError?: InboxFolderOptions['onError'];
  settleMs?: number;
  onArriving?: InboxFolderOptions['onArriving'];
}

/**
 * Keeps at most one watcher, on the folder the settings name, while the vault is
 * unlocked. `sync()` after unlock and after a settings change; `stop()` on lock.
 */
export function createInboxWatch(options: InboxWatchOptions) {
  let current: { folder: string; inbox: InboxFolder } | null = null;
  let pending: Promise<void> = Promise.resolve();

  const folderNow = (): string | null => {
    try {
      return options.currentFolder();
    } catch {
      return null;
    }
  };

  const serial = (work: () => Promise<void>): Promise<void> => {
    pending = pending.then(work, work);
    return pending;
  };

  async function stopCurrent(): Promise<void> {
    const running = current;
    current = null;
    if (running !== null) await running.inbox.stop();
  }

  return {
    sync(): Promise<void> {
      return serial(async () => {
        const folder = folderNow();
        if (current?.folder === folder) return;
        await stopCurrent();
        if (folder === null) return;
        const info = await stat(folder).catch(() => null);
        if (folderNow() !== folder) return;
        if (info === null || !info.isDirectory()) {
          options.onError?.(new Error('the watched inbox folder does not exist'));
          return;
        }
        const inbox = watchInboxFolder({
          folder,
          importFile: options.importFile,
          ...(options.onError === undefined ? {} : { onError: options.onError }),
          ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
          ...(options.onArriving === undefined ? {} : { onArriving: options.onArriving }),
        });
        current = { folder, inbox };
        await inbox.ready;
      });
    },
    /** Cancels at once (the vault may be locking); resolves when the watcher has stopped. */
    stop(): Promise<void> {
      const running = current;
      current = null;
      const stopped = running === null ? Promise.resolve() : running.inbox.stop();
      return serial(() => stopped);
    },
    /** The folder being watched, if any. */
    watching(): string | null {
      return current?.folder ?? null;
    },
  };
}

export type InboxWatch = ReturnType<typeof createInboxWatch>;
