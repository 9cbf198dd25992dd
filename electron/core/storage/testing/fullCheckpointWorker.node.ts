/**
 * A second connection that runs one full checkpoint on its own thread. While a reader
 * holds an old snapshot, that checkpoint waits in its busy handler holding the vault's
 * checkpoint lock: the state the checkpoint thread briefly puts the vault in every second.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEncryptedDatabase } from '../database.node.ts';

const { file, key } = workerData as { file: string; key: Uint8Array };
const db = openEncryptedDatabase(file, Buffer.from(key));
parentPort?.postMessage('checkpointing');
const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
db.close();
parentPort?.postMessage({ busy: result?.busy });
