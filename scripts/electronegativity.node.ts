/**
 * Runs @doyensec/electronegativity over electron/ for the Electron version we ship
 * and fails on any MEDIUM, HIGH or CRITICAL finding that is not in the reviewed list.
 * The tool itself exits 0 on findings (and, offline, may crash while looking up
 * Electron releases, usually after writing its report), so the report file decides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const root = join(import.meta.dirname, '..');
const reportDir = join(root, 'test-results');
const report = join(reportDir, 'electronegativity.csv');
const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;
const { reviewed } = JSON.parse(
  readFileSync(join(import.meta.dirname, 'electronegativity-reviewed.json'), 'utf8'),
) as {
  reviewed: { check: string; file: string }[];
};

mkdirSync(reportDir, { recursive: true });
const bin = join(root, 'node_modules/.bin/electronegativity');

/** The report's rows, or null when it is missing or was cut short by a crash. */
function readReport(): Record<string, string>[] | null {
  if (!existsSync(report)) return null;
  try {
    const rows = parse(readFileSync(report, 'utf8'), {
      columns: true,
      trim: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
    // Every row ends with the finding's wiki link: a row without one was cut short.
    return rows.every((row) => (row.url ?? '').startsWith('http')) ? rows : null;
  } catch {
    return null;
  }
}

// Offline, the tool's release lookup sometimes crashes it (a timing race in its HTTP
// retries): usually after the report is written, sometimes before or while writing it.
// A missing or unreadable report is scanned again, a few times.
const ATTEMPTS = 3;
let run: ReturnType<typeof spawnSync> | undefined;
let rows: Record<string, string>[] | null = null;
for (let attempt = 1; attempt <= ATTEMPTS && rows === null; attempt++) {
  rmSync(report, { force: true });
  run = spawnSync(bin, ['-i', join(root, 'electron'), '-e', electronVersion, '-r', '-o', report], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  rows = readReport();
}
if (rows === null) {
  console.error(run?.stdout, run?.stderr);
  console.error(`electronegativity wrote no readable report in ${ATTEMPTS} attempts: the scan did not run.`);
  process.exit(3);
}

let failures = 0;
for (const row of rows) {
  const check = row.issue ?? '';
  const severity = (row.severity ?? '').toUpperCase();
  const file = row.filename ?? '';
  const accepted = reviewed.some((entry) => entry.check === check && entry.file === file);
  const verdict = !FAILING.has(severity) ? 'info' : accepted ? 'reviewed' : 'FAIL';
  if (verdict === 'FAIL') failures++;
  console.log(
    `${verdict.padEnd(8)} ${severity.padEnd(13)} ${check} ${file}:${row.location ?? ''} ${row.description ?? ''}`,
  );
}
console.log(`electronegativity (Electron ${electronVersion}): ${rows.length} findings, ${failures} failing`);
process.exit(failures === 0 ? 0 : 1);
