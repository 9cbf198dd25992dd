import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { TIER_RANK } from '../../../shared/domain/responseTargets.std.ts';
import { readImportFile } from '../messages/import/readImportFile.node.ts';
import { createMessageService } from '../messages/messageService.node.ts';
import { ageQueue, queuePage } from '../messages/messageStore.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { SOURCE_CHECKPOINT_WORKER, startWalCheckpointer } from '../storage/walCheckpointer.node.ts';
import type { Benchmark } from './runner.node.ts';
import { round, withBaseline } from './runner.node.ts';
import { syntheticMessages } from './syntheticMessages.node.ts';

const QUEUE_MESSAGES = 100_000;
const IMPORT_EMAILS = 10_000;
/** The same emails in this many files, for import.emails_10_files_ms. */
const IMPORT_FILES = 10;

/** 100k queue rows straight into the table: the bench is about the query, not the import. */
function fillQueue(db: VaultDatabase, count: number): void {
  const bodies = syntheticMessages(2000, 11);
  const insert = db.prepare(
    `INSERT INTO messages (id, channel, sender, body, received_at, imported_at, content_hash, tier, score, due_at,
       queue_rank, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = Date.parse('2026-09-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Mostly routine and priority, a few urgent, very few crisis: a realistic mix.
      const roll = (i * 7919) % 1000;
      const tier =
        roll < 5
          ? 'crisis'
          : roll < 60
            ? 'urgent'
            : roll < 360
              ? 'priority'
              : roll < 900
                ? 'routine'
                : 'none';
      const received = new Date(start + i * 90_000).toISOString();
      const due = new Date(start + i * 90_000 + (4 - TIER_RANK[tier]) * 86_400_000).toISOString();
      insert.run(
        randomUUID(),
        i % 3 === 0 ? 'email' : i % 3 === 1 ? 'sms' : 'chat',
        `client${i % 5000}@example.org`,
        bodies[i % bodies.length] as string,
        received,
        received,
        `h${i}`,
        tier,
        50,
        due,
        TIER_RANK[tier],
        i % 10 === 0 ? 'closed' : 'new',
      );
    }
  })();
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN;
}

function firstPageTimes(db: VaultDatabase, runs: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    queuePage(db, {}, { limit: 50 });
    times.push(performance.now() - started);
  }
  return times;
}

/** Synthetic emails in mbox form, their Message-IDs starting with `prefix`. */
function emails(count: number, seed: number, prefix: string): string[] {
  return syntheticMessages(count, seed).map(
    (body, i) =>
      `From client${i}@example.org Mon Nov 23 09:00:00 2026\n` +
      `From: Client ${i} <client${i % 3000}@example.org>\nTo: advice@outpost.example\n` +
      `Subject: Question ${i}\nMessage-ID: <${prefix}-${i}@example.org>\n` +
      `Date: Mon, 23 Nov 2026 09:${String(i % 60).padStart(2, '0')}:00 +0000\n` +
      `Content-Type: text/plain; charset=utf-8\n\n${body}\n`,
  );
}

/** Reads every item of the files, storing nothing: the import benches' baseline. */
async function readOnlyMs(paths: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const path of paths) for await (const _ of readImportFile(path)) void _;
  return performance.now() - started;
}

/**
 * Imports `paths` with a fresh service (so a fresh triage thread) and times it. Prepared,
 * it waits first for the thread the import dialog starts when it opens: choosing a file
 * takes a counsellor longer than the thread takes to load its rules.
 */
async function timedImport(
  db: VaultDatabase,
  paths: readonly string[],
  { prepared }: { prepared: boolean },
): Promise<number> {
  const service = createMessageService();
  if (prepared) await service.prepareImport();
  const started = performance.now();
  const reports = await service.importFiles(db, paths);
  const ms = performance.now() - started;
  service.stopTriageThread();
  if (reports.reduce((sum, report) => sum + report.imported, 0) !== IMPORT_EMAILS)
    throw new Error('The import bench did not import every email.');
  return ms;
}

/**
 * queue.first_page_p95_ms: the first page of 50 at 100k messages, on the encrypted
 * vault beside plain SQLite. import.emails_10k_ms: 10k emails read, triaged, linked
 * and stored, beside reading the same mbox alone. import.emails_10_files_ms: another 10k
 * in ten files of 1,000 in one import, beside reading those files alone. Both as the app
 * imports (see timedImport); import.emails_10k_unprepared_ms: 10k more, the thread
 * starting with the import.
 */
export const messageBenchmarks: Benchmark = {
  name: 'queue',
  async run() {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-bench-queue-'));
    try {
      const key = randomBytes(32);
      const encrypted = openEncryptedDatabase(join(folder, 'vault.db'), key, { create: true });
      // As an unlocked vault runs: WAL checkpoints on their own thread, not in the commits.
      const checkpointer = startWalCheckpointer(
        encrypted,
        join(folder, 'vault.db'),
        key,
        SOURCE_CHECKPOINT_WORKER,
      );
      const plain = new Database(join(folder, 'plain.db')) as unknown as VaultDatabase;
      plain.pragma('journal_mode = WAL');
      for (const db of [encrypted, plain]) {
        migrate(db);
        fillQueue(db, QUEUE_MESSAGES);
        ageQueue(db, '2026-11-23T00:00:00.000Z');
        firstPageTimes(db, 20);
      }
      const encryptedP95 = p95(firstPageTimes(encrypted, 200));
      const plainP95 = p95(firstPageTimes(plain, 200));
      plain.close();

      // As unlocking does (to re-triage what new rules would change), the rules are built here.
      createMessageService().rulesVersion();

      const mbox = join(folder, 'inbox.mbox');
      writeFileSync(mbox, emails(IMPORT_EMAILS, 23, 'bench').join('\n'));
      const readOnly = await readOnlyMs([mbox]);
      const importMs = await timedImport(encrypted, [mbox], { prepared: true });

      // The same number of emails as ten files of 1,000 in one import.
      const fileEmails = emails(IMPORT_EMAILS, 29, 'files');
      const files = Array.from({ length: IMPORT_FILES }, (_, file) => {
        const path = join(folder, `inbox-${file}.mbox`);
        const each = IMPORT_EMAILS / IMPORT_FILES;
        writeFileSync(path, fileEmails.slice(file * each, (file + 1) * each).join('\n'));
        return path;
      });
      const filesReadOnly = await readOnlyMs(files);
      const filesMs = await timedImport(encrypted, files, { prepared: true });

      // As a file found in the watched folder at unlock: the thread starts with the import.
      const unpreparedMbox = join(folder, 'unprepared.mbox');
      writeFileSync(unpreparedMbox, emails(IMPORT_EMAILS, 31, 'unprepared').join('\n'));
      const unpreparedReadOnly = await readOnlyMs([unpreparedMbox]);
      const unpreparedMs = await timedImport(encrypted, [unpreparedMbox], { prepared: false });
      checkpointer.stop();
      encrypted.close();
      return [
        withBaseline({ name: 'queue.first_page_p95_ms', value: round(encryptedP95), unit: 'ms' }, plainP95),
        withBaseline({ name: 'import.emails_10k_ms', value: round(importMs), unit: 'ms' }, readOnly),
        withBaseline({ name: 'import.emails_10_files_ms', value: round(filesMs), unit: 'ms' }, filesReadOnly),
        withBaseline(
          { name: 'import.emails_10k_unprepared_ms', value: round(unpreparedMs), unit: 'ms' },
          unpreparedReadOnly,
        ),
      ];
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
