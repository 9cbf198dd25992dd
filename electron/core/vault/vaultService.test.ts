import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/rpc/contract.std.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import { createVaultService } from './vaultService.node.ts';
import type { VaultService } from './vaultService.node.ts';

const PASSPHRASE = 'copper lantern orbit mellow quiz';
const NEXT_PASSPHRASE = 'violet harbour pencil drift anchor';

describe('vault service', () => {
  let folder: string;
  let vaultDir: string;
  let vault: VaultService;
  let events: { event: EventName; payload: unknown }[];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-vault-'));
    vaultDir = join(folder, 'vault');
    events = [];
    vault = createVaultService({
      vaultDir,
      appVersion: 'test',
      emit: (event, payload) => events.push({ event, payload }),
    });
  });
  afterEach(() => {
    vault.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts absent, and refuses a weak passphrase without creating anything', async () => {
    expect(vault.status()).toMatchObject({ state: 'absent', autoLockMinutes: null, problem: null });
    await expect(vault.create('password123')).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    expect(existsSync(vaultDir) ? readdirSync(vaultDir) : []).toEqual([]);
  });

  it('creates an unlocked vault in a private folder and returns a grouped recovery key', async () => {
    const { recoveryKey } = await vault.create(PASSPHRASE);
    expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(vault.status()).toMatchObject({ state: 'unlocked', autoLockMinutes: 5 });
    expect(statSync(vaultDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(vaultDir).sort()).toEqual(expect.arrayContaining(['keyring.json', 'vault.db']));
    expect(statSync(join(vaultDir, 'keyring.json')).mode & 0o777).toBe(0o600);
    expect(events.map((e) => e.event)).toEqual(['vault.unlocked']);
    await expect(vault.create(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
  });

  it('locks: closes the database, wipes the key, announces it, and data methods answer VAULT_LOCKED', async () => {
    await vault.create(PASSPHRASE);
    const key = vault.requireKey();
    expect(key.some((byte) => byte !== 0)).toBe(true);
    await vault.lock('idle');
    expect(key.every((byte) => byte === 0)).toBe(true);
    expect(vault.status().state).toBe('locked');
    expect(events.at(-1)).toEqual({ event: 'vault.locked', payload: { reason: 'idle' } });
    expect(() => vault.requireDatabase()).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    expect(() => vault.getSettings()).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
  });

  it('keeps settings across lock and unlock', async () => {
    await vault.create(PASSPHRASE);
    expect(vault.updateSettings({ autoLockMinutes: 15, backupKeep: 3 })).toMatchObject({
      autoLockMinutes: 15,
      backupKeep: 3,
    });
    await vault.lock('manual');
    await vault.unlock(PASSPHRASE);
    expect(vault.getSettings()).toMatchObject({ autoLockMinutes: 15, backupKeep: 3, backupFolder: null });
    expect(vault.status().autoLockMinutes).toBe(15);
  });

  it('changes the passphrase by re-wrapping only the key', async () => {
    await vault.create(PASSPHRASE);
    await expect(vault.changePassphrase('not it at all', NEXT_PASSPHRASE)).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await vault.changePassphrase(PASSPHRASE, NEXT_PASSPHRASE);
    await vault.lock('manual');
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(vault.unlock(NEXT_PASSPHRASE)).resolves.toEqual({ state: 'unlocked' });
  });

  it('recovers with the recovery key, which is then replaced', async () => {
    const { recoveryKey } = await vault.create(PASSPHRASE);
    await vault.lock('manual');
    await expect(
      vault.recover('0000-0000-0000-0000-0000-0000-0000-0000', NEXT_PASSPHRASE),
    ).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_KEY',
    });
    const { recoveryKey: replacement } = await vault.recover(recoveryKey.toLowerCase(), NEXT_PASSPHRASE);
    expect(replacement).not.toBe(recoveryKey);
    expect(vault.status().state).toBe('unlocked');
    await vault.lock('manual');
    await expect(vault.unlock(NEXT_PASSPHRASE)).resolves.toEqual({ state: 'unlocked' });
    await vault.lock('manual');
    await expect(vault.recover(recoveryKey, PASSPHRASE)).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_KEY',
    });
  });

  it('reports a vault from a newer app as too new and leaves it alone', async () => {
    await vault.create(PASSPHRASE);
    const key = Buffer.from(vault.requireKey());
    await vault.lock('manual');
    const db = openEncryptedDatabase(join(vaultDir, 'vault.db'), key);
    db.pragma('user_version = 999');
    db.close();
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_TOO_NEW' });
    expect(vault.status()).toMatchObject({ state: 'locked', problem: 'too_new' });
  });

  it('lets only one of two racing operations change the state at a time', async () => {
    await vault.create(PASSPHRASE);
    await vault.lock('manual');
    const [unlocked, locked] = await Promise.all([vault.unlock(PASSPHRASE), vault.lock('manual')]);
    expect(unlocked.state).toBe('unlocked');
    expect(locked.state).toBe('locked');
    expect(vault.status().state).toBe('locked');
  });
});

describe('vault service, while unlocked', () => {
  let folder: string;
  let vault: VaultService;
  let originalRecoveryKey: string;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-vault-open-'));
    vault = createVaultService({
      vaultDir: join(folder, 'vault'),
      appVersion: 'test',
      emit: () => undefined,
    });
    originalRecoveryKey = (await vault.create(PASSPHRASE)).recoveryKey;
  });
  afterEach(() => {
    vault.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('still checks the passphrase when asked to unlock an open vault', async () => {
    await expect(vault.unlock('anything at all, really')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(vault.unlock(PASSPHRASE)).resolves.toEqual({ state: 'unlocked' });
  });

  it('replaces the recovery key after checking the passphrase; the old key stops working', async () => {
    await expect(vault.rotateRecoveryKey('wrong wrong wrong')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    const { recoveryKey } = await vault.rotateRecoveryKey(PASSPHRASE);
    expect(recoveryKey).not.toBe(originalRecoveryKey);
    await vault.lock('manual');
    await expect(vault.recover(originalRecoveryKey, NEXT_PASSPHRASE)).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_KEY',
    });
    await expect(vault.recover(recoveryKey, NEXT_PASSPHRASE)).resolves.toHaveProperty('recoveryKey');
  });
});
