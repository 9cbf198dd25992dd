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
rmSync(report, { force: true });
const bin = join(root, 'node_modules/.bin/electronegativity');
// Offline, the tool's release lookup sometimes crashes it before the report is written
// (a timing race in its HTTP retries), so a missing report is retried a few times.
const ATTEMPTS = 3;
let run: ReturnType<typeof spawnSync> | undefined;
for (let attempt = 1; attempt <= ATTEMPTS && !existsSync(report); attempt++) {
  run = spawnSync(bin, ['-i', join(root, 'electron'), '-e', electronVersion, '-r', '-o', report], {
    encoding: 'utf8',
    timeout: 300_000,
  });
}
if (!existsSync(report)) {
  console.error(run?.stdout, run?.stderr);
  console.error(`electronegativity wrote no report in ${ATTEMPTS} attempts: the scan did not run.`);
  process.exit(3);
}

const rows = parse(readFileSync(report, 'utf8'), {
  columns: true,
  trim: true,
  skip_empty_lines: true,
}) as Record<string, string>[];
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
