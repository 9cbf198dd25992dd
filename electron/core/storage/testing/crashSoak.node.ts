import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyAuditChain } from '../../audit/auditLog.node.ts';
import { integrityProblems, openEncryptedDatabase } from '../database.node.ts';

const WRITER = new URL('./crashWriter.node.ts', import.meta.url).pathname;

export interface SoakReport {
  kills: number;
  /** Writes the child reported as committed before it was killed. */
  acknowledged: number;
  /** Acknowledged writes missing afterwards: must be 0. */
  lost: number;
  integrity: 'ok' | string;
  auditChain: 'ok' | string;
}

/** Runs the writer until it has acknowledged something, then kills it after a random pause. */
async function runAndKill(file: string, keyHex: string, maxDelayMs: number): Promise<number[]> {
  const child = spawn(process.execPath, [WRITER, file], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(keyHex);
  const acked: number[] = [];
  let partial = '';
  let firstAck: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (firstAck = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^ack (\d+)$/.exec(line);
      if (match) acked.push(Number(match[1]));
    }
    if (acked.length > 0) firstAck();
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([started, exited]);
  if (acked.length === 0)
    throw new Error(`the writer exited before writing anything: ${stderr.slice(0, 500)}`);
  await sleep(Math.random() * maxDelayMs);
  child.kill('SIGKILL');
  await exited;
  return acked;
}

/**
 * Kills a committing writer `kills` times. After every kill the database must open,
 * pass integrity_check and the audit chain, and contain every acknowledged write.
 */
export async function runCrashSoak(options: {
  kills: number;
  maxDelayMs?: number;
  onKill?: (done: number) => void;
}): Promise<SoakReport> {
  const folder = mkdtempSync(join(tmpdir(), 'outpost-soak-'));
  const key = randomBytes(32);
  const file = join(folder, 'vault.db');
  const report: SoakReport = { kills: 0, acknowledged: 0, lost: 0, integrity: 'ok', auditChain: 'ok' };
  try {
    for (let kill = 0; kill < options.kills; kill++) {
      const acked = await runAndKill(file, key.toString('hex'), options.maxDelayMs ?? 150);
      report.kills++;
      report.acknowledged += acked.length;
      const db = openEncryptedDatabase(file, key);
      try {
        const present = db.prepare('SELECT 1 FROM audit_log WHERE seq = ?');
        report.lost += acked.filter((seq) => present.get(seq) === undefined).length;
        const problems = integrityProblems(db);
        if (problems.length > 0) report.integrity = problems.join('; ');
        const chain = verifyAuditChain(db);
        if (!chain.ok) report.auditChain = chain.firstBroken?.reason ?? 'broken';
      } finally {
        db.close();
      }
      options.onKill?.(report.kills);
      if (report.lost > 0 || report.integrity !== 'ok' || report.auditChain !== 'ok') break;
    }
    return report;
  } finally {
    key.fill(0);
    rmSync(folder, { recursive: true, force: true });
  }
}
