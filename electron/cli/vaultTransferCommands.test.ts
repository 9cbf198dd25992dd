import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/contract.std.ts';
import { RpcError } from '../../shared/rpc/errors.std.ts';
import { createCore } from '../core/core.node.ts';
import { connectInProcess } from '../core/host.node.ts';
import { TEST_PASSPHRASE } from '../core/testing/openVault.node.ts';
import { runOutpost } from './testing/runOutpost.node.ts';

let folder: string;
let passphraseFile: string;
let bundlePassphraseFile: string;
let oldVault: string;

/** The real core on a vault folder, as the app would open it. */
async function withVault<T>(
  vaultDir: string,
  fn: (
    call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>,
  ) => Promise<T>,
): Promise<T> {
  const connection = connectInProcess(
    createCore({ name: 'Outpost', version: 'test', runtime: 'test', vaultDir }),
  );
  try {
    return await fn(async (method, input) => {
      const outcome = await connection.call(method, input);
      if ('error' in outcome) throw new RpcError(outcome.error);
      return outcome.result as never;
    });
  } finally {
    await connection.stop();
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'outpost-cli-transfer-'));
  passphraseFile = join(folder, 'pass');
  writeFileSync(passphraseFile, `${TEST_PASSPHRASE}\n`);
  bundlePassphraseFile = join(folder, 'bundle-pass');
  writeFileSync(bundlePassphraseFile, 'ferry lantern quartz seven\n');
  oldVault = join(folder, 'old');
  await withVault(oldVault, async (call) => {
    await call('vault.create', { passphrase: TEST_PASSPHRASE });
    await call('clients.create', { displayName: 'Ana Ortiz', pseudonymous: true, channels: [] });
  });
}, 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('outpost exchange transfer-export / transfer-import', () => {
  it('moves a vault into an empty folder with a bundle passphrase; a wrong vault passphrase changes nothing', async () => {
    const bundle = join(folder, 'move.outpost-bundle');
    const exported = await runOutpost(
      'exchange',
      'transfer-export',
      '--vault',
      oldVault,
      '--passphrase-file',
      passphraseFile,
      '--bundle-passphrase-file',
      bundlePassphraseFile,
      '--out',
      bundle,
    );
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const fingerprint = /fingerprint (([0-9A-F]{4} ){9}[0-9A-F]{4})/.exec(exported.stdout)?.[1];
    expect(fingerprint).toBeDefined();
    expect(existsSync(bundle)).toBe(true);

    const newVault = join(folder, 'new', 'vault');
    const wrongPassphraseFile = join(folder, 'wrong');
    writeFileSync(wrongPassphraseFile, 'not the vault passphrase\n');
    const wrong = await runOutpost(
      'exchange',
      'transfer-import',
      '--vault',
      newVault,
      '--passphrase-file',
      wrongPassphraseFile,
      '--bundle-passphrase-file',
      bundlePassphraseFile,
      bundle,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/not the moved vault’s passphrase/);
    expect(existsSync(newVault)).toBe(false);

    const moved = await runOutpost(
      'exchange',
      'transfer-import',
      '--vault',
      newVault,
      '--passphrase-file',
      passphraseFile,
      '--bundle-passphrase-file',
      bundlePassphraseFile,
      bundle,
    );
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`Signer's fingerprint: ${fingerprint}`);
    expect(moved.stdout).toContain('Moved the vault here');

    const names = await withVault(newVault, async (call) => {
      await call('vault.unlock', { passphrase: TEST_PASSPHRASE });
      return (await call('clients.list', {})).clients.map((client) => client.displayName);
    });
    expect(names).toEqual(['Ana Ortiz']);
  }, 180_000);

  it('says what it needs', async () => {
    const missing = await runOutpost('exchange', 'transfer-export', '--passphrase-file', passphraseFile);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--out is required/);
    const noFile = await runOutpost('exchange', 'transfer-import', '--passphrase-file', passphraseFile);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/needs a bundle FILE/);
  });
});
