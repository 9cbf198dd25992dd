import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';
import { addClient, addSignedNote, introduce } from './testing/teamFixtures.node.ts';

let mira: TestVault;
let sam: TestVault;
let stranger: TestVault;
let folder: string;
let samInMira: string;
const clients: Record<string, string> = {};

async function refusal(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function counts(vault: TestVault) {
  const { total } = await vault.call('exchange.importedSummaries', {});
  const { entries } = await vault.call('audit.list', { filter: { actions: ['exchange.imported'] } });
  return { summaries: total, importAudits: entries.length };
}

beforeAll(async () => {
  [mira, sam, stranger] = await Promise.all([openTestVault(), openTestVault(), openTestVault()]);
  folder = mkdtempSync(join(tmpdir(), 'outpost-exchange-'));
  await mira.call('vault.updateSettings', { practitionerName: 'Mira Okafor' });
  await sam.call('vault.updateSettings', { practitionerName: 'Sam Reyes' });
  await stranger.call('vault.updateSettings', { practitionerName: 'Pat Unknown' });
  ({ bInA: samInMira } = await introduce(mira, sam));

  clients.tomas = await addClient(mira, 'Tomas Brandt', 'given', {
    legalName: 'Tomas Brandt',
    email: 'tomas.brandt@example.org',
  });
  await addSignedNote(mira, clients.tomas, '2026-02-03', {
    data: 'Tomas said the redundancy letter came last week. Reach him at tomas.brandt@example.org or 0412 555 019.',
    assessment: 'Brandt is anxious but motivated.',
    plan: 'Mock interview next session.',
  });
  await addSignedNote(mira, clients.tomas, '2026-03-10', {
    data: 'Practised interview answers.',
    assessment: 'More confident.',
    plan: 'Apply for two roles.',
  });
  await addSignedNote(mira, clients.tomas, '2025-11-01', { data: 'Old.', assessment: '', plan: '' });
  clients.lena = await addClient(mira, 'Lena', 'none');
  await addSignedNote(mira, clients.lena, '2026-02-04', { data: 'Not to share.', assessment: '', plan: '' });
  clients.noor = await addClient(mira, 'Noor', 'withdrawn');
  await addSignedNote(mira, clients.noor, '2026-02-05', { data: 'Withdrawn.', assessment: '', plan: '' });
  clients.ivo = await addClient(mira, 'Ivo', 'given');
  await addSignedNote(
    mira,
    clients.ivo,
    '2026-02-06',
    { data: 'Draft only.', assessment: '', plan: '' },
    false,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([mira.close(), sam.close(), stranger.close()]);
  rmSync(folder, { recursive: true, force: true });
});

describe('identities and the team directory', () => {
  it('makes one identity per vault, with a card, a QR code and a fingerprint of the keys', async () => {
    const first = await mira.call('exchange.identity', {});
    const again = await mira.call('exchange.identity', {});
    expect(again.card).toEqual(first.card);
    expect(first.card.displayName).toBe('Mira Okafor');
    expect(first.card.ageRecipient).toMatch(/^age1/);
    expect(first.cardText).toContain(first.card.fingerprint);
    expect(first.cardText).not.toMatch(/AGE-SECRET-KEY/);
    expect(first.qrSvg).toMatch(/^<svg/);
    const renamed = await mira.call('exchange.updateIdentity', { role: 'supervisor' });
    expect(renamed.card.fingerprint).toBe(first.card.fingerprint);
    expect(renamed.card.role).toBe('supervisor');
  });

  it('keeps members unverified until the fingerprint compared in person matches', async () => {
    const card = await stranger.call('exchange.identity', {});
    const member = await sam.call('exchange.addMember', { cardText: card.cardText });
    expect(member.verified).toBe(false);
    const wrong = await refusal(
      sam.call('exchange.verifyMember', { id: member.id, fingerprint: '0000 '.repeat(10).trim() }),
    );
    expect(wrong.field).toBe('fingerprint');
    const verified = await sam.call('exchange.verifyMember', {
      id: member.id,
      fingerprint: card.card.fingerprint.toLowerCase().replaceAll(' ', ''),
    });
    expect(verified.verified).toBe(true);
    await sam.call('exchange.removeMember', { id: member.id });
    expect((await sam.call('exchange.directory', {})).members.map((m) => m.displayName)).toEqual([
      'Mira Okafor',
    ]);
  });

  it('refuses a card whose fingerprint does not match its keys, and duplicates', async () => {
    const card = await stranger.call('exchange.identity', {});
    const tampered = card.cardText.replace(
      /Fingerprint: (\w)/,
      (_m, c: string) => `Fingerprint: ${c === 'A' ? 'B' : 'A'}`,
    );
    expect((await refusal(sam.call('exchange.addMember', { cardText: tampered }))).message).toMatch(
      /does not match its keys/,
    );
    const mirasCard = await mira.call('exchange.identity', {});
    expect((await refusal(sam.call('exchange.addMember', { cardText: mirasCard.cardText }))).message).toMatch(
      /already in your team directory/,
    );
  });
});

describe('exporting summaries', () => {
  it('previews who is left out and why before anything is written', async () => {
    const preview = await mira.call('exchange.previewExport', {
      clientIds: [clients.tomas, clients.lena, clients.noor, clients.ivo] as string[],
      since: '2026-01-01',
    });
    expect(preview.included).toEqual([
      { clientId: clients.tomas, displayName: 'Tomas Brandt', summaries: 2 },
    ]);
    expect(preview.excluded.map((e) => [e.displayName, e.reason])).toEqual([
      ['Lena', 'consent_missing'],
      ['Noor', 'consent_withdrawn'],
      ['Ivo', 'no_signed_notes'],
    ]);
  });

  it('refuses members whose fingerprint was not compared', async () => {
    const card = await stranger.call('exchange.identity', {});
    const member = await mira.call('exchange.addMember', { cardText: card.cardText });
    const error = await refusal(
      mira.call('exchange.exportSummaries', {
        to: { memberIds: [member.id] },
        out: join(folder, 'never.outpost-bundle'),
      }),
    );
    expect(error.message).toMatch(/Compare fingerprints/);
    expect(existsSync(join(folder, 'never.outpost-bundle'))).toBe(false);
    await mira.call('exchange.removeMember', { id: member.id });
  });
});

describe('a round trip between two vaults', () => {
  let bundle: string;

  it('exports pseudonymised summaries of consenting clients only, audited per client', async () => {
    bundle = join(folder, 'to-sam.outpost-bundle');
    const result = await mira.call('exchange.exportSummaries', {
      to: { memberIds: [samInMira] },
      since: '2026-01-01',
      pseudonymise: true,
      out: bundle,
    });
    expect(result).toMatchObject({ summaries: 2, clients: 1, recipients: 1 });
    expect(result.excluded.map((e) => e.reason).sort()).toEqual(['consent_missing', 'consent_withdrawn']);
    const raw = readFileSync(bundle);
    expect(raw.subarray(0, 22).toString('latin1')).toBe('age-encryption.org/v1\n');
    expect(raw.includes(Buffer.from('redundancy'))).toBe(false);
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([]);

    const { entries } = await mira.call('audit.list', {
      filter: { actions: ['exchange.exported', 'export.completed'] },
    });
    const exported = entries.find((e) => e.action === 'exchange.exported');
    expect(exported?.details).toMatchObject({ bundleId: result.bundleId, summaries: 2, excluded: 2 });
    expect(entries.filter((e) => e.action === 'export.completed').map((e) => e.clientId)).toEqual([
      clients.tomas,
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Tomas|redundancy/);
  });

  it('shows the contents, verified against the directory, before accepting', async () => {
    const inspection = await sam.call('exchange.inspect', { file: bundle });
    expect(inspection.signer).toBe('verified');
    expect(inspection.warnings).toEqual([]);
    expect(inspection.sender.displayName).toBe('Mira Okafor');
    expect(inspection.contents).toEqual([{ kind: 'session_summary', count: 2 }]);
    expect(inspection.alreadyImported).toBe(false);
    expect(inspection.summaries.map((s) => s.sessionAt)).toEqual([
      '2026-02-03T10:00:00.000Z',
      '2026-03-10T10:00:00.000Z',
    ]);
    expect(inspection.summaries[0]?.clientLabel).toMatch(/^Client [A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(inspection.summaries[1]?.clientLabel).toBe(inspection.summaries[0]?.clientLabel);
    expect((await counts(sam)).summaries).toBe(0);
  });

  it('imports read-only summaries with direct identifiers removed, once', async () => {
    const inspection = await sam.call('exchange.inspect', { file: bundle });
    const accepted = await sam.call('exchange.accept', {
      file: bundle,
      bundleId: inspection.bundleId,
      manifestSha256: inspection.manifestSha256,
    });
    expect(accepted).toEqual({
      bundleId: inspection.bundleId,
      imported: 2,
      alreadyHere: 0,
      reviewRequests: 0,
      decisionsApplied: 0,
      alreadyImported: false,
    });
    const { summaries } = await sam.call('exchange.importedSummaries', {});
    expect(summaries).toHaveLength(2);
    const first = summaries.find((s) => s.sessionAt.startsWith('2026-02-03'));
    expect(first?.senderName).toBe('Mira Okafor');
    expect(first?.pseudonymised).toBe(true);
    expect(first?.markdown).toContain('redundancy letter');
    const text = JSON.stringify(summaries);
    expect(text).not.toMatch(/Tomas|Brandt|tomas\.brandt@example\.org|0412 555 019/);
    expect(first?.markdown).toContain(`${first?.clientLabel} is anxious`);

    const before = await counts(sam);
    const again = await sam.call('exchange.accept', {
      file: bundle,
      bundleId: inspection.bundleId,
      manifestSha256: inspection.manifestSha256,
    });
    expect(again.alreadyImported).toBe(true);
    expect((await counts(sam)).summaries).toBe(before.summaries);
    expect((await sam.call('exchange.inspect', { file: bundle })).alreadyImported).toBe(true);
  });

  it('keeps names when not pseudonymised, and re-sending the same summaries adds nothing', async () => {
    const named = join(folder, 'named.outpost-bundle');
    await mira.call('exchange.exportSummaries', {
      to: { memberIds: [samInMira] },
      clientIds: [clients.tomas as string],
      since: '2026-03-01',
      out: named,
    });
    const inspection = await sam.call('exchange.inspect', { file: named });
    expect(inspection.summaries.map((s) => s.clientLabel)).toEqual(['Tomas Brandt']);
    const result = await sam.call('exchange.accept', {
      file: named,
      bundleId: inspection.bundleId,
      manifestSha256: inspection.manifestSha256,
    });
    // A named copy is a different content from the pseudonymised one: stored as its own version.
    expect(result.imported).toBe(1);
  });
});

describe('bundles that must not be imported', () => {
  let bundle: string;
  let bytes: Buffer;

  beforeAll(async () => {
    bundle = join(folder, 'tamper.outpost-bundle');
    await mira.call('exchange.exportSummaries', { to: { memberIds: [samInMira] }, out: bundle });
    bytes = readFileSync(bundle);
  });

  const variant = (name: string, content: Buffer) => {
    const file = join(folder, name);
    writeFileSync(file, content);
    return file;
  };

  it('a flipped byte anywhere, or a cut-off file, gives a clear error and imports nothing', async () => {
    const before = await counts(sam);
    const headerEnd = bytes.indexOf('\n---') + 1;
    for (const at of [30, headerEnd + 5, headerEnd + 60, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      const error = await refusal(sam.call('exchange.inspect', { file: variant(`flip-${at}`, flipped) }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/damaged|not encrypted to your key/);
    }
    for (const length of [bytes.length - 1, bytes.length - 200, headerEnd + 10, 10]) {
      const error = await refusal(
        sam.call('exchange.inspect', { file: variant(`cut-${length}`, bytes.subarray(0, length)) }),
      );
      expect(error.field).toBe('bundle');
    }
    expect(await counts(sam)).toEqual(before);
  });

  it('a bundle for someone else names that, and imports nothing', async () => {
    const error = await refusal(stranger.call('exchange.inspect', { file: bundle }));
    expect(error.message).toMatch(/not encrypted to your key/);
    expect((await stranger.call('exchange.importedSummaries', {})).total).toBe(0);
  });

  it('refuses to accept a different bundle from the one inspected', async () => {
    const inspection = await sam.call('exchange.inspect', { file: bundle });
    const error = await refusal(
      sam.call('exchange.accept', {
        file: bundle,
        bundleId: inspection.bundleId,
        manifestSha256: 'f'.repeat(64),
      }),
    );
    expect(error.message).toMatch(/not the one that was shown/);
  });

  it('an unknown signer is a clear warning, and accepting needs an explicit yes', async () => {
    const samCard = await sam.call('exchange.identity', {});
    const file = join(folder, 'from-stranger.outpost-bundle');
    const strangerClient = await addClient(stranger, 'Quinn', 'given');
    await addSignedNote(stranger, strangerClient, '2026-04-01', { data: 'Hello.', assessment: '', plan: '' });
    await stranger.call('exchange.exportSummaries', {
      to: { recipients: [samCard.card.ageRecipient] },
      out: file,
    });
    const inspection = await sam.call('exchange.inspect', { file });
    expect(inspection.signer).toBe('unknown');
    expect(inspection.warnings.join(' ')).toMatch(/not in your team directory/);
    const before = await counts(sam);
    const shown = { file, bundleId: inspection.bundleId, manifestSha256: inspection.manifestSha256 };
    const error = await refusal(sam.call('exchange.accept', shown));
    expect(error.field).toBe('trustUnknownSigner');
    expect((await counts(sam)).summaries).toBe(before.summaries);
    const accepted = await sam.call('exchange.accept', { ...shown, trustUnknownSigner: true });
    expect(accepted.imported).toBe(1);
    const { summaries } = await sam.call('exchange.importedSummaries', { bundleId: inspection.bundleId });
    expect(summaries[0]?.signer).toBe('unknown');
  });
});

describe('passphrase bundles', () => {
  it('open only with the right passphrase, each failure saying which', async () => {
    const file = join(folder, 'passphrase.outpost-bundle');
    await mira.call('exchange.exportSummaries', {
      to: { passphrase: 'tangerine harbour seventy kites' },
      clientIds: [clients.tomas as string],
      since: '2026-03-01',
      out: file,
    });
    const missing = await refusal(sam.call('exchange.inspect', { file }));
    expect(missing.field).toBe('bundlePassphrase');
    const wrong = await refusal(
      sam.call('exchange.inspect', { file, bundlePassphrase: 'tangerine harbour' }),
    );
    expect(wrong.code).toBe('WRONG_PASSPHRASE');
    const inspection = await sam.call('exchange.inspect', {
      file,
      bundlePassphrase: 'tangerine harbour seventy kites',
    });
    expect(inspection.encryptedTo).toBe('passphrase');
    expect(inspection.signer).toBe('verified');
    expect(inspection.contents).toEqual([{ kind: 'session_summary', count: 1 }]);
  }, 60_000);
});
