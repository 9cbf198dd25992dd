/**
 * `npm run bench:renderer`: how fast the queue's first page appears in the real renderer
 * with 100k messages in the vault (a bench script, not a test). Builds nothing: run
 * `npm run build` first. Prints renderer.queue_first_page_ms (goal < 300) beside a
 * baseline measured in the same run: switching to the Settings section, which loads only
 * a few settings, so the ratio shows what the queue itself costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium.ts';
import { startHarness } from './harness/harness.node.ts';
import { formatTable, round, withBaseline } from '../electron/core/bench/runner.node.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '9' },
    /** Keep the vault here and reuse it next time, instead of filling a new one (minutes at 100k). */
    data: { type: 'string' },
  },
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const PASSPHRASE = 'bench harbour lantern seventeen';

const keep = values.data !== undefined;
const dataDir = keep ? resolve(values.data!) : mkdtempSync(join(tmpdir(), 'outpost-bench-renderer-'));
const harness = await startHarness({
  rendererDir: resolve(import.meta.dirname, '../out/renderer'),
  dataDir,
  version: '0.0.0-bench',
});
const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(harness.url);
  const seeded = await page.evaluate(
    async ({ passphrase, messages }) => {
      const bridge = window.outpost!;
      const status = await bridge.call('vault.status', {});
      const reuse = 'result' in status && (status.result as { state: string }).state === 'locked';
      const opened = reuse
        ? await bridge.call('vault.unlock', { passphrase })
        : await bridge.call('vault.create', { passphrase, purpose: 'demo' });
      if (!('result' in opened)) return opened;
      // Filling 100k messages takes longer than the default idle lock.
      await bridge.call('vault.updateSettings', { autoLockMinutes: 0 });
      if (!reuse) await bridge.call('demo.generate', { clients: 2000, messages, notes: 0, days: 60 });
      return bridge.call('messages.queueCounts', { filter: {} });
    },
    { passphrase: PASSPHRASE, messages: MESSAGES },
  );
  if (!('result' in seeded)) throw new Error('The demo vault could not be created or opened.');
  const openMessages = (seeded.result as { total: number }).total;
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();

  /** Milliseconds from pressing a section's tab to `selector` being in the page. */
  const timeSection = (tab: string, selector: string) =>
    page.evaluate(
      ({ tab, selector }) =>
        new Promise<number>((done) => {
          const target = [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find(
            (element) => element.textContent?.trim().startsWith(tab) === true,
          );
          if (target === undefined) throw new Error(`no ${tab} tab`);
          const start = performance.now();
          target.click();
          const check = () => {
            if (document.querySelector(selector) !== null) done(performance.now() - start);
            else requestAnimationFrame(check);
          };
          check();
        }),
      { tab, selector },
    );

  const queueTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baselineTimes.push(await timeSection('Settings', '[data-testid="records-settings"]'));
    queueTimes.push(await timeSection('Queue', '[data-testid="queue-row"]'));
  }
  const median = (times: number[]) => times.toSorted((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
  console.log(
    formatTable([
      withBaseline(
        { name: 'renderer.queue_first_page_ms', value: round(median(queueTimes)), unit: 'ms' },
        median(baselineTimes),
      ),
    ]),
  );
  console.log(
    `(${openMessages} open messages in the queue of a ${keep ? 'reused' : `${MESSAGES}-message`} demo vault; median of ${RUNS} runs; goal < 300 ms)`,
  );
} finally {
  await browser.close();
  await harness.close();
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}
