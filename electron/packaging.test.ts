import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const projectFile = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

interface BuilderConfig {
  asar?: unknown;
  files?: unknown;
  electronFuses?: Record<string, unknown>;
  linux?: { target?: unknown };
  win?: { target?: unknown };
  mac?: { target?: unknown };
  [key: string]: unknown;
}

function loadBuilderConfig(): BuilderConfig {
  return parse(readFileSync(projectFile('electron-builder.yml'), 'utf8')) as BuilderConfig;
}

interface PackageJson {
  main?: unknown;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const packageJson = JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as PackageJson;

/** Targets may be written as names or as {target, arch} objects. */
function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? (target as unknown[]) : target === undefined ? [] : [target];
  return list.map((entry) =>
    typeof entry === 'string' ? entry : String((entry as { target?: unknown } | null)?.target),
  );
}

function validate(config: unknown): Promise<void> {
  return validateConfiguration(config as Configuration, new DebugLogger(false));
}

describe('electron-builder.yml', () => {
  const config = loadBuilderConfig();

  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['onlyLoadAppFromAsar', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets the %s fuse to %s', (fuse, value) => {
    expect(config.electronFuses).toBeDefined();
    expect(Object.hasOwn(config.electronFuses!, fuse)).toBe(true);
    expect(config.electronFuses![fuse]).toBe(value);
  });

  it('packs the app into an asar archive', () => {
    expect(config.asar).toBe(true);
  });

  it('ships the build output and nothing broader', () => {
    expect(Array.isArray(config.files)).toBe(true);
    const files = config.files as unknown[];
    expect(files).toContain('out/**');
    for (const pattern of ['**/*', '**', '*', 'electron/**', 'renderer/**', 'e2e/**']) {
      expect(files).not.toContain(pattern);
    }
  });

  it.each([
    ['linux', 'AppImage'],
    ['linux', 'deb'],
    ['win', 'nsis'],
    ['mac', 'dmg'],
  ] as const)('builds %s %s', (platform, target) => {
    expect(targetNames(config[platform]?.target)).toContain(target);
  });

  it("passes electron-builder's own schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('would be rejected by the schema with an unknown key', async () => {
    await expect(validate({ ...config, notARealOption: true })).rejects.toThrow(/notARealOption/);
  });

  it('would be rejected by the schema with an unknown fuse', async () => {
    await expect(
      validate({ ...config, electronFuses: { ...config.electronFuses, notARealFuse: true } }),
    ).rejects.toThrow(/electronFuses/);
  });
});

describe('package.json', () => {
  const exactVersion = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

  it('starts Electron from the built main process', () => {
    expect(packageJson.main).toBe('out/main/index.js');
  });

  it('requires Node 22.12 or later', () => {
    expect(packageJson.engines?.['node']).toBe('>=22.12');
  });

  it('pins electron to an exact 45.x release, as a dev dependency', () => {
    const electron = packageJson.devDependencies?.['electron'];
    expect(electron).toMatch(/^45\.\d+\.\d+$/);
    expect(packageJson.dependencies ?? {}).not.toHaveProperty('electron');
  });

  it.each([
    ['dependencies', packageJson.dependencies ?? {}],
    ['devDependencies', packageJson.devDependencies ?? {}],
  ])('pins every entry of %s exactly', (_field, deps) => {
    const loose = Object.entries(deps).filter(([, version]) => !exactVersion.test(version));
    expect(loose).toStrictEqual([]);
  });

  it('has no caret or tilde ranges anywhere in its dependencies', () => {
    const all = { ...packageJson.dependencies, ...packageJson.devDependencies };
    expect(Object.keys(all).length).toBeGreaterThan(0);
    for (const [name, version] of Object.entries(all)) {
      expect(version, name).not.toMatch(/[\^~*<>|]|\.x(\.|$)|latest/);
    }
  });
});
