import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHarness } from './harness/harness.node.ts';
import type { Harness } from './harness/harness.node.ts';

const RENDERER_DIR = join(import.meta.dirname, '../out/renderer');

/** Strong enough for the core's rule; only ever used for throw-away test vaults. */
export const TEST_PASSPHRASE = 'quiet harbour lantern seventeen';

/** What the stand-in OS file dialogs answer; a test may change them before the app asks. */
export interface DialogAnswers {
  backupFolder: string | null;
  restoreFile: string | null;
  /** Where "Export replies" writes; a folder inside the test's data folder. */
  replyExportFolder: string | null;
  watchFolder: string | null;
  /** What the "Import messages" dialog answers. */
  importFiles: string[];
  /** Where a team bundle is exported (a folder; the page names the file). */
  exchangeFolder: string | null;
  /** The team bundle the "open a bundle" dialog answers. */
  bundleFile: string | null;
}

export interface FreshHarness extends Harness {
  dataDir: string;
  /** Where the core keeps the vault (the harness's `vault` folder). */
  vaultDir: string;
  dialogs: DialogAnswers;
}

interface Fixtures {
  /** The app through the shared harness, with its vault unlocked and the app shell showing. */
  app: Page;
  /** A harness of its own for this test: a new data folder, no vault yet. */
  freshHarness: FreshHarness;
  /** The page loaded from `freshHarness`; shows the Create vault screen. */
  freshApp: Page;
  /** A second fresh harness (another data folder and vault), for two-colleague specs. */
  secondHarness: FreshHarness;
  /** A page of its own loaded from `secondHarness`; shows the Create vault screen. */
  secondApp: Page;
  /** `test.use({ fakeClock: true })`: Playwright's fake clock is installed before the page loads. */
  fakeClock: boolean;
  /** What the page reported so far; a test that provokes a problem on purpose removes it here. */
  pageProblems: string[];
}

/** Collects page errors, console errors and CSP violations so the fixture can fail the test on them. */
async function watchForProblems(page: Page, problems: string[]): Promise<void> {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

/** Creates the vault if there is none, unlocks it if locked, through the page's own bridge. */
async function ensureUnlocked(page: Page): Promise<void> {
  const outcome = await page.evaluate(async (passphrase) => {
    const bridge = window.outpost!;
    const status = await bridge.call('vault.status', {});
    if (!('result' in status)) return status;
    const { state } = status.result as { state: string };
    if (state === 'absent') return bridge.call('vault.create', { passphrase });
    if (state === 'locked') return bridge.call('vault.unlock', { passphrase });
    return status;
  }, TEST_PASSPHRASE);
  expect(outcome, 'the test vault could not be opened').not.toHaveProperty('error');
}

/** A harness of its own: a new data folder, no vault yet, dialogs answered from `dialogs`. */
async function startFreshHarness(): Promise<{ harness: FreshHarness; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-fresh-'));
  const dialogs: DialogAnswers = {
    backupFolder: join(dataDir, 'backups'),
    restoreFile: null,
    replyExportFolder: join(dataDir, 'outbox'),
    watchFolder: null,
    importFiles: [],
    exchangeFolder: null,
    bundleFile: null,
  };
  const harness = await startHarness({
    rendererDir: RENDERER_DIR,
    dataDir,
    version: '0.0.0-e2e',
    choosePath: (purpose) => {
      switch (purpose) {
        case 'backup':
          return dialogs.backupFolder;
        case 'restore':
          return dialogs.restoreFile;
        case 'reply-export':
          return dialogs.replyExportFolder;
        case 'watch-folder':
          return dialogs.watchFolder;
        case 'exchange-export':
          return dialogs.exchangeFolder;
        case 'exchange-bundle':
          return dialogs.bundleFile;
      }
    },
    choosePaths: () => dialogs.importFiles,
  });
  return {
    harness: { ...harness, dataDir, vaultDir: join(dataDir, 'vault'), dialogs },
    close: async () => {
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<Fixtures, { harness: Harness }>({
  harness: [
    // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'outpost-e2e-'));
      const harness = await startHarness({ rendererDir: RENDERER_DIR, dataDir, version: '0.0.0-e2e' });
      await use(harness);
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  pageProblems: async ({}, use) => {
    await use([]);
  },
  app: async ({ page, harness, pageProblems: problems }, use) => {
    await watchForProblems(page, problems);
    await page.goto(harness.url);
    await ensureUnlocked(page);
    // The gate hears vault.unlocked (or finds the vault open) and shows the app.
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    await use(page);
    expect(problems, 'the page reported errors').toEqual([]);
  },
  // eslint-disable-next-line no-empty-pattern
  freshHarness: async ({}, use) => {
    const { harness, close } = await startFreshHarness();
    await use(harness);
    await close();
  },
  // eslint-disable-next-line no-empty-pattern
  secondHarness: async ({}, use) => {
    const { harness, close } = await startFreshHarness();
    await use(harness);
    await close();
  },
  secondApp: async ({ browser, secondHarness }, use) => {
    const problems: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await watchForProblems(page, problems);
    await page.goto(secondHarness.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Create your vault' })).toBeVisible();
    await use(page);
    await page.close();
    expect(problems, 'the second page reported errors').toEqual([]);
  },
  fakeClock: [false, { option: true }],
  freshApp: async ({ page, freshHarness, fakeClock, pageProblems: problems }, use) => {
    await watchForProblems(page, problems);
    if (fakeClock) await page.clock.install();
    await page.goto(freshHarness.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Create your vault' })).toBeVisible();
    await use(page);
    expect(problems, 'the page reported errors').toEqual([]);
  },
});

export { expect };
