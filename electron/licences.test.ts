import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildLicenceNotice,
  NOTICE_FILE,
  rendererImports,
  serialiseNotice,
} from '../scripts/licences.node.ts';

/** The third-party notice the app ships (Settings › About › Licences) must match what it ships. */
describe('the third-party licence notice', () => {
  const notice = buildLicenceNotice();

  it('is up to date with package-lock.json and the renderer’s imports (run `npm run licences` if not)', () => {
    expect(readFileSync(NOTICE_FILE, 'utf8')).toBe(serialiseNotice(notice));
  });

  it('lists the production dependencies, the bundled interface libraries and the Electron runtime', () => {
    const names = new Map(notice.packages.map((entry) => [entry.name, entry]));
    expect(names.get('better-sqlite3-multiple-ciphers')?.shippedAs).toBe('app');
    expect(names.get('zod')?.shippedAs).toBe('app');
    expect(names.get('react-aria-components')?.shippedAs).toBe('interface');
    expect(names.get('react-dom')?.licence).toBe('MIT');
    expect(names.get('electron')?.shippedAs).toBe('runtime');
    // Build and test tools are not shipped.
    expect(names.has('vitest')).toBe(false);
    expect(names.has('typescript')).toBe(false);
    expect(rendererImports()).toEqual(
      expect.arrayContaining(['react', 'react-aria-components', 'react-dom']),
    );
  });

  it('names a licence for every package, and carries the text where the package has one', () => {
    for (const entry of notice.packages) {
      expect({ name: entry.name, licence: entry.licence }).not.toEqual({
        name: entry.name,
        licence: 'UNKNOWN',
      });
    }
    const withText = notice.packages.filter((entry) => entry.text !== null).length;
    expect(withText / notice.packages.length).toBeGreaterThan(0.9);
  });
});
