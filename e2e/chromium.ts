import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium, as the tests and the renderer bench launch it (Playwright's own
 * browser downloads are not used): no sandbox in containers, and nothing that reaches out
 * to the network by itself.
 */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
