import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHarness } from './harness/harness.node.ts';
import type { Harness } from './harness/harness.node.ts';

const RENDERER_DIR = join(import.meta.dirname, '../out/renderer');

interface Fixtures {
  /** The app loaded through the harness; fails the test on any CSP violation or page error. */
  app: Page;
  /** What the page reported so far; a test that provokes a problem on purpose removes it here. */
  pageProblems: string[];
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
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(harness.url);
    await use(page);
    expect(problems, 'the page reported errors').toEqual([]);
  },
});

export { expect };
