/**
 * Checkpoints the open vault's WAL on a second thread. By default SQLite copies the WAL
 * into the database file inside the commit that grows it past 1,000 pages, so an import
 * of 10,000 messages waited most of a second for that copy and its fsyncs after its data
 * was already safe in the WAL. With this running, the core's connection never checkpoints
 * on commit; the thread checkpoints every CHECKPOINT_INTERVAL_MS, beside the core.
 *
 * If the thread cannot start or stops, the core's connection checkpoints on commit again,
 * as before. Closing the vault closes the thread's connection first and waits for it, so
 * the core's connection is the last one and its close leaves everything in the file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VaultDatabase } from './database.node.ts';

export interface CheckpointThreadData {
  file: string;
  /** A copy of the vault key, wiped by the thread once its connection is open. */
  key: Uint8Array;
  /** Int32 slots shared with the thread: STATE and CLOSE_REQUESTED. */
  flags: SharedArrayBuffer;
  intervalMs: number;
}

/** Slot the thread sets to THREAD_CLOSED once its connection is closed (or never opened). */
export const STATE = 0;
export const THREAD_CLOSED = 1;
/** Slot set to 1 when the vault closes, for a thread still opening its connection. */
export const CLOSE_REQUESTED = 1;

export const CHECKPOINT_INTERVAL_MS = 1000;
/** SQLite's default: what the core's connection goes back to without the thread. */
const ON_COMMIT_PAGES = 1000;
/** How long closing the vault waits for the thread to close its connection. */
const CLOSE_WAIT_MS = 10_000;

/** The thread's entry when running from source; the packaged app passes its bundled file. */
export const SOURCE_CHECKPOINT_WORKER = new URL('./checkpointWorker.node.ts', import.meta.url).href;

export interface WalCheckpointer {
  /** Closes the thread's connection and waits (synchronously) until it has. */
  stop(): void;
}

const NOT_RUNNING: WalCheckpointer = { stop: () => undefined };

export function startWalCheckpointer(
  db: VaultDatabase,
  file: string,
  key: Buffer,
  workerUrl: string | null,
  intervalMs = CHECKPOINT_INTERVAL_MS,
): WalCheckpointer {
  if (workerUrl === null) return NOT_RUNNING;
  const url = new URL(workerUrl);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) return NOT_RUNNING;
  const flags = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const data: CheckpointThreadData = { file, key: new Uint8Array(key), flags, intervalMs };
  let worker: Worker | null;
  try {
    worker = new Worker(url, { workerData: data });
  } catch {
    return NOT_RUNNING;
  } finally {
    // The thread got its own copy with workerData.
    data.key.fill(0);
  }
  db.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const onCommitAgain = () => {
    worker = null;
    if (!stopping && db.open) db.pragma(`wal_autocheckpoint = ${ON_COMMIT_PAGES}`);
  };
  worker.on('error', onCommitAgain);
  worker.on('exit', onCommitAgain);
  // The thread must not keep a CLI or test process alive.
  worker.unref();

  return {
    stop() {
      if (stopping) return;
      stopping = true;
      const flag = new Int32Array(flags);
      Atomics.store(flag, CLOSE_REQUESTED, 1);
      worker?.postMessage('close');
      if (worker !== null) Atomics.wait(flag, STATE, 0, CLOSE_WAIT_MS);
      void worker?.terminate();
      worker = null;
    },
  };
}
