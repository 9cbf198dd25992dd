import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateIdentity } from 'age-encryption';
import type { z } from 'zod';
import type {
  EventName,
  EventPayload,
  MethodOutput,
  MethodParams,
} from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { exchangeProgressSchema } from '../../../shared/rpc/exchangeSchemas.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import type { BackupService } from '../backup/backupService.node.ts';
import { withStorageErrors } from '../storage/storageErrors.node.ts';
import type { VaultService } from '../vault/vaultService.node.ts';
import { openBundleFile, writeBundleFile } from './bundleFile.node.ts';
import { BUNDLE_LIMITS, bundleDamaged, containerChunks, signManifest } from './bundleFormat.node.ts';
import type { Manifest } from './bundleFormat.node.ts';
import type { ExchangeService } from './exchangeService.node.ts';
import { readIdentity } from './exchangeStore.node.ts';
import { makeCard } from './identity.node.ts';
import { isDiskFull, writeFully } from '../backup/backupFile.node.ts';

/**
 * Whole-vault transfer to a new machine (issue 8, payload (d)). The bundle is an
 * ordinary signed, age-encrypted Outpost bundle with one `vault_transfer` entry: a
 * backup snapshot of the vault, whose database stays encrypted with the vault's own
 * key (so neither the bundle's contents nor any file made on the way is plaintext).
 *
 * A new machine has no team identity, so a transfer to one is locked with a bundle
 * passphrase; a bundle to a colleague's key opens only where that colleague's vault
 * is unlocked. Importing checks the signature and every hash while the snapshot
 * streams to a partial file beside the vault folder, renames it only when all passed,
 * then restores it exactly as backup.restore does (vault passphrase checked first; a
 * vault already here is moved aside, never deleted).
 */
export const TRANSFER_ENTRY_NAME = 'vault/vault.outpost-backup';
const MIB = 1024 * 1024;

type Progress = z.output<typeof exchangeProgressSchema>;

export interface VaultTransferOptions {
  vault: VaultService;
  backups: BackupService;
  exchange: ExchangeService;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  now?: () => Date;
  /** Tests only: a cheaper scrypt for passphrase bundles (age's default is 18). */
  scryptWorkFactor?: number;
}

export function vaultTransferFileName(at: Date): string {
  return `outpost-vault-transfer-${at.toISOString().replaceAll(':', '-').replace('.', '-')}.outpost-bundle`;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads age's plain header line by line: is this bundle locked with a passphrase? */
async function lockedWithPassphrase(file: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new RpcError({ code: 'NOT_FOUND', field: 'file', message: 'The bundle file could not be opened.' });
  }
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    const end = text.indexOf('\n---');
    return (end === -1 ? text : text.slice(0, end)).split('\n').some((line) => line.startsWith('-> scrypt '));
  } finally {
    await handle.close();
  }
}

/** Exactly one vault_transfer entry, or this is not a vault transfer. */
function assertTransfer(manifest: Manifest): number {
  const [entry, ...rest] = manifest.entries;
  if (entry === undefined || rest.length > 0 || entry.kind !== 'vault_transfer') {
    throw new RpcError({
      code: 'INVALID_INPUT',
      field: 'bundle',
      message:
        'This bundle is not a vault transfer. Bundles from colleagues are opened in Team exchange. Nothing was changed.',
    });
  }
  return entry.size;
}

function describe(
  manifest: Manifest,
  manifestSha256: string,
  encryptedTo: 'recipients' | 'passphrase',
): MethodOutput<'exchange.inspectVaultTransfer'> {
  return {
    bundleId: manifest.bundleId,
    manifestSha256,
    createdAt: manifest.createdAt,
    encryptedTo,
    sender: {
      displayName: manifest.sender.displayName,
      role: manifest.sender.role,
      fingerprint: manifest.sender.fingerprint,
    },
    snapshotBytes: assertTransfer(manifest),
  };
}

function transferCancelled(): RpcError {
  return new RpcError({ code: 'CANCELLED', message: 'The transfer was cancelled; no file was written.' });
}

/** Passes the snapshot through, reporting each MiB sent and stopping when the job is cancelled. */
async function* cancellableWithProgress(
  source: AsyncIterable<Uint8Array>,
  job: { cancelled: boolean },
  onProgress: (sent: number) => void,
): AsyncGenerator<Uint8Array> {
  let sent = 0;
  let reported = 0;
  for await (const chunk of source) {
    if (job.cancelled) throw transferCancelled();
    sent += chunk.length;
    if (sent - reported >= MIB) {
      reported = sent;
      onProgress(sent);
    }
    yield chunk;
  }
}

export function createVaultTransfer(options: VaultTransferOptions) {
  const now = options.now ?? (() => new Date());
  const { vault, backups, exchange } = options;
  const progress = (payload: Progress) => options.emit('exchange.progress', payload);
  let importing = false;

  /** The unlocked vault's team key when there is one; otherwise a key that opens nothing. */
  async function ageSecretHere(file: string, bundlePassphrase: string | undefined): Promise<string> {
    const identity = vault.state() === 'unlocked' ? readIdentity(vault.requireDatabase()) : undefined;
    if (identity !== undefined) return identity.ageSecret;
    if (!(await lockedWithPassphrase(file)) && bundlePassphrase === undefined) {
      throw new RpcError({
        code: 'INVALID_INPUT',
        field: 'bundle',
        message:
          'This transfer is locked to a colleague’s team key, and there is no unlocked vault here to open it. On a new computer, ask for a transfer locked with a bundle passphrase. Nothing was changed.',
      });
    }
    return generateIdentity();
  }

  /**
   * Decrypts and checks the whole bundle; the snapshot's bytes go to `onSnapshot`
   * as they arrive (or are only hashed). Nothing may be acted on until it returns.
   */
  async function openTransfer(
    input: { file: string; bundlePassphrase?: string | undefined },
    onSnapshot?: (chunk: Uint8Array) => Promise<void>,
  ) {
    const ageSecret = await ageSecretHere(input.file, input.bundlePassphrase);
    progress({ operation: 'import', stage: 'decrypting', done: 0, total: 0 });
    let received = 0;
    const opened = await openBundleFile(
      input.file,
      { ageSecret, passphrase: input.bundlePassphrase },
      {
        async onTransferChunk(chunk) {
          received += chunk.length;
          if (onSnapshot !== undefined) await onSnapshot(chunk);
          const done = Math.floor(received / MIB);
          if (done > Math.floor((received - chunk.length) / MIB))
            progress({ operation: 'import', stage: 'verifying', done, total: 0 });
        },
      },
    ).catch((error: unknown) => {
      if (
        error instanceof RpcError &&
        error.field === 'bundle' &&
        error.code === 'INVALID_INPUT' &&
        vault.state() !== 'unlocked' &&
        error.message.startsWith('This bundle was not encrypted to your key')
      ) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'bundle',
          message:
            'This transfer is locked to a team key, not a bundle passphrase. On a new computer, ask for a transfer locked with a bundle passphrase. Nothing was changed.',
        });
      }
      throw error;
    });
    return { ...opened, description: describe(opened.manifest, opened.manifestSha256, opened.encryptedTo) };
  }

  /** The export itself, inside the one-exchange-at-a-time job so Cancel can stop it. */
  async function exportTransfer(
    input: MethodParams<'exchange.exportVaultTransfer'>,
    job: { cancelled: boolean },
  ): Promise<MethodOutput<'exchange.exportVaultTransfer'>> {
    const identity = await exchange.signingIdentity();
    const lock = exchange.lockFor(input.to);
    await mkdir(input.folder, { recursive: true, mode: 0o700 }).catch(() => {
      throw new RpcError({
        code: 'INVALID_INPUT',
        field: 'folder',
        message: 'That folder cannot be created.',
      });
    });
    const createdAt = now();
    const out = input.out ?? join(input.folder, vaultTransferFileName(createdAt));
    // The snapshot is a backup file: its database is still encrypted with the vault's key.
    const scratch = mkdtempSync(join(tmpdir(), 'outpost-transfer-'));
    try {
      const snapshotFile = join(scratch, 'vault.outpost-backup');
      progress({ operation: 'export', stage: 'collecting', done: 0, total: 0 });
      await backups.snapshot(snapshotFile);
      const { size } = await stat(snapshotFile);
      if (size > BUNDLE_LIMITS.transferBytes) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'folder',
          message: 'This vault is larger than a transfer bundle may be; move it with a backup instead.',
        });
      }
      const bundleId = randomUUID();
      const { manifestBytes, signatureBytes } = signManifest(
        {
          bundleId,
          createdAt: createdAt.toISOString(),
          sender: makeCard(identity.displayName, identity.role, identity),
          encryptedTo: 'passphrase' in lock ? 'passphrase' : 'recipients',
          recipients: 'passphrase' in lock ? [] : [...lock.recipients],
          contents: [{ kind: 'vault_transfer', count: 1 }],
          entries: [
            {
              name: TRANSFER_ENTRY_NAME,
              kind: 'vault_transfer',
              mediaType: 'application/octet-stream',
              size,
              sha256: await sha256OfFile(snapshotFile),
            },
          ],
        },
        identity.signingSecret,
      );
      if (job.cancelled) throw transferCancelled();
      progress({ operation: 'export', stage: 'encrypting', done: 0, total: Math.ceil(size / MIB) });
      const { bytes } = await writeBundleFile(
        out,
        lock,
        containerChunks(
          manifestBytes,
          signatureBytes,
          cancellableWithProgress(createReadStream(snapshotFile) as AsyncIterable<Uint8Array>, job, (sent) =>
            progress({
              operation: 'export',
              stage: 'encrypting',
              done: Math.floor(sent / MIB),
              total: Math.ceil(size / MIB),
            }),
          ),
        ),
        options.scryptWorkFactor === undefined ? {} : { scryptWorkFactor: options.scryptWorkFactor },
      );
      const recipients = 'passphrase' in lock ? 0 : lock.recipients.length;
      const encryptedTo = 'passphrase' in lock ? 'passphrase' : 'recipients';
      const db = vault.requireDatabase();
      withStorageErrors(() =>
        appendAudit(db, {
          action: 'exchange.exported',
          details: {
            bundleId,
            kind: 'vault_transfer',
            snapshotBytes: size,
            bytes,
            encryptedTo,
            recipients,
          },
        }),
      );
      progress({
        operation: 'export',
        stage: 'encrypting',
        done: Math.ceil(size / MIB),
        total: Math.ceil(size / MIB),
      });
      return { file: out, bytes, bundleId, snapshotBytes: size, encryptedTo, recipients };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  return {
    /** Writes one signed bundle holding a fresh snapshot of this (unlocked) vault. */
    async exportVaultTransfer(
      input: MethodParams<'exchange.exportVaultTransfer'>,
    ): Promise<MethodOutput<'exchange.exportVaultTransfer'>> {
      return exchange.runExclusive((job) => exportTransfer(input, job));
    },

    /** Decrypts and checks everything (no vault needed) and says who signed it; writes nothing. */
    async inspectVaultTransfer(
      input: MethodParams<'exchange.inspectVaultTransfer'>,
    ): Promise<MethodOutput<'exchange.inspectVaultTransfer'>> {
      return (await openTransfer(input)).description;
    },

    /**
     * Restores the transferred vault here. Until every check passed (bundle
     * passphrase or key, signature, hashes, vault passphrase, the database's own
     * integrity) nothing in the vault folder changes.
     */
    async importVaultTransfer(
      input: MethodParams<'exchange.importVaultTransfer'>,
    ): Promise<MethodOutput<'exchange.importVaultTransfer'>> {
      if (importing) throw new RpcError({ code: 'BUSY', message: 'A vault transfer is already running.' });
      importing = true;
      const vaultDir = vault.paths.vaultDir;
      const stamp = `${now().toISOString().replaceAll(':', '-')}-${randomUUID().slice(0, 8)}`;
      const partial = `${vaultDir}.transfer-${stamp}.partial`;
      const received = `${vaultDir}.transfer-${stamp}.outpost-backup`;
      let handle: FileHandle | undefined;
      try {
        await mkdir(dirname(vaultDir), { recursive: true });
        handle = await open(partial, 'wx', 0o600);
        const out = handle;
        const opened = await openTransfer(input, (chunk) => writeFully(out, chunk));
        await out.sync();
        await out.close();
        handle = undefined;
        const { description } = opened;
        if (input.manifestSha256 !== undefined && input.manifestSha256 !== description.manifestSha256) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'file',
            message: 'The bundle is not the one that was shown; check it again. Nothing was changed.',
          });
        }
        if ((await stat(partial)).size !== description.snapshotBytes)
          throw bundleDamaged('the copy is short');
        await rename(partial, received);
        progress({ operation: 'import', stage: 'saving', done: 0, total: 1 });
        const restored = await backups
          .restoreFrom(received, input.vaultPassphrase, (db, header) =>
            appendAudit(db, {
              action: 'exchange.imported',
              details: {
                bundleId: description.bundleId,
                kind: 'vault_transfer',
                snapshotBytes: description.snapshotBytes,
                encryptedTo: description.encryptedTo,
                signerFingerprint: description.sender.fingerprint,
                snapshotAt: header.createdAt,
              },
            }),
          )
          .catch((error: unknown) => {
            if (error instanceof RpcError && error.code === 'WRONG_PASSPHRASE') {
              throw new RpcError({
                code: 'WRONG_PASSPHRASE',
                field: 'vaultPassphrase',
                message: 'That is not the moved vault’s passphrase. Nothing was changed.',
              });
            }
            throw error;
          });
        progress({ operation: 'import', stage: 'saving', done: 1, total: 1 });
        return { ...description, setAside: restored.setAside };
      } catch (error) {
        if (isDiskFull(error)) {
          throw new RpcError({
            code: 'DISK_FULL',
            message: 'There is no room here for the transferred vault. Nothing was changed.',
          });
        }
        throw error;
      } finally {
        await handle?.close().catch(() => undefined);
        await rm(partial, { force: true });
        await rm(received, { force: true });
        importing = false;
      }
    },
  };
}

export type VaultTransfer = ReturnType<typeof createVaultTransfer>;
