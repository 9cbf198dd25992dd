/**
 * A checkpoint-heavy variant of storage/testing/crashSoak. The plain soak kills its writer
 * from outside after a random pause; its WAL stays far below the 1000-page autocheckpoint
 * between kills, so a crash inside a checkpoint or a WAL reset is rare there. Here the
 * writer kills itself from a watchdog thread a few hundred microseconds into a commit with
 * autocheckpoint, or into a TRUNCATE checkpoint of a grown WAL (see checkpointWriter).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChain } from '../../audit/auditLog.node.ts';
import { openEncryptedDatabase } from '../../storage/database.node.ts';

const WRITER = new URL('./checkpointWriter.node.ts', import.meta.url).pathname;

export interface CheckpointSoakReport {
  kills: number;
  /** Kills that landed before the armed operation returned (it never printed "survived"). */
  killsInsideOperation: number;
  acknowledged: number;
  lost: number;
  integrity: 'ok' | string;
  auditChain: 'ok' | string;
}

interface RunResult {
  acked: number[];
  armed: boolean;
  survived: boolean;
  signal: NodeJS.Signals | null;
}

async function runOnce(
  file: string,
  keyHex: string,
  kind: string,
  armAfter: number,
  delayShare: number,
): Promise<RunResult> {
  const child = spawn(process.execPath, [WRITER, file, kind, String(armAfter), String(delayShare)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(keyHex);
  const result: RunResult = { acked: [], armed: false, survived: false, signal: null };
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^ack (\d+)$/.exec(line);
      if (match) result.acked.push(Number(match[1]));
      else if (line.startsWith('armed ')) result.armed = true;
      else if (line === 'survived') result.survived = true;
    }
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The watchdog should have fired long before this; if not, kill from outside.
  const backstop = setTimeout(() => child.kill('SIGKILL'), 15_000);
  result.signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  clearTimeout(backstop);
  if (!result.armed) throw new Error(`the writer died before arming its watchdog: ${stderr.slice(0, 500)}`);
  return result;
}

export async function runCheckpointSoak(options: { kills: number }): Promise<CheckpointSoakReport> {
  const folder = mkdtempSync(join(tmpdir(), 'outpost-ckpt-soak-'));
  const key = randomBytes(32);
  const file = join(folder, 'vault.db');
  const report: CheckpointSoakReport = {
    kills: 0,
    killsInsideOperation: 0,
    acknowledged: 0,
    lost: 0,
    integrity: 'ok',
    auditChain: 'ok',
  };
  try {
    for (let kill = 0; kill < options.kills; kill++) {
      const kind = kill % 2 === 0 ? 'commit' : 'checkpoint';
      const armAfter = 3 + Math.floor(Math.random() * 10);
      const run = await runOnce(file, key.toString('hex'), kind, armAfter, Math.random());
      if (run.signal !== 'SIGKILL') throw new Error(`the writer ended by ${String(run.signal)}, not SIGKILL`);
      report.kills++;
      if (!run.survived) report.killsInsideOperation++;
      report.acknowledged += run.acked.length;
      const db = openEncryptedDatabase(file, key);
      try {
        const present = db.prepare('SELECT 1 FROM audit_log WHERE seq = ?');
        report.lost += run.acked.filter((seq) => present.get(seq) === undefined).length;
        const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
          .map((row) => row.integrity_check)
          .join('; ');
        if (integrity !== 'ok') report.integrity = integrity;
        const chain = verifyAuditChain(db);
        if (!chain.ok) report.auditChain = chain.firstBroken?.reason ?? 'broken';
      } finally {
        db.close();
      }
      if (report.lost > 0 || report.integrity !== 'ok' || report.auditChain !== 'ok') break;
    }
    return report;
  } finally {
    key.fill(0);
    rmSync(folder, { recursive: true, force: true });
  }
}
