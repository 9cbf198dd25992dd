import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import {
  createKeyring,
  DEFAULT_KDF,
  isKdfBelowDefault,
  keyringSchema,
  MINIMUM_KDF,
  readKeyringFile,
  rewrapWithPassphrase,
  rotateRecoveryKey,
  unwrapWithPassphrase,
  unwrapWithRecoveryKey,
  writeKeyringFile,
} from './keyring.node.ts';
import type { Keyring, WrappedKey } from './keyring.node.ts';

/** Lets one test make the key file write fail as a full disk would, after the temp file exists. */
const faults = vi.hoisted(() => ({ writeError: null as Error | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const open: typeof actual.open = async (...args) => {
    const handle = await actual.open(...args);
    const error = faults.writeError;
    if (error !== null) handle.writeFile = () => Promise.reject(error);
    return handle;
  };
  return { ...actual, open };
});

const PASSPHRASE = 'copper lantern orbit mellow quiz';

/** Argon2id at 64 MiB takes about half a second, so one vault is made once and shared. */
let vault: { keyring: Keyring; dataKey: Buffer; recoveryKey: string };
let folder: string;

beforeAll(async () => {
  vault = await createKeyring(PASSPHRASE);
  folder = await mkdtemp(join(tmpdir(), 'outpost-keyring-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

function withPassphraseWrap(keyring: Keyring, change: Partial<WrappedKey>): Keyring {
  return { ...keyring, passphraseWrap: { ...keyring.passphraseWrap, ...change } };
}

function withRecoveryWrap(keyring: Keyring, change: Partial<Keyring['recoveryWrap']>): Keyring {
  return { ...keyring, recoveryWrap: { ...keyring.recoveryWrap, ...change } };
}

describe('createKeyring', () => {
  it('makes a 32-byte data key, a valid keyring and a recovery key to show once', () => {
    expect(vault.dataKey).toHaveLength(32);
    expect(vault.dataKey.equals(Buffer.alloc(32))).toBe(false);
    expect(keyringSchema.safeParse(vault.keyring).success).toBe(true);
    expect(vault.keyring.format).toBe(1);
    expect(vault.recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('stores the Argon2id parameters and salt beside the wrapped key', () => {
    const { kdf } = vault.keyring;
    expect(kdf).toMatchObject({ algorithm: 'argon2id', ...DEFAULT_KDF });
    expect(kdf.memoryKiB).toBeGreaterThanOrEqual(65536);
    expect(kdf.iterations).toBeGreaterThanOrEqual(3);
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
    expect(DEFAULT_KDF.memoryKiB).toBeGreaterThanOrEqual(MINIMUM_KDF.memoryKiB);
    expect(isKdfBelowDefault(vault.keyring)).toBe(false);
  });

  it('never stores the data key, the passphrase or the recovery key in the clear', () => {
    const json = JSON.stringify(vault.keyring);
    expect(json).not.toContain(vault.dataKey.toString('base64'));
    expect(json).not.toContain(vault.dataKey.toString('hex'));
    expect(json).not.toContain(PASSPHRASE);
    expect(json).not.toContain(vault.recoveryKey.replace(/-/g, ''));
  });
});

describe('unwrapWithPassphrase', () => {
  it('gives back the same data key', async () => {
    const dataKey = await unwrapWithPassphrase(vault.keyring, PASSPHRASE);
    expect(dataKey).toHaveLength(32);
    expect(dataKey.equals(vault.dataKey)).toBe(true);
  });

  it('refuses a wrong passphrase without repeating it', async () => {
    const wrong = 'copper lantern orbit mellow quit';
    const error = await unwrapWithPassphrase(vault.keyring, wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe('WRONG_PASSPHRASE');
    expect((error as RpcError).message).toBe('Wrong passphrase.');
    expect(JSON.stringify((error as RpcError).toValue())).not.toContain(wrong);
    expect(String((error as RpcError).stack)).not.toContain(wrong);
  });

  it('refuses an altered ciphertext', async () => {
    const tampered = withPassphraseWrap(vault.keyring, {
      ciphertext: flipFirstByte(vault.keyring.passphraseWrap.ciphertext),
    });
    expect(await codeOf(unwrapWithPassphrase(tampered, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
  });

  it('refuses a wrap moved to another vault id (the key is right, the bound vault is not)', async () => {
    const moved = { ...vault.keyring, vaultId: randomUUID() };
    expect(await codeOf(unwrapWithPassphrase(moved, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
  });

  it('refuses weakened Argon2 parameters before deriving anything', async () => {
    const weakened = { ...vault.keyring, kdf: { ...vault.keyring.kdf, memoryKiB: 1024 } };
    const started = performance.now();
    expect(await codeOf(unwrapWithPassphrase(weakened, PASSPHRASE))).toBe('VAULT_CORRUPT');
    const fewerIterations = { ...vault.keyring, kdf: { ...vault.keyring.kdf, iterations: 1 } };
    expect(await codeOf(unwrapWithPassphrase(fewerIterations, PASSPHRASE))).toBe('VAULT_CORRUPT');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('unwrapWithRecoveryKey', () => {
  it('gives back the data key, however the recovery key is typed', async () => {
    const compact = vault.recoveryKey.replace(/-/g, '');
    const typed = [
      vault.recoveryKey,
      vault.recoveryKey.toLowerCase(),
      compact.replace(/(.{4})/g, '$1 ').trim(),
      vault.recoveryKey.replace(/0/g, 'O').replace(/1/g, 'l'),
      `\n${vault.recoveryKey.replace(/-/g, '\n')}\n`,
    ];
    for (const text of typed) {
      expect((await unwrapWithRecoveryKey(vault.keyring, text)).equals(vault.dataKey), text).toBe(true);
    }
  });

  it('refuses a wrong or unreadable recovery key', async () => {
    const other = rotateRecoveryKey(vault.keyring, vault.dataKey).recoveryKey;
    expect(await codeOf(unwrapWithRecoveryKey(vault.keyring, other))).toBe('WRONG_RECOVERY_KEY');
    expect(await codeOf(unwrapWithRecoveryKey(vault.keyring, 'not a key'))).toBe('WRONG_RECOVERY_KEY');
    expect(await codeOf(unwrapWithRecoveryKey(vault.keyring, PASSPHRASE))).toBe('WRONG_RECOVERY_KEY');
  });

  it('refuses an altered iv, tag, ciphertext, salt or vault id', async () => {
    const wrap = vault.keyring.recoveryWrap;
    const tampered: Keyring[] = [
      withRecoveryWrap(vault.keyring, { iv: flipFirstByte(wrap.iv) }),
      withRecoveryWrap(vault.keyring, { tag: flipFirstByte(wrap.tag) }),
      withRecoveryWrap(vault.keyring, { ciphertext: flipFirstByte(wrap.ciphertext) }),
      withRecoveryWrap(vault.keyring, { salt: flipFirstByte(wrap.salt) }),
      { ...vault.keyring, vaultId: randomUUID() },
    ];
    for (const keyring of tampered) {
      expect(await codeOf(unwrapWithRecoveryKey(keyring, vault.recoveryKey))).toBe('WRONG_RECOVERY_KEY');
    }
  });

  it('refuses a truncated authentication tag as a damaged file', async () => {
    const short = Buffer.from(vault.keyring.recoveryWrap.tag, 'base64').subarray(0, 4).toString('base64');
    const truncated = withRecoveryWrap(vault.keyring, { tag: short });
    expect(await codeOf(unwrapWithRecoveryKey(truncated, vault.recoveryKey))).toBe('VAULT_CORRUPT');
  });
});

describe('wrap binding', () => {
  it("refuses another vault's recovery wrap even with that vault's own recovery key", async () => {
    const other = rotateRecoveryKey({ ...vault.keyring, vaultId: randomUUID() }, vault.dataKey);
    // The recovery key and its wrap belong together; only the vault id they were bound to differs.
    expect((await unwrapWithRecoveryKey(other.keyring, other.recoveryKey)).equals(vault.dataKey)).toBe(true);
    const grafted = { ...vault.keyring, recoveryWrap: other.keyring.recoveryWrap };
    expect(await codeOf(unwrapWithRecoveryKey(grafted, other.recoveryKey))).toBe('WRONG_RECOVERY_KEY');
  });

  it('refuses wraps swapped between the passphrase and recovery slots', async () => {
    const { passphraseWrap, recoveryWrap } = vault.keyring;
    const swapped: Keyring = {
      ...vault.keyring,
      passphraseWrap: { iv: recoveryWrap.iv, ciphertext: recoveryWrap.ciphertext, tag: recoveryWrap.tag },
      recoveryWrap: { ...passphraseWrap, salt: recoveryWrap.salt },
    };
    expect(await codeOf(unwrapWithRecoveryKey(swapped, vault.recoveryKey))).toBe('WRONG_RECOVERY_KEY');
    expect(await codeOf(unwrapWithPassphrase(swapped, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
  });
});

describe('rewrapWithPassphrase', () => {
  it('keeps the data key under a new salt; the old passphrase stops working', async () => {
    const newPassphrase = 'gravel tundra waffle pixel';
    const rewrapped = await rewrapWithPassphrase(vault.keyring, vault.dataKey, newPassphrase);
    expect(rewrapped.vaultId).toBe(vault.keyring.vaultId);
    expect(rewrapped.kdf.salt).not.toBe(vault.keyring.kdf.salt);
    expect(rewrapped.passphraseWrap.ciphertext).not.toBe(vault.keyring.passphraseWrap.ciphertext);
    expect(rewrapped.recoveryWrap).toEqual(vault.keyring.recoveryWrap);
    expect((await unwrapWithPassphrase(rewrapped, newPassphrase)).equals(vault.dataKey)).toBe(true);
    expect(await codeOf(unwrapWithPassphrase(rewrapped, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    // The recovery key is untouched by a passphrase change.
    expect((await unwrapWithRecoveryKey(rewrapped, vault.recoveryKey)).equals(vault.dataKey)).toBe(true);
  });

  it('refuses a data key of the wrong size', async () => {
    await expect(rewrapWithPassphrase(vault.keyring, Buffer.alloc(16), PASSPHRASE)).rejects.toThrow(
      RangeError,
    );
  });
});

describe('rotateRecoveryKey', () => {
  it('issues a new recovery key and retires the old one, leaving the passphrase wrap alone', async () => {
    const rotated = rotateRecoveryKey(vault.keyring, vault.dataKey);
    expect(rotated.recoveryKey).not.toBe(vault.recoveryKey);
    expect(rotated.keyring.passphraseWrap).toEqual(vault.keyring.passphraseWrap);
    expect(rotated.keyring.kdf).toEqual(vault.keyring.kdf);
    expect(rotated.keyring.recoveryWrap.salt).not.toBe(vault.keyring.recoveryWrap.salt);
    expect((await unwrapWithRecoveryKey(rotated.keyring, rotated.recoveryKey)).equals(vault.dataKey)).toBe(
      true,
    );
    expect(await codeOf(unwrapWithRecoveryKey(rotated.keyring, vault.recoveryKey))).toBe(
      'WRONG_RECOVERY_KEY',
    );
  });
});

describe('key file', () => {
  it('writes and reads back the same keyring, parameters included', async () => {
    const path = join(folder, 'roundtrip.json');
    await writeKeyringFile(path, vault.keyring);
    const read = await readKeyringFile(path);
    expect(read).toEqual(vault.keyring);
    expect(read.kdf).toMatchObject({
      algorithm: 'argon2id',
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 1,
    });
  });

  it('replaces an existing file whole and leaves no temp files', async () => {
    const sub = await mkdtemp(join(folder, 'replace-'));
    const path = join(sub, 'keyring.json');
    await writeFile(path, 'x'.repeat(50_000), { mode: 0o644 });
    await writeKeyringFile(path, vault.keyring);
    const rotated = rotateRecoveryKey(vault.keyring, vault.dataKey).keyring;
    await writeKeyringFile(path, rotated);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(rotated);
    expect(await readdir(sub)).toEqual(['keyring.json']);
  });

  it.skipIf(process.platform === 'win32')('is readable by its owner only (0600)', async () => {
    const path = join(folder, 'private.json');
    await writeFile(path, '{}', { mode: 0o644 });
    await writeKeyringFile(path, vault.keyring);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reports a full disk as DISK_FULL, keeps the old file and cleans up', async () => {
    const sub = await mkdtemp(join(folder, 'full-'));
    const path = join(sub, 'keyring.json');
    await writeKeyringFile(path, vault.keyring);
    faults.writeError = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    try {
      const rotated = rotateRecoveryKey(vault.keyring, vault.dataKey).keyring;
      expect(await codeOf(writeKeyringFile(path, rotated))).toBe('DISK_FULL');
    } finally {
      faults.writeError = null;
    }
    expect(await readKeyringFile(path)).toEqual(vault.keyring);
    expect(await readdir(sub)).toEqual(['keyring.json']);
  });

  it('refuses to write a keyring that would not read back', async () => {
    const path = join(folder, 'invalid.json');
    const weakened = { ...vault.keyring, kdf: { ...vault.keyring.kdf, memoryKiB: 1024 } };
    expect(await codeOf(writeKeyringFile(path, weakened))).toBe('INTERNAL');
    await expect(stat(path)).rejects.toThrow();
  });

  it('reports a missing file as VAULT_ABSENT', async () => {
    expect(await codeOf(readKeyringFile(join(folder, 'missing.json')))).toBe('VAULT_ABSENT');
  });

  it('reports a damaged file as VAULT_CORRUPT without quoting it', async () => {
    const cases: Record<string, string> = {
      'empty.json': '',
      'not-json.json': 'client: Jane Example, {not json',
      'wrong-shape.json': JSON.stringify({ hello: 'Jane Example' }),
      'future-format.json': JSON.stringify({ ...vault.keyring, format: 2 }),
      'extra-field.json': JSON.stringify({ ...vault.keyring, note: 'Jane Example' }),
      'weakened.json': JSON.stringify({ ...vault.keyring, kdf: { ...vault.keyring.kdf, memoryKiB: 1024 } }),
      'other-algorithm.json': JSON.stringify({
        ...vault.keyring,
        kdf: { ...vault.keyring.kdf, algorithm: 'pbkdf2' },
      }),
      'short-salt.json': JSON.stringify({ ...vault.keyring, kdf: { ...vault.keyring.kdf, salt: 'AAAA' } }),
    };
    for (const [name, content] of Object.entries(cases)) {
      const path = join(folder, name);
      await writeFile(path, content);
      const error = await readKeyringFile(path).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(RpcError);
      expect((error as RpcError).code, name).toBe('VAULT_CORRUPT');
      expect((error as RpcError).message, name).toMatch(/key file is damaged/);
      expect((error as RpcError).message, name).not.toContain('Jane');
    }
  });
});
