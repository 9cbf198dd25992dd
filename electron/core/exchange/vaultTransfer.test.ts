import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { createCore } from '../core.node.ts';
import { connectInProcess } from '../host.node.ts';
import { openTestVault, TEST_PASSPHRASE } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';
import { readContainer } from './bundleFormat.node.ts';
import { addClient, addSignedNote } from './testing/teamFixtures.node.ts';

const BUNDLE_PASSPHRASE = 'harbour juniper eleven saffron';
const B_PASSPHRASE = 'meadow quartz lantern ribbon';

/** A real core on a folder that may hold no vault yet (a new machine). */
function openMachine(vaultDir: string) {
  const connection = connectInProcess(
    createCore({ name: 'Outpost', version: 'test', runtime: 'test', vaultDir }),
  );
  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const outcome = await connection.call(method, input);
    if ('error' in outcome) throw new RpcError(outcome.error);
    return outcome.result as MethodOutput<M>;
  }
  return { call, stop: () => connection.stop() };
}
type Machine = ReturnType<typeof openMachine>;

async function refusal(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every file under a folder with its SHA-256: "unchanged" means this is equal. */
function snapshotOf(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(folder)) return out;
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    const path = join(folder, name);
    if (statSync(path).isFile()) out[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

let a: TestVault;
let folder: string;
let passphraseBundle: string;
let clientId: string;
let messageId: string;
let aFingerprint: string;

beforeAll(async () => {
  a = await openTestVault();
  folder = mkdtempSync(join(tmpdir(), 'outpost-transfer-test-'));
  await a.call('vault.updateSettings', { practitionerName: 'Mira Okafor' });
  clientId = await addClient(a, 'Tomas Brandt', 'given');
  await addSignedNote(a, clientId, '2026-05-04', {
    data: 'Talked through the apprenticeship offer.',
    assessment: 'Ready to decide.',
    plan: 'Accept by Friday.',
  });
  const added = await a.call('messages.add', {
    text: 'Can we move Thursday to the afternoon?',
    channel: 'email',
    from: 'tomas@example.org',
  });
  messageId = added.id;
  aFingerprint = (await a.call('exchange.identity', {})).card.fingerprint;
  const made = await a.call('exchange.exportVaultTransfer', {
    to: { passphrase: BUNDLE_PASSPHRASE },
    folder: join(folder, 'usb'),
  });
  passphraseBundle = made.file;
}, 120_000);

afterAll(async () => {
  await a.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('exporting a vault transfer', () => {
  it('writes one signed bundle with a single vault_transfer entry, audited with kind and sizes only', async () => {
    expect(passphraseBundle).toMatch(/outpost-vault-transfer-.*\.outpost-bundle$/);
    const { entries } = await a.call('audit.list', { filter: { actions: ['exchange.exported'] } });
    const details = entries[0]?.details as Record<string, unknown>;
    expect(details).toMatchObject({ kind: 'vault_transfer', encryptedTo: 'passphrase', recipients: 0 });
    expect(Object.keys(details).sort()).toEqual(
      ['bundleId', 'bytes', 'encryptedTo', 'kind', 'recipients', 'snapshotBytes'].sort(),
    );
    expect(details.bytes).toBe(statSync(passphraseBundle).size);
    // Nothing in the file is readable: the client's name appears nowhere.
    expect(readFileSync(passphraseBundle).includes(Buffer.from('Tomas'))).toBe(false);
    expect(readdirSync(join(folder, 'usb'))).toEqual([passphraseBundle.split('/').pop()]);
  });

  it('refuses a colleague who was not verified, and writes nothing', async () => {
    const other = await openTestVault();
    try {
      const card = await other.call('exchange.identity', {});
      const member = await a.call('exchange.addMember', { cardText: card.cardText });
      const out = join(folder, 'unverified');
      const error = await refusal(
        a.call('exchange.exportVaultTransfer', { to: { memberIds: [member.id] }, folder: out }),
      );
      expect(error.field).toBe('to');
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
      await a.call('exchange.removeMember', { id: member.id });
    } finally {
      await other.close();
    }
  }, 60_000);

  it('stops when cancelled, leaving no file behind', async () => {
    const out = join(folder, 'cancelled');
    const exporting = a.call('exchange.exportVaultTransfer', {
      to: { passphrase: BUNDLE_PASSPHRASE },
      folder: out,
    });
    // Asked while the snapshot is being taken: the export stops before the bundle is written.
    expect(await a.call('exchange.cancel', {})).toEqual({ cancelled: true });
    const error = await refusal(exporting);
    expect(error.code).toBe('CANCELLED');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 60_000);
});

describe('moving into a new machine (no vault yet)', () => {
  let root: string;
  let vaultDir: string;
  let b: Machine;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'outpost-new-machine-'));
    vaultDir = join(root, 'profile', 'vault');
    b = openMachine(vaultDir);
  });
  afterAll(async () => {
    await b.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function expectUntouched(): Promise<void> {
    expect((await b.call('vault.status', {})).state).toBe('absent');
    expect(existsSync(vaultDir)).toBe(false);
    expect(existsSync(join(root, 'profile')) ? readdirSync(join(root, 'profile')) : []).toEqual([]);
  }

  it('a wrong bundle passphrase is refused plainly and changes nothing', async () => {
    const error = await refusal(
      b.call('exchange.importVaultTransfer', {
        file: passphraseBundle,
        bundlePassphrase: 'not the right one at all',
        vaultPassphrase: TEST_PASSPHRASE,
      }),
    );
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(error.field).toBe('bundlePassphrase');
    await expectUntouched();
  }, 60_000);

  it('a flipped byte or a cut-off file is refused as damaged and changes nothing', async () => {
    const bytes = readFileSync(passphraseBundle);
    const flipped = join(folder, 'flipped.outpost-bundle');
    const copy = Buffer.from(bytes);
    const at = Math.floor(copy.length / 2);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    writeFileSync(flipped, copy);
    const truncated = join(folder, 'truncated.outpost-bundle');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    for (const file of [flipped, truncated]) {
      const error = await refusal(
        b.call('exchange.importVaultTransfer', {
          file,
          bundlePassphrase: BUNDLE_PASSPHRASE,
          vaultPassphrase: TEST_PASSPHRASE,
        }),
      );
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/damaged/);
      await expectUntouched();
    }
  }, 120_000);

  it('a wrong vault passphrase is refused after every bundle check, and changes nothing', async () => {
    const error = await refusal(
      b.call('exchange.importVaultTransfer', {
        file: passphraseBundle,
        bundlePassphrase: BUNDLE_PASSPHRASE,
        vaultPassphrase: 'someone else entirely',
      }),
    );
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(error.field).toBe('vaultPassphrase');
    await expectUntouched();
  }, 60_000);

  it('shows the signer’s fingerprint first, then restores A here, and it opens with A’s passphrase', async () => {
    const shown = await b.call('exchange.inspectVaultTransfer', {
      file: passphraseBundle,
      bundlePassphrase: BUNDLE_PASSPHRASE,
    });
    expect(shown.sender).toEqual({
      displayName: 'Mira Okafor',
      role: 'practitioner',
      fingerprint: aFingerprint,
    });
    expect(shown.encryptedTo).toBe('passphrase');
    await expectUntouched();

    const wrongShown = await refusal(
      b.call('exchange.importVaultTransfer', {
        file: passphraseBundle,
        bundlePassphrase: BUNDLE_PASSPHRASE,
        vaultPassphrase: TEST_PASSPHRASE,
        manifestSha256: '0'.repeat(64),
      }),
    );
    expect(wrongShown.field).toBe('file');
    await expectUntouched();

    const restored = await b.call('exchange.importVaultTransfer', {
      file: passphraseBundle,
      bundlePassphrase: BUNDLE_PASSPHRASE,
      vaultPassphrase: TEST_PASSPHRASE,
      manifestSha256: shown.manifestSha256,
    });
    expect(restored.setAside).toBeNull();
    expect(restored.sender.fingerprint).toBe(aFingerprint);
    // No partial or received file is left beside the vault.
    expect(readdirSync(join(root, 'profile'))).toEqual(['vault']);
    expect((await b.call('vault.status', {})).state).toBe('locked');

    await b.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
    const { clients } = await b.call('clients.list', {});
    expect(clients).toEqual((await a.call('clients.list', {})).clients);
    expect(clients.map((c) => c.displayName)).toContain('Tomas Brandt');
    const { notes } = await b.call('notes.forClient', { clientId });
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0])).toContain('apprenticeship offer');
    const message = await b.call('messages.get', { id: messageId });
    expect(message.body).toBe('Can we move Thursday to the afternoon?');
    // The moved vault keeps its team identity.
    expect((await b.call('exchange.identity', {})).card.fingerprint).toBe(aFingerprint);

    const { entries } = await b.call('audit.list', { filter: { actions: ['exchange.imported'] } });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({
      bundleId: shown.bundleId,
      kind: 'vault_transfer',
      encryptedTo: 'passphrase',
      signerFingerprint: aFingerprint,
    });
    expect((await b.call('audit.verify', {})).ok).toBe(true);
  }, 120_000);
});

describe('moving into a machine that already has a vault', () => {
  let root: string;
  let vaultDir: string;
  let b: Machine;
  let before: Record<string, string>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'outpost-old-machine-'));
    vaultDir = join(root, 'vault');
    b = openMachine(vaultDir);
    await b.call('vault.create', { passphrase: B_PASSPHRASE });
    await b.call('clients.create', { displayName: 'Lena', pseudonymous: true, channels: [] });
    await b.call('vault.lock', { reason: 'manual' });
    before = snapshotOf(vaultDir);
  }, 60_000);
  afterAll(async () => {
    await b.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function expectUnchanged(): Promise<void> {
    expect(readdirSync(root)).toEqual(['vault']);
    expect(snapshotOf(vaultDir)).toEqual(before);
  }

  it('wrong bundle passphrase, flipped byte, truncation and wrong vault passphrase leave the vault here as it was', async () => {
    const copy = Buffer.from(readFileSync(passphraseBundle));
    copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0x80;
    const flipped = join(folder, 'flipped-late.outpost-bundle');
    writeFileSync(flipped, copy);
    const truncated = join(folder, 'truncated-late.outpost-bundle');
    writeFileSync(truncated, readFileSync(passphraseBundle).subarray(0, copy.length - 1));
    const attempts = [
      { file: truncated, bundlePassphrase: BUNDLE_PASSPHRASE, vaultPassphrase: TEST_PASSPHRASE },
      {
        file: passphraseBundle,
        bundlePassphrase: 'wrong wrong wrong wrong',
        vaultPassphrase: TEST_PASSPHRASE,
      },
      { file: flipped, bundlePassphrase: BUNDLE_PASSPHRASE, vaultPassphrase: TEST_PASSPHRASE },
      { file: passphraseBundle, bundlePassphrase: BUNDLE_PASSPHRASE, vaultPassphrase: B_PASSPHRASE },
    ];
    const codes: string[] = [];
    for (const attempt of attempts) {
      codes.push((await refusal(b.call('exchange.importVaultTransfer', attempt))).code);
      await expectUnchanged();
    }
    expect(codes).toEqual(['INVALID_INPUT', 'WRONG_PASSPHRASE', 'INVALID_INPUT', 'WRONG_PASSPHRASE']);
    await b.call('vault.unlock', { passphrase: B_PASSPHRASE });
    expect((await b.call('clients.list', {})).clients.map((c) => c.displayName)).toEqual(['Lena']);
    await b.call('vault.lock', { reason: 'manual' });
    before = snapshotOf(vaultDir);
  }, 180_000);

  it('a good transfer moves the vault here aside, never deleting it', async () => {
    const restored = await b.call('exchange.importVaultTransfer', {
      file: passphraseBundle,
      bundlePassphrase: BUNDLE_PASSPHRASE,
      vaultPassphrase: TEST_PASSPHRASE,
    });
    expect(restored.setAside).not.toBeNull();
    expect(snapshotOf(restored.setAside as string)).toEqual(before);
    await b.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
    expect((await b.call('clients.list', {})).clients).toEqual((await a.call('clients.list', {})).clients);
  }, 120_000);
});

describe('a transfer to a colleague’s team key', () => {
  it('opens where that colleague’s vault is unlocked, and is refused plainly on a machine with no vault', async () => {
    const colleague = await openTestVault();
    const root = mkdtempSync(join(tmpdir(), 'outpost-keyless-'));
    const empty = openMachine(join(root, 'vault'));
    try {
      const card = await colleague.call('exchange.identity', {});
      const made = await a.call('exchange.exportVaultTransfer', {
        to: { recipients: [card.card.ageRecipient] },
        folder: join(folder, 'to-key'),
      });
      const shown = await colleague.call('exchange.inspectVaultTransfer', { file: made.file });
      expect(shown.encryptedTo).toBe('recipients');
      expect(shown.sender.fingerprint).toBe(aFingerprint);

      const error = await refusal(
        empty.call('exchange.importVaultTransfer', { file: made.file, vaultPassphrase: TEST_PASSPHRASE }),
      );
      expect(error.field).toBe('bundle');
      expect(error.message).toMatch(/bundle passphrase/);
      expect(existsSync(join(root, 'vault'))).toBe(false);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      await empty.stop();
      await colleague.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Debian's `age` package (installed by .ci/run); without it this test fails rather than skips. */
const AGE = execFileSync('sh', ['-c', 'command -v age || true'], { encoding: 'utf8' }).trim();

describe('interop with the age command-line tool', () => {
  it('finds the age command', () => {
    expect(AGE).not.toBe('');
  });

  it('the passphrase transfer decrypts with `age -d` into a signed container with one vault_transfer entry', async () => {
    // age reads a passphrase only from a terminal: `script` gives it one.
    const plainFile = join(folder, 'container.bin');
    const child = execFile('script', [
      '-qec',
      `"${AGE}" -d -o "${plainFile}" "${passphraseBundle}"`,
      '/dev/null',
    ]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin?.end(`${BUNDLE_PASSPHRASE}\n`);
    expect(await exited).toBe(0);
    const container = readFileSync(plainFile);
    rmSync(plainFile);
    let streamed = 0;
    const opened = await readContainer(
      (async function* () {
        yield container;
      })(),
      {
        onTransferChunk: (chunk) => {
          streamed += chunk.length;
        },
      },
    );
    expect(opened.manifest.entries.map((e) => e.kind)).toEqual(['vault_transfer']);
    expect(opened.manifest.sender.fingerprint).toBe(aFingerprint);
    expect(streamed).toBe(opened.manifest.entries[0]?.size);
    // Even decrypted, the snapshot's database is still encrypted with the vault's key.
    expect(container.includes(Buffer.from('Tomas Brandt'))).toBe(false);
    expect(container.includes(Buffer.from('SQLite format 3'))).toBe(false);
  }, 60_000);
});
