import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { keyringSchema } from '../vault/keyring.node.ts';
import type { Keyring } from '../vault/keyring.node.ts';

/**
 * One backup is one file: a short plain header (the wrapped keys, which are useless
 * without the passphrase, and a checksum) followed by the encrypted database bytes
 * exactly as they were on disk. Nothing in it is readable without the passphrase.
 */
const MAGIC = Buffer.from('OUTPOST-BACKUP\n', 'latin1');
const CHUNK_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;

export const backupHeaderSchema = z.strictObject({
  format: z.literal(1),
  createdAt: z.iso.datetime({ offset: true }),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  keyring: keyringSchema,
  databaseBytes: z.number().int().nonnegative(),
  databaseSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

export interface CopyControl {
  onProgress?: (copiedBytes: number, totalBytes: number) => void;
  isCancelled?: () => boolean;
}

function damaged(): RpcError {
  return new RpcError({
    code: 'BACKUP_CORRUPT',
    message: 'The backup file is damaged or is not an Outpost backup.',
  });
}

function cancelled(): RpcError {
  return new RpcError({ code: 'CANCELLED', message: 'The backup was cancelled.' });
}

/** FileHandle.write may write less than asked when the disk fills: keep going, or fail plainly. */
export async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw Object.assign(new Error('No space left to write'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes to FILE.partial, fsyncs, then renames, so a half-written backup never looks complete. */
export async function writeBackupFile(
  target: string,
  meta: Omit<BackupHeader, 'format' | 'databaseBytes' | 'databaseSha256'> & { keyring: Keyring },
  databaseFile: string,
  control: CopyControl = {},
): Promise<{ bytes: number }> {
  const source = await open(databaseFile, 'r');
  const partial = `${target}.partial`;
  let out: FileHandle | undefined;
  try {
    const { size } = await source.stat();
    const header: BackupHeader = {
      format: 1,
      ...meta,
      databaseBytes: size,
      databaseSha256: await sha256OfFile(databaseFile),
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(headerBytes.length);
    out = await open(partial, 'wx', 0o600);
    await writeFully(out, Buffer.concat([MAGIC, length, headerBytes]));
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let copied = 0;
    while (copied < size) {
      if (control.isCancelled?.()) throw cancelled();
      const { bytesRead } = await source.read(chunk, 0, Math.min(CHUNK_BYTES, size - copied), copied);
      if (bytesRead === 0) throw new Error('The database shrank while it was being copied.');
      await writeFully(out, chunk.subarray(0, bytesRead));
      copied += bytesRead;
      control.onProgress?.(copied, size);
    }
    await out.sync();
    const expectedBytes = MAGIC.length + 4 + headerBytes.length + size;
    const { size: written } = await out.stat();
    await out.close();
    out = undefined;
    if (written !== expectedBytes) throw Object.assign(new Error('Short backup file'), { code: 'ENOSPC' });
    await rename(partial, target);
    return { bytes: expectedBytes };
  } catch (error) {
    await out?.close().catch(() => undefined);
    await rm(partial, { force: true });
    if (isDiskFull(error)) {
      throw new RpcError({ code: 'DISK_FULL', message: 'The backup folder is full; no backup was written.' });
    }
    throw error;
  } finally {
    await source.close();
  }
}

export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; dataOffset: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new RpcError({ code: 'NOT_FOUND', message: 'The backup file could not be opened.' });
  }
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    const { bytesRead } = await handle.read(start, 0, start.length, 0);
    if (bytesRead < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) throw damaged();
    const headerLength = start.readUInt32BE(MAGIC.length);
    if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) throw damaged();
    const headerBytes = Buffer.alloc(headerLength);
    const read = await handle.read(headerBytes, 0, headerLength, start.length);
    if (read.bytesRead < headerLength) throw damaged();
    let parsed: unknown;
    try {
      parsed = JSON.parse(headerBytes.toString('utf8'));
    } catch {
      throw damaged();
    }
    const header = backupHeaderSchema.safeParse(parsed);
    if (!header.success) throw damaged();
    const dataOffset = start.length + headerLength;
    const { size } = await handle.stat();
    if (size !== dataOffset + header.data.databaseBytes) throw damaged();
    return { header: header.data, dataOffset };
  } finally {
    await handle.close();
  }
}

/** Copies the database out of a backup and checks it byte for byte against the checksum. */
export async function extractDatabase(
  file: string,
  header: BackupHeader,
  dataOffset: number,
  targetFile: string,
): Promise<void> {
  const source = await open(file, 'r');
  const out = await open(targetFile, 'wx', 0o600);
  const hash = createHash('sha256');
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let copied = 0;
    while (copied < header.databaseBytes) {
      const want = Math.min(CHUNK_BYTES, header.databaseBytes - copied);
      const { bytesRead } = await source.read(chunk, 0, want, dataOffset + copied);
      if (bytesRead === 0) throw damaged();
      const piece = chunk.subarray(0, bytesRead);
      hash.update(piece);
      await writeFully(out, piece);
      copied += bytesRead;
    }
    await out.sync();
  } catch (error) {
    if (isDiskFull(error)) {
      throw new RpcError({
        code: 'DISK_FULL',
        message: 'There is no room to unpack the backup for checking.',
      });
    }
    throw error;
  } finally {
    await out.close();
    await source.close();
  }
  if (hash.digest('hex') !== header.databaseSha256) throw damaged();
}
