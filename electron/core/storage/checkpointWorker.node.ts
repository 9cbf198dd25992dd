/**
 * Entry of the vault's checkpoint thread (see walCheckpointer.node.ts): its own connection
 * to the open vault, moving committed pages from the WAL into the database file now and
 * then, so a big write's commit does not also wait for that copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEncryptedDatabase } from './database.node.ts';
import type { VaultDatabase } from './database.node.ts';
import { CLOSE_REQUESTED, STATE, THREAD_CLOSED } from './walCheckpointer.node.ts';
import type { CheckpointThreadData } from './walCheckpointer.node.ts';

if (parentPort === null) throw new Error('checkpointWorker.node.ts must run in a worker thread');
const port = parentPort;
const { file, key, flags, intervalMs } = workerData as CheckpointThreadData;
const flag = new Int32Array(flags);

function finish(db: VaultDatabase | null): void {
  try {
    db?.close();
  } finally {
    Atomics.store(flag, STATE, THREAD_CLOSED);
    Atomics.notify(flag, STATE);
    port.close();
  }
}

let db: VaultDatabase | null = null;
const keyBuffer = Buffer.from(key);
try {
  db = openEncryptedDatabase(file, keyBuffer);
} catch {
  // The core's connection goes back to checkpointing on commit when this thread ends.
} finally {
  keyBuffer.fill(0);
  key.fill(0);
}

if (db === null || Atomics.load(flag, CLOSE_REQUESTED) === 1) finish(db);
else {
  const open = db;
  const timer = setInterval(() => {
    // PASSIVE never waits for readers or writers; what it cannot copy now it copies next time.
    try {
      open.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or disk full: the next turn tries again, and closing the vault checkpoints anyway.
    }
  }, intervalMs);
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    clearInterval(timer);
    finish(open);
  });
}
