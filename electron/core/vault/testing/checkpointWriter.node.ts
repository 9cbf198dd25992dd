/**
 * Child process for the checkpoint-heavy crash soak. Like storage/testing/crashWriter it
 * appends audit entries and acknowledges each ("ack <seq>") only after its batch committed,
 * but it arms a watchdog thread that SIGKILLs this very process a few hundred microseconds
 * into a chosen operation, so the crash lands inside SQLite's work rather than between calls:
 *
 *   kind "commit":     a batch commit with a tiny autocheckpoint, i.e. WAL append, fsync and
 *                      the checkpoint that follows it in the same call;
 *   kind "checkpoint": PRAGMA wal_checkpoint(TRUNCATE) of a WAL holding several batches.
 *
 * It prints "armed <kind> <delayUs>" before the operation and "survived" if the operation
 * returned before the kill. Usage: checkpointWriter.node.ts FILE KIND ARM_AFTER DELAY_US < key-hex
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { appendAudit } from '../../audit/auditLog.node.ts';
import { openEncryptedDatabase } from '../../storage/database.node.ts';
import { migrate } from '../../storage/migrate.node.ts';

const BATCH = 8;
const PAD = 'p'.repeat(180);

/** Waits until armed, spins for the delay, then kills the whole process. */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData);
Atomics.wait(flag, 0, 0);
const delayNs = BigInt(Atomics.load(flag, 1)) * 1000n;
const start = process.hrtime.bigint();
while (process.hrtime.bigint() - start < delayNs) {}
process.kill(process.pid, 'SIGKILL');
`;

const [file, kind = 'commit', armAfterText = '5', delayText = '500'] = process.argv.slice(2);
if (file === undefined)
  throw new Error('usage: checkpointWriter.node.ts FILE KIND ARM_AFTER DELAY_US < key-hex');
const armAfter = Number(armAfterText);
const delayUs = Number(delayText);

let keyHex = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) keyHex += chunk as string;
const db = openEncryptedDatabase(file, Buffer.from(keyHex.trim(), 'hex'), { create: true });
migrate(db);
// "checkpoint" lets the WAL grow so the armed checkpoint has pages to copy.
db.pragma(`wal_autocheckpoint = ${kind === 'checkpoint' ? 0 : 4}`);

const shared = new SharedArrayBuffer(8);
const flag = new Int32Array(shared);
const watchdog = new Worker(WATCHDOG, { eval: true, workerData: shared });
watchdog.unref();

function say(line: string): Promise<void> | void {
  if (!process.stdout.write(`${line}\n`)) return once(process.stdout, 'drain').then(() => undefined);
}

function commitBatch(batch: number): number[] {
  return db
    .transaction(() => {
      const written: number[] = [];
      for (let k = 0; k < BATCH; k++) {
        written.push(appendAudit(db, { action: 'record.updated', details: { batch, k, pad: PAD } }).seq);
      }
      return written;
    })
    .immediate();
}

// Let the watchdog thread start and block in Atomics.wait before anything is armed.
await new Promise((resolve) => setTimeout(resolve, 20));

for (let batch = 0; ; batch++) {
  const armed = batch === armAfter;
  if (armed) {
    await say(`armed ${kind} ${delayUs}`);
    Atomics.store(flag, 1, delayUs);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
  if (armed && kind === 'checkpoint') {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } else {
    for (const seq of commitBatch(batch)) await say(`ack ${seq}`);
  }
  if (armed) await say('survived');
}
