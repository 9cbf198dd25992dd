import { createHash, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import {
  ageRecipientSchema,
  bundleEntryKindSchema,
  fingerprintSchema,
  signingKeySchema,
  teamRoleSchema,
} from '../../../shared/rpc/exchangeSchemas.std.ts';
import type { BundleEntryKind } from '../../../shared/rpc/exchangeSchemas.std.ts';
import { fingerprintOf, signingPrivateKey, signingPublicKey } from './identity.node.ts';

/**
 * The Outpost bundle, format 1. The file on disk is a standard age file (X25519
 * recipients or one scrypt passphrase), so `age -d` opens it. What age encrypts is
 * this container, chosen because it streams and every length is known before the
 * bytes arrive:
 *
 *   "OUTPOST-BUNDLE/1\n"                       17 bytes
 *   u32 big-endian N, then N bytes             the manifest, UTF-8 JSON
 *   u32 big-endian M, then M bytes             the signature, UTF-8 JSON
 *                                              {"algorithm":"ed25519","signingKey","signature"}
 *   entry bytes, back to back                  in manifest order; each entry's size and
 *                                              SHA-256 are in the manifest
 *   end of file                                nothing may follow the last entry
 *
 * The signature is Ed25519 over "outpost-bundle-manifest/1\n" followed by the exact
 * manifest bytes; the manifest names every entry's hash, so it covers the payloads.
 * Nothing is compressed, so a bundle never expands: the limits below bound memory
 * whatever a hostile file declares.
 */
export const BUNDLE_MAGIC = Buffer.from('OUTPOST-BUNDLE/1\n', 'latin1');
const SIGNATURE_DOMAIN = Buffer.from('outpost-bundle-manifest/1\n', 'latin1');

export const BUNDLE_LIMITS = {
  manifestBytes: 8 * 1024 * 1024,
  signatureBytes: 1024,
  entries: 50_000,
  /** Any one entry kept in memory (a summary, a reply, a decision). */
  entryBytes: 4 * 1024 * 1024,
  /** Everything kept in memory while a bundle is inspected. */
  totalBytes: 256 * 1024 * 1024,
  /** A whole-vault transfer is streamed, never held; this still bounds it. */
  transferBytes: 16 * 1024 * 1024 * 1024,
} as const;

const ENTRY_NAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestEntrySchema = z.strictObject({
  name: z.string().regex(ENTRY_NAME),
  kind: bundleEntryKindSchema,
  mediaType: z.enum(['application/json', 'text/markdown', 'application/octet-stream']),
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const manifestSchema = z.strictObject({
  format: z.literal('outpost-bundle'),
  version: z.literal(1),
  bundleId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  sender: z.strictObject({
    displayName: z.string().min(1).max(120),
    role: teamRoleSchema,
    ageRecipient: ageRecipientSchema,
    signingKey: signingKeySchema,
    fingerprint: fingerprintSchema,
  }),
  encryptedTo: z.enum(['recipients', 'passphrase']),
  recipients: z.array(ageRecipientSchema).max(50),
  contents: z.array(z.strictObject({ kind: bundleEntryKindSchema, count: z.number().int().nonnegative() })),
  entries: z.array(manifestEntrySchema).max(BUNDLE_LIMITS.entries),
});
export type Manifest = z.infer<typeof manifestSchema>;

const signatureSchema = z.strictObject({
  algorithm: z.literal('ed25519'),
  signingKey: signingKeySchema,
  signature: z.base64().max(200),
});

export function bundleDamaged(detail: string): RpcError {
  return new RpcError({
    code: 'INVALID_INPUT',
    field: 'bundle',
    message: `The bundle is damaged or was changed after it was signed (${detail}). Nothing was imported.`,
  });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface EntryBytes {
  name: string;
  kind: BundleEntryKind;
  mediaType: ManifestEntry['mediaType'];
  bytes: Uint8Array;
}

export function describeEntry(entry: EntryBytes): ManifestEntry {
  return {
    name: entry.name,
    kind: entry.kind,
    mediaType: entry.mediaType,
    size: entry.bytes.length,
    sha256: sha256(entry.bytes),
  };
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

/** Serialises and signs the manifest; its entries must already carry their sizes and hashes. */
export function signManifest(
  manifest: Omit<Manifest, 'format' | 'version'>,
  signingSecret: string,
): { manifest: Manifest; manifestBytes: Buffer; signatureBytes: Buffer } {
  const full = manifestSchema.parse({ format: 'outpost-bundle', version: 1, ...manifest });
  const manifestBytes = Buffer.from(JSON.stringify(full), 'utf8');
  const signature = sign(
    null,
    Buffer.concat([SIGNATURE_DOMAIN, manifestBytes]),
    signingPrivateKey(signingSecret),
  );
  const signatureBytes = Buffer.from(
    JSON.stringify({
      algorithm: 'ed25519',
      signingKey: full.sender.signingKey,
      signature: signature.toString('base64'),
    }),
    'utf8',
  );
  return { manifest: full, manifestBytes, signatureBytes };
}

/** The container's bytes in order; entry bodies come from `bodies` so a large one can stream. */
export async function* containerChunks(
  manifestBytes: Uint8Array,
  signatureBytes: Uint8Array,
  bodies: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield BUNDLE_MAGIC;
  yield* lengthPrefixed(manifestBytes);
  yield* lengthPrefixed(signatureBytes);
  for await (const body of bodies) yield body;
}

/** Exact reads over a stream of chunks, counting what it hands out. */
class ChunkReader {
  private readonly source: AsyncIterator<Uint8Array>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.source = source[Symbol.asyncIterator]();
  }

  private async fill(want: number): Promise<boolean> {
    while (this.pendingBytes < want) {
      const next = await this.source.next();
      if (next.done === true) return false;
      if (next.value.length === 0) continue;
      this.pending.push(next.value);
      this.pendingBytes += next.value.length;
    }
    return true;
  }

  /** Up to `max` bytes (at least one), or null at the end. */
  async some(max: number): Promise<Uint8Array | null> {
    if (!(await this.fill(1))) return null;
    const first = this.pending[0] as Uint8Array;
    if (first.length <= max) {
      this.pending.shift();
      this.pendingBytes -= first.length;
      return first;
    }
    this.pending[0] = first.subarray(max);
    this.pendingBytes -= max;
    return first.subarray(0, max);
  }

  async exactly(count: number, what: string): Promise<Buffer> {
    if (!(await this.fill(count))) throw bundleDamaged(`it ends inside the ${what}`);
    const out = Buffer.alloc(count);
    let offset = 0;
    while (offset < count) {
      const piece = await this.some(count - offset);
      if (piece === null) throw bundleDamaged(`it ends inside the ${what}`);
      out.set(piece, offset);
      offset += piece.length;
    }
    return out;
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  /** Stops the source (closing the file under it) when reading ends early. */
  async close(): Promise<void> {
    await this.source.return?.().catch(() => undefined);
  }
}

function signatureMatches(manifestBytes: Buffer, signingKey: string, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.concat([SIGNATURE_DOMAIN, manifestBytes]),
      signingPublicKey(signingKey),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    // A key that is not a valid Ed25519 point fails like a wrong signature.
    return false;
  }
}

function parseJson<T>(bytes: Buffer, schema: z.ZodType<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bundleDamaged(`the ${what} is not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw bundleDamaged(`the ${what} is not in the expected form`);
  return parsed.data;
}

export interface OpenedContainer {
  manifest: Manifest;
  manifestSha256: string;
  /** Bodies of every entry except streamed vault transfers, by entry name. */
  entries: Map<string, Buffer>;
}

export interface ReadOptions {
  /** Receives a vault transfer's bytes as they arrive; without one they are only hashed. */
  onTransferChunk?: (chunk: Uint8Array) => void | Promise<void>;
  onEntry?: (done: number, total: number) => void;
}

/**
 * Reads and checks a container: magic, sizes against the limits, the signature over
 * the manifest, each entry's size and hash, and that nothing follows. Any failure is
 * a bundleDamaged error; a caller must not act on anything until this returns.
 */
export async function readContainer(
  source: AsyncIterable<Uint8Array>,
  options: ReadOptions = {},
): Promise<OpenedContainer> {
  const reader = new ChunkReader(source);
  try {
    return await readChecked(reader, options);
  } finally {
    await reader.close();
  }
}

async function readChecked(reader: ChunkReader, options: ReadOptions): Promise<OpenedContainer> {
  const magic = await reader.exactly(BUNDLE_MAGIC.length, 'header');
  if (!magic.equals(BUNDLE_MAGIC)) throw bundleDamaged('it is not an Outpost bundle');

  const manifestLength = (await reader.exactly(4, 'header')).readUInt32BE(0);
  if (manifestLength === 0 || manifestLength > BUNDLE_LIMITS.manifestBytes)
    throw bundleDamaged('the manifest is too large');
  const manifestBytes = await reader.exactly(manifestLength, 'manifest');
  const signatureLength = (await reader.exactly(4, 'header')).readUInt32BE(0);
  if (signatureLength === 0 || signatureLength > BUNDLE_LIMITS.signatureBytes)
    throw bundleDamaged('the signature is too large');
  const signatureBytes = await reader.exactly(signatureLength, 'signature');

  const manifest = parseJson(manifestBytes, manifestSchema, 'manifest');
  const signature = parseJson(signatureBytes, signatureSchema, 'signature');
  if (signature.signingKey !== manifest.sender.signingKey)
    throw bundleDamaged('the signature is not by the named sender');
  if (fingerprintOf(manifest.sender.ageRecipient, manifest.sender.signingKey) !== manifest.sender.fingerprint)
    throw bundleDamaged("the sender's fingerprint does not match their keys");
  if (!signatureMatches(manifestBytes, signature.signingKey, signature.signature))
    throw bundleDamaged('the signature does not match');

  // Declared sizes are checked against the limits before a byte of them is read.
  const names = new Set<string>();
  let kept = 0;
  for (const entry of manifest.entries) {
    if (names.has(entry.name)) throw bundleDamaged('two entries share a name');
    names.add(entry.name);
    const limit = entry.kind === 'vault_transfer' ? BUNDLE_LIMITS.transferBytes : BUNDLE_LIMITS.entryBytes;
    if (entry.size > limit) throw bundleDamaged('an entry is larger than allowed');
    if (entry.kind !== 'vault_transfer') kept += entry.size;
  }
  if (kept > BUNDLE_LIMITS.totalBytes) throw bundleDamaged('the contents are larger than allowed');

  const entries = new Map<string, Buffer>();
  let done = 0;
  for (const entry of manifest.entries) {
    if (entry.kind === 'vault_transfer') {
      const hash = createHash('sha256');
      let left = entry.size;
      while (left > 0) {
        const piece = await reader.some(Math.min(left, 1024 * 1024));
        if (piece === null) throw bundleDamaged('it ends inside an entry');
        hash.update(piece);
        await options.onTransferChunk?.(piece);
        left -= piece.length;
      }
      if (hash.digest('hex') !== entry.sha256) throw bundleDamaged('an entry does not match its hash');
    } else {
      const body = await reader.exactly(entry.size, 'contents');
      if (sha256(body) !== entry.sha256) throw bundleDamaged('an entry does not match its hash');
      entries.set(entry.name, body);
    }
    done += 1;
    options.onEntry?.(done, manifest.entries.length);
  }
  if (!(await reader.atEnd())) throw bundleDamaged('there are extra bytes after the last entry');
  return { manifest, manifestSha256: sha256(manifestBytes), entries };
}
