import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * Finds the Electron binary the way the electron package does, but without calling
 * its entry point, which would start a download when the binary is missing.
 */
function findElectronBinary(): { path: string } | { missing: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing: `the Electron binary is not installed (${pathFile} is absent: its download was skipped or blocked)`,
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} is missing` };
}

const electronBinary = findElectronBinary();
const root = join(import.meta.dirname, '..');

test.describe('the packaged shell in real Electron', () => {
  test.skip(
    'missing' in electronBinary,
    'missing' in electronBinary ? `Skipped: ${electronBinary.missing}.` : '',
  );

  test('opens one hardened window on app:// and reaches the core', async () => {
    if (!('path' in electronBinary)) return;
    const app = await electron.launch({ executablePath: electronBinary.path, args: [root] });
    try {
      const window = await app.firstWindow();
      expect(window.url()).toBe('app://outpost/index.html');
      await expect(window.getByRole('heading', { level: 1 })).toBeVisible();
      const exposed = await window.evaluate(() => ({
        keys: Object.keys((window as unknown as { outpost: object }).outpost).sort(),
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
        hasProcess: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({ keys: ['call', 'on'], hasRequire: 'undefined', hasProcess: 'undefined' });
      const info = await window.evaluate(() =>
        (window as unknown as { outpost: { call(m: string, i: unknown): Promise<unknown> } }).outpost.call(
          'app.info',
          {},
        ),
      );
      expect(info).toMatchObject({
        result: { name: 'Outpost', runtime: expect.stringMatching(/^Electron 45\./) },
      });
      const windowCount = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
      expect(windowCount).toBe(1);
    } finally {
      await app.close();
    }
  });
});
