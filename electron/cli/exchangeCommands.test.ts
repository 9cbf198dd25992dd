import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/contract.std.ts';
import { RpcError } from '../../shared/rpc/errors.std.ts';
import { createCore } from '../core/core.node.ts';
import { connectInProcess } from '../core/host.node.ts';
import { addClient, addSignedNote } from '../core/exchange/testing/teamFixtures.node.ts';
import { TEST_PASSPHRASE } from '../core/testing/openVault.node.ts';
import type { TestVault } from '../core/testing/openVault.node.ts';
import { runOutpost } from './testing/runOutpost.node.ts';

let folder: string;
let passphraseFile: string;
let senderVault: string;
let receiverVault: string;

/** The sender's records are made through the real core, as the app would; the CLI then takes over. */
async function fillSenderVault(vaultDir: string): Promise<void> {
  const connection = connectInProcess(
    createCore({ name: 'Outpost', version: 'test', runtime: 'test', vaultDir }),
  );
  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const outcome = await connection.call(method, input);
    if ('error' in outcome) throw new RpcError(outcome.error);
    return outcome.result as MethodOutput<M>;
  }
  const vault = { call } as TestVault;
  await call('vault.create', { passphrase: TEST_PASSPHRASE });
  await call('vault.updateSettings', { practitionerName: 'Mira Okafor' });
  const ana = await addClient(vault, 'Ana', 'given');
  await addSignedNote(vault, ana, '2026-05-04', { data: 'Apprenticeship offer.', assessment: '', plan: '' });
  await addSignedNote(vault, ana, '2025-12-01', { data: 'Before the date.', assessment: '', plan: '' });
  const lena = await addClient(vault, 'Lena', 'none');
  await addSignedNote(vault, lena, '2026-05-05', { data: 'No consent.', assessment: '', plan: '' });
  await connection.stop();
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'outpost-cli-exchange-'));
  passphraseFile = join(folder, 'pass');
  writeFileSync(passphraseFile, `${TEST_PASSPHRASE}\n`);
  senderVault = join(folder, 'sender');
  receiverVault = join(folder, 'receiver');
  await fillSenderVault(senderVault);
  expect(
    (await runOutpost('vault', 'create', '--vault', receiverVault, '--passphrase-file', passphraseFile)).code,
  ).toBe(0);
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const vaultArgs = (vault: string) => ['--vault', vault, '--passphrase-file', passphraseFile];

describe('outpost exchange', () => {
  it('exports to a recipient, imports only once the signer is known, and only once', async () => {
    const identity = await runOutpost('exchange', 'identity', ...vaultArgs(receiverVault), '--json');
    expect(identity.code).toBe(0);
    const receiver = JSON.parse(identity.stdout) as { card: { ageRecipient: string } };

    const bundle = join(folder, 'to-receiver.outpost-bundle');
    const exported = await runOutpost(
      'exchange',
      'export',
      ...vaultArgs(senderVault),
      '--to',
      receiver.card.ageRecipient,
      '--summaries',
      '--since',
      '2026-01-01',
      '--out',
      bundle,
    );
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/1 session summaries of 1 clients, to 1 recipient/);
    expect(exported.stdout).toMatch(/Left out \(1\):\n {2}Lena: no team-sharing consent/);

    const unknown = await runOutpost('exchange', 'import', ...vaultArgs(receiverVault), bundle);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/Signer: unknown/);
    expect(unknown.stdout).toMatch(/WARNING: .*not in your team directory/);
    expect(unknown.stderr).toMatch(/not imported/);

    const senderCard = await runOutpost('exchange', 'identity', ...vaultArgs(senderVault), '--json');
    const sender = JSON.parse(senderCard.stdout) as { cardText: string; card: { fingerprint: string } };
    const cardFile = join(folder, 'mira.card');
    writeFileSync(cardFile, sender.cardText);
    const added = await runOutpost(
      'exchange',
      'add-member',
      ...vaultArgs(receiverVault),
      '--card',
      cardFile,
      '--fingerprint',
      sender.card.fingerprint,
    );
    expect(added.stdout).toMatch(/Added Mira Okafor \(practitioner\), verified/);

    const imported = await runOutpost('exchange', 'import', ...vaultArgs(receiverVault), bundle);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Signer: verified/);
    expect(imported.stdout).toMatch(/2026-05-04 {2}DAP {2}Ana/);
    expect(imported.stdout).toMatch(/Imported 1 summaries/);
    const again = await runOutpost('exchange', 'import', ...vaultArgs(receiverVault), bundle);
    expect(again.stdout).toMatch(/imported before; nothing changed/);
  }, 120_000);

  it('refuses a damaged bundle with a plain reason and exit code 2', async () => {
    const identity = JSON.parse(
      (await runOutpost('exchange', 'identity', ...vaultArgs(receiverVault), '--json')).stdout,
    ) as { card: { ageRecipient: string } };
    const bundle = join(folder, 'damaged.outpost-bundle');
    await runOutpost(
      'exchange',
      'export',
      ...vaultArgs(senderVault),
      '--to',
      identity.card.ageRecipient,
      '--summaries',
      '--out',
      bundle,
    );
    const bytes = readFileSync(bundle);
    writeFileSync(bundle, bytes.subarray(0, bytes.length - 7));
    const result = await runOutpost('exchange', 'import', ...vaultArgs(receiverVault), bundle);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/damaged .* Nothing was imported/);
  }, 60_000);

  it('checks its usage: what to export, where to, and the date form', async () => {
    const bundle = join(folder, 'usage.outpost-bundle');
    expect((await runOutpost('exchange', 'export', ...vaultArgs(senderVault), '--out', bundle)).code).toBe(1);
    expect(
      (await runOutpost('exchange', 'export', ...vaultArgs(senderVault), '--summaries', '--out', bundle))
        .code,
    ).toBe(1);
    const badDate = await runOutpost(
      'exchange',
      'export',
      ...vaultArgs(senderVault),
      '--summaries',
      '--to',
      'age1x',
      '--since',
      'May 4',
      '--out',
      bundle,
    );
    expect(badDate.code).toBe(1);
    expect((await runOutpost('exchange')).code).toBe(1);
  });

  it('runs the parser fuzz soak', async () => {
    const result = await runOutpost('exchange', 'soak', '--cases', '200', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ cases: 200, failures: [] });
  }, 60_000);
});
