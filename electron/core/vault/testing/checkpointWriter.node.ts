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
 * The delay is DELAY_SHARE (0 to 1) of the median time its earlier commits took, so the kill
 * lands inside the operation on a slow disk and a fast one alike. It prints "armed <kind>
 * <delayUs>" before the operation and "survived" if the operation returned before the kill.
 * Usage: checkpointWriter.node.ts FILE KIND ARM_AFTER DELAY_SHARE < key-hex
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
const { parentPort, workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData);
parentPort.postMessage('waiting');
Atomics.wait(flag, 0, 0);
const delayNs = BigInt(Atomics.load(flag, 1)) * 1000n;
const start = process.hrtime.bigint();
while (process.hrtime.bigint() - start < delayNs) {}
process.kill(process.pid, 'SIGKILL');
`;

const [file, kind = 'commit', armAfterText = '5', shareText = '0.5'] = process.argv.slice(2);
if (file === undefined)
  throw new Error('usage: checkpointWriter.node.ts FILE KIND ARM_AFTER DELAY_SHARE < key-hex');
const armAfter = Math.max(1, Number(armAfterText));
const delayShare = Number(shareText);
/** How long each unarmed commit took, in microseconds. */
const commitUs: number[] = [];

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

// The watchdog must be blocked in Atomics.wait before anything is armed: a thread still
// starting when the flag is set would find it set late and kill some later batch instead.
await once(watchdog, 'message');

for (let batch = 0; ; batch++) {
  const armed = batch === armAfter;
  if (armed) {
    const sorted = [...commitUs].sort((a, b) => a - b);
    const delayUs = Math.round(delayShare * (sorted[sorted.length >> 1] as number));
    await say(`armed ${kind} ${delayUs}`);
    Atomics.store(flag, 1, delayUs);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
  if (armed && kind === 'checkpoint') {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } else {
    const started = process.hrtime.bigint();
    const written = commitBatch(batch);
    if (!armed) commitUs.push(Number(process.hrtime.bigint() - started) / 1000);
    for (const seq of written) await say(`ack ${seq}`);
  }
  if (armed) await say('survived');
}
