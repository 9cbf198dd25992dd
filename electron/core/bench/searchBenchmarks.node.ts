import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDemoRecords } from '../demo/demoRecords.node.ts';
import { searchIndex } from '../search/searchIndex.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import type { Benchmark } from './runner.node.ts';
import { round } from './runner.node.ts';

const QUERIES = [
  'interview',
  'apprenticeship',
  'redundancy',
  'childcare',
  'visa',
  'nursing',
  'family expects',
  'cv',
  'decision confusion',
  'money',
  'retraining fund',
  'partner study',
  'chat',
  'star outline',
  'motivated',
  'commit',
  'farm',
  'jobs board',
];

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** search.fts_p95_ms: full-text queries over 20k signed notes in the encrypted vault. */
export const searchBenchmarks: Benchmark = {
  name: 'search',
  run() {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-bench-search-'));
    const key = randomBytes(32);
    try {
      const db = openEncryptedDatabase(join(folder, 'vault.db'), key, { create: true });
      migrate(db);
      let seed = 42;
      const random = () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed / 4294967296;
      };
      db.transaction(() =>
        generateDemoRecords(db, random, { clients: 800, notes: 20_000, days: 730 }),
      ).immediate();
      for (const text of QUERIES) searchIndex(db, text, { limit: 20 });
      const timings: number[] = [];
      for (let round = 0; round < 20; round++) {
        for (const text of QUERIES) {
          const started = performance.now();
          searchIndex(db, text, { limit: 20 });
          timings.push(performance.now() - started);
        }
      }
      db.close();
      return Promise.resolve([
        { name: 'search.fts_p50_ms', value: round(percentile(timings, 0.5)), unit: 'ms' },
        { name: 'search.fts_p95_ms', value: round(percentile(timings, 0.95)), unit: 'ms' },
      ]);
    } finally {
      key.fill(0);
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
