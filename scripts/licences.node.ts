/**
 * The third-party notice shown in Settings › About › Licences: every library the app ships,
 * with its version and licence, and the licence text from its package.
 *
 * What ships: the production dependencies (package.json `dependencies`), the libraries the
 * renderer imports (bundled into the page; found by scanning renderer/src for imports), and
 * everything those depend on, resolved through package-lock.json as Node would. Electron
 * itself is listed as the runtime. Run `npm run licences` after changing dependencies;
 * electron/licences.test.ts fails while the committed file is out of date.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const NOTICE_FILE = join(ROOT, 'renderer/src/features/settings/thirdPartyLicences.json');

export interface LicenceEntry {
  name: string;
  version: string;
  licence: string;
  /** Why it ships: a runtime dependency, bundled into the page, or the Electron runtime. */
  shippedAs: 'app' | 'interface' | 'runtime';
  /** The package's LICENSE (or similar) file, when it has one. */
  text: string | null;
}

export interface LicenceNotice {
  generatedBy: string;
  packages: LicenceEntry[];
}

interface LockPackage {
  version?: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
}

/** Bare package names imported by the renderer's sources ("react-dom/client" → "react-dom"). */
export function rendererImports(root = ROOT): string[] {
  const names = new Set<string>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(?:ts|tsx)$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(
          /(?:^|\n)\s*import\s+(?!type\b)[^'"]*?['"]([^'"./][^'"]*)['"]/g,
        )) {
          const specifier = match[1] ?? '';
          const parts = specifier.split('/');
          names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
        }
      }
    }
  };
  visit(join(root, 'renderer/src'));
  return [...names].sort();
}

/** Where Node would find `name` from the package at `from` (a lock key such as "node_modules/a"). */
function resolve(packages: Record<string, LockPackage>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

const LICENCE_FILE = /^(?:licen[cs]e|copying|notice)(?:[.-].*)?$/i;

function licenceText(root: string, key: string): string | null {
  const folder = join(root, key);
  if (!existsSync(folder)) return null;
  const file = readdirSync(folder)
    .filter((name) => LICENCE_FILE.test(name))
    .sort()[0];
  return file === undefined ? null : readFileSync(join(folder, file), 'utf8').replace(/\r\n/g, '\n').trim();
}

/** The notice for the tree as package.json, package-lock.json and node_modules describe it. */
export function buildLicenceNotice(root = ROOT): LicenceNotice {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  const packages = lock.packages;
  const found = new Map<string, 'app' | 'interface' | 'runtime'>();
  const walk = (key: string, shippedAs: 'app' | 'interface') => {
    if (found.has(key)) return;
    found.set(key, shippedAs);
    const entry = packages[key] ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}),
    ];
    for (const name of names) {
      const target = resolve(packages, key, name);
      if (target !== undefined) walk(target, shippedAs);
    }
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const key = resolve(packages, '', name);
    if (key !== undefined) walk(key, 'app');
  }
  for (const name of rendererImports(root)) {
    const key = resolve(packages, '', name);
    if (key !== undefined) walk(key, 'interface');
  }
  const electron = resolve(packages, '', 'electron');
  if (electron !== undefined) found.set(electron, 'runtime');

  const byName = new Map<string, LicenceEntry>();
  for (const [key, shippedAs] of found) {
    const entry = packages[key] ?? {};
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const version = entry.version ?? 'unknown';
    const id = `${name}@${version}`;
    if (byName.has(id)) continue;
    byName.set(id, {
      name,
      version,
      licence: entry.license ?? 'UNKNOWN',
      shippedAs,
      text: licenceText(root, key),
    });
  }
  return {
    generatedBy: 'npm run licences (scripts/licences.node.ts)',
    packages: [...byName.values()].sort((a, b) =>
      a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1,
    ),
  };
}

export function serialiseNotice(notice: LicenceNotice): string {
  return `${JSON.stringify(notice, null, 2)}\n`;
}

if (import.meta.main) {
  const notice = buildLicenceNotice();
  writeFileSync(NOTICE_FILE, serialiseNotice(notice));
  console.log(`${notice.packages.length} packages → ${relative(ROOT, NOTICE_FILE)}`);
}
