import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter } from 'age-encryption';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { BUNDLE_LIMITS, bundleDamaged, readContainer } from './bundleFormat.node.ts';
import type { OpenedContainer, ReadOptions } from './bundleFormat.node.ts';

export type BundleLock = { recipients: readonly string[] } | { passphrase: string };

/** age's scrypt default; a file asking for more could make opening it take gigabytes. */
const MAX_SCRYPT_LOG_N = 18;
const MAX_FILE_BYTES = BUNDLE_LIMITS.transferBytes + BUNDLE_LIMITS.totalBytes + BUNDLE_LIMITS.manifestBytes;

function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

/**
 * Encrypts the container as it is produced and writes it to FILE.partial, fsyncs,
 * then renames: no plaintext ever touches the disk and a half-written bundle never
 * looks complete.
 */
export async function writeBundleFile(
  target: string,
  lock: BundleLock,
  plaintext: AsyncIterable<Uint8Array>,
  options: { scryptWorkFactor?: number } = {},
): Promise<{ bytes: number }> {
  if (existsSync(target)) {
    throw new RpcError({
      code: 'INVALID_INPUT',
      field: 'out',
      message: 'A file with that name already exists.',
    });
  }
  const encrypter = new Encrypter();
  if ('passphrase' in lock) {
    encrypter.setPassphrase(lock.passphrase);
    if (options.scryptWorkFactor !== undefined) encrypter.setScryptWorkFactor(options.scryptWorkFactor);
  } else {
    if (lock.recipients.length === 0) {
      throw new RpcError({ code: 'INVALID_INPUT', field: 'to', message: 'Choose at least one recipient.' });
    }
    for (const recipient of lock.recipients) encrypter.addRecipient(recipient);
  }
  const partial = `${target}.partial`;
  try {
    const encrypted = await encrypter.encrypt(
      NodeWebReadableStream.from(plaintext) as unknown as Parameters<Encrypter['encrypt']>[0],
    );
    await pipeline(
      Readable.fromWeb(encrypted as unknown as NodeWebReadableStream<Uint8Array>),
      createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true }),
    );
    const { size } = await stat(partial);
    await rename(partial, target);
    return { bytes: size };
  } catch (error) {
    await rm(partial, { force: true });
    if (isDiskFull(error)) {
      throw new RpcError({
        code: 'DISK_FULL',
        message: 'There is no room for the bundle; nothing was written.',
      });
    }
    if (
      (error as { code?: string } | null)?.code === 'ENOENT' ||
      (error as { code?: string } | null)?.code === 'EACCES'
    ) {
      throw new RpcError({
        code: 'INVALID_INPUT',
        field: 'out',
        message: 'The bundle cannot be written there.',
      });
    }
    throw error;
  }
}

interface HeaderFacts {
  scrypt: boolean;
  scryptLogN: number;
  x25519: number;
}

/** Reads the age header's stanza lines (plain text) to tell "not for you" from "damaged". */
async function readHeaderFacts(file: string): Promise<HeaderFacts> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    if (!text.startsWith('age-encryption.org/v1\n')) {
      throw new RpcError({
        code: 'INVALID_INPUT',
        field: 'bundle',
        message: 'That file is not an age-encrypted Outpost bundle.',
      });
    }
    const end = text.indexOf('\n---');
    const lines = (end === -1 ? text : text.slice(0, end)).split('\n');
    const scrypt = lines.find((line) => line.startsWith('-> scrypt '));
    return {
      scrypt: scrypt !== undefined,
      scryptLogN: scrypt === undefined ? 0 : Number(scrypt.split(' ')[3] ?? 'NaN'),
      x25519: lines.filter((line) => line.startsWith('-> X25519 ')).length,
    };
  } finally {
    await handle.close();
  }
}

export interface OpenKeys {
  ageSecret: string;
  passphrase?: string | undefined;
}

/**
 * Decrypts and checks a bundle in one pass, holding its contents in memory only.
 * Wrong key, wrong passphrase, a flipped byte or a cut-off file each give their
 * own plain error; nothing is returned unless every check passed.
 */
export async function openBundleFile(
  file: string,
  keys: OpenKeys,
  options: ReadOptions = {},
): Promise<OpenedContainer & { encryptedTo: 'recipients' | 'passphrase' }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new RpcError({ code: 'NOT_FOUND', field: 'file', message: 'The bundle file could not be opened.' });
  }
  if (size > MAX_FILE_BYTES) throw bundleDamaged('it is larger than any bundle can be');
  const facts = await readHeaderFacts(file);
  if (facts.scrypt && !(facts.scryptLogN >= 1 && facts.scryptLogN <= MAX_SCRYPT_LOG_N)) {
    throw bundleDamaged('its passphrase setting is out of range');
  }
  if (facts.scrypt && keys.passphrase === undefined) {
    throw new RpcError({
      code: 'INVALID_INPUT',
      field: 'bundlePassphrase',
      message: 'This bundle is locked with a passphrase. Enter the passphrase the sender gave you.',
    });
  }
  const decrypter = new Decrypter();
  decrypter.addIdentity(keys.ageSecret);
  if (facts.scrypt && keys.passphrase !== undefined) decrypter.addPassphrase(keys.passphrase);

  const source = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
  let plaintext: ReadableStream<Uint8Array>;
  try {
    plaintext = await decrypter.decrypt(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.includes('no identity matched')) {
      throw facts.scrypt
        ? new RpcError({
            code: 'WRONG_PASSPHRASE',
            field: 'bundlePassphrase',
            message: 'That bundle passphrase is not correct. Nothing was imported.',
          })
        : new RpcError({
            code: 'INVALID_INPUT',
            field: 'bundle',
            message:
              'This bundle was not encrypted to your key. Ask the sender to add your team card as a recipient. Nothing was imported.',
          });
    }
    throw bundleDamaged('its encryption header does not check out');
  }
  try {
    const opened = await readContainer(plaintext as unknown as AsyncIterable<Uint8Array>, options);
    return { ...opened, encryptedTo: facts.scrypt ? 'passphrase' : 'recipients' };
  } catch (error) {
    if (error instanceof RpcError) throw error;
    // age authenticates every 64 KiB chunk and the final one: a flipped or missing byte lands here.
    throw bundleDamaged('its encrypted contents do not authenticate');
  }
}
