import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  randomFillSync,
  randomUUID,
} from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { argon2id } from 'hash-wasm';
import { z } from 'zod';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { generateRecoveryKey, parseRecoveryKey } from './recoveryKey.node.ts';

/**
 * The key file beside the vault database. A random 256-bit data key opens the database;
 * it is stored only wrapped (AES-256-GCM), once by a key derived from the passphrase
 * (Argon2id) and once by a key derived from the recovery key (HKDF). Changing the
 * passphrase re-wraps the data key; the database is never re-encrypted.
 *
 * Memory hygiene: derived wrap keys and decoded secrets are zeroed with fill(0) once used.
 * The passphrase and the recovery key text are JS strings, which are immutable and cannot
 * be zeroed; they live until the garbage collector reclaims them.
 */

export const KEYRING_FORMAT = 1;
export const DATA_KEY_BYTES = 32;
const WRAP_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const RECOVERY_SALT_BYTES = 32;
const RECOVERY_HKDF_INFO = 'outpost recovery wrap v1';

export interface KdfCost {
  /** Argon2 memory in KiB (65536 = 64 MiB). */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** What a newly set passphrase gets. Raise these over time; rewrapWithPassphrase applies them. */
export const DEFAULT_KDF: Readonly<KdfCost> = Object.freeze({
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
});
/** Below this a key file is refused: nothing Outpost writes is weaker, so someone weakened it. */
export const MINIMUM_KDF: Readonly<KdfCost> = Object.freeze({
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
});
/** Upper bounds only stop a damaged file from asking for absurd memory or time. */
const MAXIMUM_KDF: Readonly<KdfCost> = Object.freeze({
  memoryKiB: 4 * 1024 * 1024,
  iterations: 64,
  parallelism: 16,
});

export interface KdfParams extends KdfCost {
  algorithm: 'argon2id';
  /** base64 */
  salt: string;
}

/** AES-256-GCM output, each field base64. */
export interface WrappedKey {
  iv: string;
  ciphertext: string;
  tag: string;
}

export interface Keyring {
  format: 1;
  vaultId: string;
  createdAt: string;
  kdf: KdfParams;
  passphraseWrap: WrappedKey;
  /** `salt` is the HKDF salt for the recovery wrap key. */
  recoveryWrap: WrappedKey & { salt: string };
  /** Present while "unlock with this device's keychain" is on: wrapped by a random secret the OS keychain holds. */
  deviceWrap?: WrappedKey | undefined;
}

function base64Bytes(length: { exactly: number } | { atLeast: number }) {
  return z.base64().refine((text) => {
    const size = Buffer.from(text, 'base64').length;
    return 'exactly' in length ? size === length.exactly : size >= length.atLeast;
  });
}

const wrappedKeyShape = {
  iv: base64Bytes({ exactly: IV_BYTES }),
  ciphertext: base64Bytes({ exactly: DATA_KEY_BYTES }),
  tag: base64Bytes({ exactly: TAG_BYTES }),
};

export const keyringSchema = z.strictObject({
  format: z.literal(KEYRING_FORMAT),
  vaultId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  kdf: z.strictObject({
    algorithm: z.literal('argon2id'),
    memoryKiB: z.number().int().min(MINIMUM_KDF.memoryKiB).max(MAXIMUM_KDF.memoryKiB),
    iterations: z.number().int().min(MINIMUM_KDF.iterations).max(MAXIMUM_KDF.iterations),
    parallelism: z.number().int().min(MINIMUM_KDF.parallelism).max(MAXIMUM_KDF.parallelism),
    salt: base64Bytes({ atLeast: SALT_BYTES }),
  }),
  passphraseWrap: z.strictObject(wrappedKeyShape),
  recoveryWrap: z.strictObject({ ...wrappedKeyShape, salt: base64Bytes({ atLeast: RECOVERY_SALT_BYTES }) }),
  deviceWrap: z.strictObject(wrappedKeyShape).optional(),
}) satisfies z.ZodType<Keyring>;

type Slot = 'passphrase' | 'recovery' | 'device';

/** Binds a wrap to its vault and its slot, so it cannot be moved to the other slot or another key file. */
function additionalData(vaultId: string, slot: Slot): Buffer {
  return Buffer.from(`outpost-keyring-v1|${vaultId}|${slot}`, 'utf8');
}

function keyFileDamaged(): RpcError {
  return new RpcError({
    code: 'VAULT_CORRUPT',
    message: 'The vault key file is damaged and cannot be used.',
  });
}

/** Rejects a keyring object that would not pass a read from disk (e.g. weakened KDF params). */
function assertValidKeyring(keyring: Keyring): void {
  if (!keyringSchema.safeParse(keyring).success) throw keyFileDamaged();
}

function assertDataKey(dataKey: Uint8Array): void {
  if (dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`The data key is ${DATA_KEY_BYTES} bytes.`);
}

/** A buffer with its own memory, not a slice of Node's shared pool, so the holder can zero or transfer it. */
function newDataKey(): Buffer {
  return randomFillSync(Buffer.alloc(DATA_KEY_BYTES));
}

async function derivePassphraseKey(passphrase: string, kdf: KdfParams): Promise<Uint8Array> {
  if (
    kdf.memoryKiB < MINIMUM_KDF.memoryKiB ||
    kdf.iterations < MINIMUM_KDF.iterations ||
    kdf.parallelism < MINIMUM_KDF.parallelism
  ) {
    throw keyFileDamaged();
  }
  // NFC so the same passphrase typed on macOS, Windows or Linux input methods derives the same key.
  const password = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    return await argon2id({
      password,
      salt: Buffer.from(kdf.salt, 'base64'),
      memorySize: kdf.memoryKiB,
      iterations: kdf.iterations,
      parallelism: kdf.parallelism,
      hashLength: WRAP_KEY_BYTES,
      outputType: 'binary',
    });
  } finally {
    password.fill(0);
  }
}

function deriveRecoveryKey(recoveryBytes: Uint8Array, salt: string): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', recoveryBytes, Buffer.from(salt, 'base64'), RECOVERY_HKDF_INFO, WRAP_KEY_BYTES),
  );
}

function wrap(wrapKey: Uint8Array, dataKey: Uint8Array, aad: Buffer): WrappedKey {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', wrapKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Returns the data key, or null when GCM authentication fails (wrong key or altered wrap). */
function unwrap(wrapKey: Uint8Array, wrapped: WrappedKey, aad: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', wrapKey, Buffer.from(wrapped.iv, 'base64'), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  const plain = decipher.update(Buffer.from(wrapped.ciphertext, 'base64'));
  try {
    decipher.final();
  } catch {
    plain.fill(0);
    return null;
  }
  const dataKey = Buffer.alloc(DATA_KEY_BYTES);
  plain.copy(dataKey);
  plain.fill(0);
  return dataKey;
}

async function wrapWithPassphrase(
  vaultId: string,
  dataKey: Uint8Array,
  passphrase: string,
): Promise<{ kdf: KdfParams; passphraseWrap: WrappedKey }> {
  const kdf: KdfParams = {
    algorithm: 'argon2id',
    ...DEFAULT_KDF,
    salt: randomBytes(SALT_BYTES).toString('base64'),
  };
  const wrapKey = await derivePassphraseKey(passphrase, kdf);
  try {
    return { kdf, passphraseWrap: wrap(wrapKey, dataKey, additionalData(vaultId, 'passphrase')) };
  } finally {
    wrapKey.fill(0);
  }
}

function wrapWithNewRecoveryKey(
  vaultId: string,
  dataKey: Uint8Array,
): { recoveryWrap: Keyring['recoveryWrap']; recoveryKey: string } {
  const recovery = generateRecoveryKey();
  const salt = randomBytes(RECOVERY_SALT_BYTES).toString('base64');
  const wrapKey = deriveRecoveryKey(recovery.bytes, salt);
  try {
    const wrapped = wrap(wrapKey, dataKey, additionalData(vaultId, 'recovery'));
    return { recoveryWrap: { ...wrapped, salt }, recoveryKey: recovery.text };
  } finally {
    wrapKey.fill(0);
    recovery.bytes.fill(0);
  }
}

/**
 * A new vault's keys. The recovery key is returned to be shown once; only the data key
 * wrapped by it is kept. The caller checks passphrase strength first (assertAcceptablePassphrase).
 */
export async function createKeyring(
  passphrase: string,
): Promise<{ keyring: Keyring; dataKey: Buffer; recoveryKey: string }> {
  const vaultId = randomUUID();
  const dataKey = newDataKey();
  try {
    const { kdf, passphraseWrap } = await wrapWithPassphrase(vaultId, dataKey, passphrase);
    const { recoveryWrap, recoveryKey } = wrapWithNewRecoveryKey(vaultId, dataKey);
    const keyring: Keyring = {
      format: KEYRING_FORMAT,
      vaultId,
      createdAt: new Date().toISOString(),
      kdf,
      passphraseWrap,
      recoveryWrap,
    };
    return { keyring, dataKey, recoveryKey };
  } catch (error) {
    dataKey.fill(0);
    throw error;
  }
}

export async function unwrapWithPassphrase(keyring: Keyring, passphrase: string): Promise<Buffer> {
  assertValidKeyring(keyring);
  const wrapKey = await derivePassphraseKey(passphrase, keyring.kdf);
  try {
    const dataKey = unwrap(wrapKey, keyring.passphraseWrap, additionalData(keyring.vaultId, 'passphrase'));
    if (dataKey === null) throw new RpcError({ code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' });
    return dataKey;
  } finally {
    wrapKey.fill(0);
  }
}

export async function unwrapWithRecoveryKey(keyring: Keyring, recoveryKeyText: string): Promise<Buffer> {
  assertValidKeyring(keyring);
  const wrongKey = () => new RpcError({ code: 'WRONG_RECOVERY_KEY', message: 'Wrong recovery key.' });
  const recoveryBytes = parseRecoveryKey(recoveryKeyText);
  if (recoveryBytes === null) throw wrongKey();
  const wrapKey = deriveRecoveryKey(recoveryBytes, keyring.recoveryWrap.salt);
  recoveryBytes.fill(0);
  try {
    const dataKey = unwrap(wrapKey, keyring.recoveryWrap, additionalData(keyring.vaultId, 'recovery'));
    if (dataKey === null) throw wrongKey();
    return dataKey;
  } finally {
    wrapKey.fill(0);
  }
}

/** A new passphrase (or the same one with raised cost): fresh salt and DEFAULT_KDF; the data key is unchanged. */
export async function rewrapWithPassphrase(
  keyring: Keyring,
  dataKey: Uint8Array,
  newPassphrase: string,
): Promise<Keyring> {
  assertValidKeyring(keyring);
  assertDataKey(dataKey);
  const { kdf, passphraseWrap } = await wrapWithPassphrase(keyring.vaultId, dataKey, newPassphrase);
  return { ...keyring, kdf, passphraseWrap };
}

/** Retires the current recovery key; the new one is returned to be shown once. */
export function rotateRecoveryKey(
  keyring: Keyring,
  dataKey: Uint8Array,
): { keyring: Keyring; recoveryKey: string } {
  assertValidKeyring(keyring);
  assertDataKey(dataKey);
  const { recoveryWrap, recoveryKey } = wrapWithNewRecoveryKey(keyring.vaultId, dataKey);
  return { keyring: { ...keyring, recoveryWrap }, recoveryKey };
}

export const DEVICE_SECRET_BYTES = 32;

/**
 * Adds a third wrap, by a random secret that the host keeps in the OS keychain.
 * The secret is returned once, to be handed straight to the keychain.
 */
export function addDeviceWrap(
  keyring: Keyring,
  dataKey: Uint8Array,
): { keyring: Keyring; deviceSecret: Buffer } {
  assertValidKeyring(keyring);
  assertDataKey(dataKey);
  const deviceSecret = randomFillSync(Buffer.alloc(DEVICE_SECRET_BYTES));
  const deviceWrap = wrap(deviceSecret, dataKey, additionalData(keyring.vaultId, 'device'));
  return { keyring: { ...keyring, deviceWrap }, deviceSecret };
}

export function removeDeviceWrap(keyring: Keyring): Keyring {
  const { deviceWrap: _removed, ...rest } = keyring;
  return rest;
}

export function unwrapWithDeviceSecret(keyring: Keyring, deviceSecret: Uint8Array): Buffer {
  const unavailable = new RpcError({
    code: 'DEVICE_UNLOCK_UNAVAILABLE',
    message: 'Unlocking with this device is not set up for this vault.',
  });
  if (keyring.deviceWrap === undefined || deviceSecret.length !== DEVICE_SECRET_BYTES) throw unavailable;
  const dataKey = unwrap(deviceSecret, keyring.deviceWrap, additionalData(keyring.vaultId, 'device'));
  if (dataKey === null) throw unavailable;
  return dataKey;
}

/** True when the stored Argon2 cost is below today's default, so a rewrap on next unlock would raise it. */
export function isKdfBelowDefault(keyring: Keyring): boolean {
  return (
    keyring.kdf.memoryKiB < DEFAULT_KDF.memoryKiB ||
    keyring.kdf.iterations < DEFAULT_KDF.iterations ||
    keyring.kdf.parallelism < DEFAULT_KDF.parallelism
  );
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export async function readKeyringFile(path: string): Promise<Keyring> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new RpcError({ code: 'VAULT_ABSENT', message: 'There is no vault key file.' });
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw keyFileDamaged();
  }
  const result = keyringSchema.safeParse(parsed);
  if (!result.success) throw keyFileDamaged();
  return result.data;
}

/**
 * Replaces the key file atomically and durably: a private temp file in the same folder,
 * fsync, rename over the target, fsync the folder. A crash leaves the old file or the new
 * one, never a mix; losing this file without a recovery key would lose the vault.
 */
export async function writeKeyringFile(path: string, keyring: Keyring): Promise<void> {
  if (!keyringSchema.safeParse(keyring).success) {
    throw new RpcError({ code: 'INTERNAL', message: 'Refused to write an invalid vault key file.' });
  }
  const folder = dirname(path);
  const tempPath = join(folder, `.${basename(path)}.${randomUUID()}.tmp`);
  let renamed = false;
  try {
    const handle = await open(tempPath, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(keyring, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
    renamed = true;
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
    if (process.platform !== 'win32') {
      const folderHandle = await open(folder, 'r');
      try {
        await folderHandle.sync();
      } finally {
        await folderHandle.close();
      }
    }
  } catch (error) {
    if (!renamed) {
      await unlink(tempPath).catch(() => undefined);
      const code = errorCode(error);
      if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
        throw new RpcError({
          code: 'DISK_FULL',
          message: 'The disk is full; the vault key file was not changed.',
        });
      }
    }
    throw error;
  }
}
