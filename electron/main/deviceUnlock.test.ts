import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../core/core.node.ts';
import { connectInProcess, withHostMethods } from '../core/host.node.ts';
import type { CoreConnection } from '../core/host.node.ts';
import { readKeyringFile } from '../core/vault/keyring.node.ts';
import { LINUX_PLAINTEXT_REASON, NO_KEYCHAIN_REASON, createDeviceUnlock } from './deviceUnlock.main.ts';
import { createFakeSafeStorage } from './testing/fakeElectron.ts';
import type { FakeSafeStorage } from './testing/fakeElectron.ts';

const PASSPHRASE = 'copper lantern orbit mellow quiz';

describe("unlock with this device's keychain", () => {
  let folder: string;
  let core: CoreConnection;
  let keychain: FakeSafeStorage;
  let sealedFile: string;
  let recoveryKey: string;

  const device = (platform: NodeJS.Platform = 'linux') =>
    createDeviceUnlock({ safeStorage: keychain, core, file: sealedFile, platform });
  const call = async (method: string, input: unknown = {}) => {
    const outcome = await core.call(method, input);
    if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), outcome.error);
    return outcome.result as Record<string, unknown>;
  };

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-device-'));
    sealedFile = join(folder, 'device-unlock.bin');
    keychain = createFakeSafeStorage('gnome_libsecret');
    core = connectInProcess(
      createCore({ name: 'Outpost', version: 't', runtime: 't', vaultDir: join(folder, 'vault') }),
    );
    recoveryKey = (await call('vault.create', { passphrase: PASSPHRASE })).recoveryKey as string;
  });
  afterEach(async () => {
    await core.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("is refused on Linux's plain-text fallback, with the reason, writing nothing", async () => {
    keychain.backend = 'basic_text';
    expect(device().status()).toEqual({ available: false, enabled: false, reason: LINUX_PLAINTEXT_REASON });
    await expect(device().enable()).rejects.toMatchObject({ code: 'DEVICE_UNLOCK_UNAVAILABLE' });
    expect(existsSync(sealedFile)).toBe(false);
    expect((await readKeyringFile(join(folder, 'vault', 'keyring.json'))).deviceWrap).toBeUndefined();
    // The same backend name means nothing on other systems.
    expect(device('darwin').status().available).toBe(true);
  });

  it('is refused where the system has no keychain at all', async () => {
    keychain.encryptionAvailable = false;
    expect(device('win32').status()).toMatchObject({ available: false, reason: NO_KEYCHAIN_REASON });
    await expect(device('win32').enable()).rejects.toMatchObject({ code: 'DEVICE_UNLOCK_UNAVAILABLE' });
  });

  it('keeps only a keychain-sealed secret on disk and unlocks with it', async () => {
    await device().enable();
    expect(device().status()).toEqual({ available: true, enabled: true, reason: null });
    expect(statSync(sealedFile).mode & 0o777).toBe(0o600);
    const sealed = readFileSync(sealedFile);
    const secret = keychain.decryptString(sealed);
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    expect((await readKeyringFile(join(folder, 'vault', 'keyring.json'))).deviceWrap).toBeDefined();

    await call('vault.lock', { reason: 'manual' });
    expect(await device().unlock()).toEqual({ state: 'unlocked' });
    const audit = await call('audit.list', { limit: 1 });
    expect(audit.entries).toMatchObject([{ action: 'vault.unlocked', details: { method: 'device' } }]);
  });

  it('turns off even while locked, and then no longer unlocks', async () => {
    await device().enable();
    await call('vault.lock', { reason: 'manual' });
    expect(await device().disable()).toEqual({ enabled: false });
    expect(existsSync(sealedFile)).toBe(false);
    await expect(device().unlock()).rejects.toMatchObject({ code: 'DEVICE_UNLOCK_UNAVAILABLE' });
  });

  it('stops working after the passphrase was reset with the recovery key', async () => {
    await device().enable();
    await call('vault.lock', { reason: 'manual' });
    await call('vault.recover', { recoveryKey, newPassphrase: 'violet harbour pencil drift anchor' });
    await call('vault.lock', { reason: 'manual' });
    await expect(device().unlock()).rejects.toMatchObject({ code: 'DEVICE_UNLOCK_UNAVAILABLE' });
  });

  it('never lets a page reach the internal key methods', async () => {
    const page = withHostMethods(core, {
      'os.chooseFolder': () => ({ path: null }),
      'os.chooseFile': () => ({ path: null }),
      'os.chooseFiles': () => ({ paths: [] }),
      'device.status': () => device().status(),
      'device.enable': () => device().enable(),
      'device.disable': () => device().disable(),
      'device.unlock': () => device().unlock(),
    });
    for (const method of [
      'vault.enableDeviceUnlock',
      'vault.disableDeviceUnlock',
      'vault.unlockWithDevice',
    ]) {
      expect(await page.call(method, {})).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(await page.call('device.status', {})).toMatchObject({
      result: { available: true, enabled: false },
    });
  });
});

describe('after a reset or restore', () => {
  it('forgets the sealed secret, so status no longer claims keychain unlock is on', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-device-forget-'));
    const core = connectInProcess(
      createCore({ name: 'O', version: 't', runtime: 't', vaultDir: join(folder, 'vault') }),
    );
    const file = join(folder, 'device-unlock.bin');
    const device = createDeviceUnlock({
      safeStorage: createFakeSafeStorage(),
      core,
      file,
      platform: 'darwin',
    });
    await core.call('vault.create', { passphrase: PASSPHRASE });
    await device.enable();
    expect(device.status().enabled).toBe(true);
    await device.forget();
    expect(device.status().enabled).toBe(false);
    await core.stop();
    rmSync(folder, { recursive: true, force: true });
  });
});
