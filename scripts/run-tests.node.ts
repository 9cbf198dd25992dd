/**
 * `npm test`: every suite, always all of them, then one total line
 * ("N passed, N failed, N skipped") that CI reads.
 *   1. unit + integration (Vitest, Node)
 *   2. build, then end-to-end (Playwright: Chromium through the harness, and Electron where present)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const unitReport = join(root, 'test-results/unit.json');
const e2eReport = join(root, 'test-results/e2e.json');
const summaryFile = join(root, 'test-results/summary.txt');

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; tests: { annotations: { type: string; description?: string }[] }[] }[];
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
}

/** A skip must say why; print each reason so the log shows it is true on this machine. */
function skipReasons(suites: PlaywrightSuite[]): string[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests.flatMap((test) =>
        test.annotations
          .filter((annotation) => annotation.type === 'skip')
          .map((annotation) => `${spec.title}: ${annotation.description ?? '(no reason given)'}`),
      ),
    ),
    ...skipReasons(suite.suites ?? []),
  ]);
}

function step(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

mkdirSync(join(root, 'test-results'), { recursive: true });
rmSync(summaryFile, { force: true });
rmSync(unitReport, { force: true });
rmSync(e2eReport, { force: true });

const unitExit = step(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitReport}`,
]);
const unitJson = readJson<{
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}>(unitReport);
const unit: Tally = unitJson
  ? {
      passed: unitJson.numPassedTests,
      failed: unitJson.numFailedTests,
      skipped: unitJson.numPendingTests + unitJson.numTodoTests,
    }
  : { passed: 0, failed: 1, skipped: 0 };

const buildExit = step(bin('electron-vite'), ['build']);
let e2e: Tally = { passed: 0, failed: 1, skipped: 0 };
let e2eExit = 1;
if (buildExit === 0) {
  e2eExit = step(bin('playwright'), ['test']);
  const report = readJson<PlaywrightReport>(e2eReport);
  if (report) {
    const { stats } = report;
    e2e = { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
    for (const reason of skipReasons(report.suites)) console.log(`skipped: ${reason}`);
  }
} else {
  console.error('The build failed, so the end-to-end suite could not run.');
}

const line = (t: Tally) => `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
console.log(`\nunit and integration (Vitest): ${line(unit)}`);
console.log(`end-to-end (Playwright): ${line(e2e)}`);
const total = {
  passed: unit.passed + e2e.passed,
  failed: unit.failed + e2e.failed,
  skipped: unit.skipped + e2e.skipped,
};
// A suite that crashed before reporting counts as one failure, so the total never looks green.
if (unitExit !== 0 && unit.failed === 0) total.failed += 1;
if (e2eExit !== 0 && e2e.failed === 0) total.failed += 1;
console.log(line(total));
writeFileSync(summaryFile, `${line(total)}\n`);
process.exit(total.failed === 0 ? 0 : 1);
