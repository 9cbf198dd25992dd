import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { createKeyring, unwrapWithPassphrase } from '../vault/keyring.node.ts';
import type { Benchmark } from './runner.node.ts';
import { round, withBaseline } from './runner.node.ts';

const WORDS = (
  'job interview career change redundancy anxious hopeful confused deadline application cover letter ' +
  'apprenticeship training course university scholarship manager family pressure visa money rent ' +
  'childcare health shift overtime contract reference portfolio volunteer confidence decision plan'
).split(' ');

function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

/** Message- and note-shaped tables with full-text search, as the queue and notes will have. */
function createWorkloadSchema(db: VaultDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS bench_messages (
      id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, received_at TEXT NOT NULL,
      channel TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS bench_messages_by_client ON bench_messages (client_id, received_at);
    CREATE VIRTUAL TABLE IF NOT EXISTS bench_messages_fts USING fts5 (body, content='bench_messages', content_rowid='id');
    CREATE TABLE IF NOT EXISTS bench_notes (
      id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, written_at TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS bench_notes_by_client ON bench_notes (client_id, written_at);
  `);
}

function fill(db: VaultDatabase, messages: number, notes: number, seed = 7): void {
  const random = pseudoRandom(seed);
  const insertMessage = db.prepare(
    'INSERT INTO bench_messages (client_id, received_at, channel, body) VALUES (?, ?, ?, ?)',
  );
  const indexMessage = db.prepare('INSERT INTO bench_messages_fts (rowid, body) VALUES (?, ?)');
  const insertNote = db.prepare('INSERT INTO bench_notes (client_id, written_at, body) VALUES (?, ?, ?)');
  const base = Date.parse('2026-01-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 0; i < messages; i++) {
      const body = sentence(random, 12 + Math.floor(random() * 30));
      const { lastInsertRowid } = insertMessage.run(
        Math.floor(random() * 2000),
        new Date(base + i * 60_000).toISOString(),
        random() < 0.5 ? 'email' : 'chat',
        body,
      );
      indexMessage.run(lastInsertRowid, body);
    }
    for (let i = 0; i < notes; i++) {
      insertNote.run(
        Math.floor(random() * 2000),
        new Date(base + i * 300_000).toISOString(),
        sentence(random, 80),
      );
    }
  })();
}

const PHASES = ['inserts', 'point_reads', 'range_scans', 'fts'] as const;
type Phase = (typeof PHASES)[number];

/** Inserts, point reads, range scans and full-text queries: a counsellor's day, compressed. */
function mixedWorkload(db: VaultDatabase): Record<Phase, number> {
  const random = pseudoRandom(99);
  const timings = {} as Record<Phase, number>;
  const timed = (phase: Phase, work: () => void) => {
    const started = performance.now();
    work();
    timings[phase] = performance.now() - started;
  };
  const insertMessage = db.prepare(
    'INSERT INTO bench_messages (client_id, received_at, channel, body) VALUES (?, ?, ?, ?)',
  );
  const indexMessage = db.prepare('INSERT INTO bench_messages_fts (rowid, body) VALUES (?, ?)');
  timed('inserts', () => {
    for (let batch = 0; batch < 20; batch++) {
      db.transaction(() => {
        for (let i = 0; i < 100; i++) {
          const body = sentence(random, 25);
          const { lastInsertRowid } = insertMessage.run(i, new Date().toISOString(), 'chat', body);
          indexMessage.run(lastInsertRowid, body);
        }
      })();
    }
  });
  const maxId = (db.prepare('SELECT max(id) AS n FROM bench_messages').get() as { n: number }).n;
  const byId = db.prepare('SELECT * FROM bench_messages WHERE id = ?');
  timed('point_reads', () => {
    for (let i = 0; i < 4000; i++) byId.get(1 + Math.floor(random() * maxId));
  });
  const byClient = db.prepare(
    'SELECT id, received_at FROM bench_messages WHERE client_id = ? ORDER BY received_at DESC LIMIT 50',
  );
  timed('range_scans', () => {
    for (let i = 0; i < 400; i++) byClient.all(Math.floor(random() * 2000));
  });
  const search = db.prepare(
    'SELECT rowid FROM bench_messages_fts WHERE bench_messages_fts MATCH ? ORDER BY rank LIMIT 20',
  );
  timed('fts', () => {
    for (let i = 0; i < 50; i++) search.all(`${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`);
  });
  return timings;
}

function total(timings: Record<Phase, number>): number {
  return PHASES.reduce((sum, phase) => sum + timings[phase], 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function openPlain(file: string): VaultDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  db.pragma('temp_store = MEMORY');
  return db;
}

const PASSPHRASE = 'bench passphrase that nobody uses';

/**
 * vault.kdf_ms: one Argon2id unwrap at the shipped parameters.
 * vault.open_ms: opening the database once the key is known (pragmas, key check,
 * schema check), with 100k messages and 20k notes inside.
 */
export const vaultBenchmarks: Benchmark = {
  name: 'vault',
  async run() {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-bench-vault-'));
    try {
      const { keyring, dataKey } = await createKeyring(PASSPHRASE);
      const kdf: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        (await unwrapWithPassphrase(keyring, PASSPHRASE)).fill(0);
        kdf.push(performance.now() - started);
      }
      const file = join(folder, 'vault.db');
      const db = openEncryptedDatabase(file, dataKey, { create: true });
      migrate(db);
      createWorkloadSchema(db);
      fill(db, 100_000, 20_000);
      db.close();
      const opens: number[] = [];
      for (let i = 0; i < 15; i++) {
        const started = performance.now();
        const opened = openEncryptedDatabase(file, dataKey);
        migrate(opened);
        opened.prepare('SELECT count(*) FROM audit_log').get();
        opens.push(performance.now() - started);
        opened.close();
      }
      dataKey.fill(0);
      return [
        { name: 'vault.kdf_ms', value: round(median(kdf)), unit: 'ms' },
        { name: 'vault.open_ms', value: round(median(opens)), unit: 'ms' },
      ];
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** storage.encrypted_vs_plain: the same mixed workload on SQLCipher and on plain SQLite. */
export const storageBenchmarks: Benchmark = {
  name: 'storage',
  run() {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-bench-storage-'));
    try {
      const key = randomBytes(32);
      const encrypted = openEncryptedDatabase(join(folder, 'encrypted.db'), key, { create: true });
      const plain = openPlain(join(folder, 'plain.db'));
      for (const db of [encrypted, plain]) {
        createWorkloadSchema(db);
        fill(db, 20_000, 4_000);
      }
      const encryptedRuns: Record<Phase, number>[] = [];
      const plainRuns: Record<Phase, number>[] = [];
      // Alternate, so drift in machine load touches both sides alike.
      for (let i = 0; i < 5; i++) {
        plainRuns.push(mixedWorkload(plain));
        encryptedRuns.push(mixedWorkload(encrypted));
      }
      encrypted.close();
      plain.close();
      key.fill(0);
      const figure = (name: string, pick: (timings: Record<Phase, number>) => number) =>
        withBaseline(
          { name, value: round(median(encryptedRuns.map(pick))), unit: 'ms' },
          median(plainRuns.map(pick)),
        );
      return Promise.resolve([
        figure('storage.encrypted_vs_plain', total),
        ...PHASES.map((phase) => figure(`storage.encrypted_vs_plain.${phase}`, (timings) => timings[phase])),
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
