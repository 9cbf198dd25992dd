import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentStatus } from '../../../shared/domain/consent.std.ts';
import { join } from 'node:path';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import { TEST_PASSPHRASE, openTestVault } from '../testing/openVault.node.ts';
import { readKeyringFile, unwrapWithPassphrase } from '../vault/keyring.node.ts';
import { assertConsent } from './consentService.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

let vault: TestVault;
let distanceTemplateId: string;
let teamTemplateId: string;

beforeAll(async () => {
  vault = await openTestVault();
  const { templates } = await vault.call('consent.templates', {});
  distanceTemplateId = templates.find((t) => t.kind === 'distance_counselling')!.id;
  teamTemplateId = templates.find((t) => t.kind === 'team_sharing')!.id;
});
afterAll(() => vault.close());

/** A client whose distance consent is in the given state, covering email and chat. */
async function clientWithConsent(state: ConsentStatus | 'active_not_covering') {
  const client = await vault.call('clients.create', { displayName: `Client ${state}`, pseudonymous: true });
  if (state === 'missing') return client;
  const record = await vault.call('consent.record', {
    clientId: client.id,
    templateId: distanceTemplateId,
    givenAt: iso(state === 'expired' ? -400 : -10),
    method: 'electronic',
    modalities: state === 'active_not_covering' ? ['phone'] : ['email', 'chat'],
    explained: ['benefits_limits', 'confidentiality'],
    expiresAt: state === 'expired' ? iso(-30) : state === 'expiring_soon' ? iso(10) : iso(300),
  });
  expect(record.status).toBe(
    state === 'active_not_covering' ? 'active' : state === 'withdrawn' ? 'active' : state,
  );
  if (state === 'withdrawn') {
    await vault.call('consent.withdraw', { id: record.id, reason: 'Client asked to stop' });
  }
  return client;
}

const draft = (clientId: string, modality: 'email' | 'in_person', consentOverride: string | null = null) =>
  vault.call('notes.createDraft', {
    clientId,
    templateKey: 'dap',
    modality,
    synchronous: false,
    sessionAt: iso(0),
    consentOverride,
  });

describe('the consent matrix, enforced by the core', () => {
  const states = [
    'missing',
    'active',
    'expiring_soon',
    'expired',
    'withdrawn',
    'active_not_covering',
  ] as const;
  const allowed: Record<(typeof states)[number], boolean> = {
    missing: false,
    active: true,
    expiring_soon: true,
    expired: false,
    withdrawn: false,
    active_not_covering: false,
  };

  for (const state of states) {
    it(`${state}: an email session note is ${allowed[state] ? 'allowed' : 'refused with CONSENT_REQUIRED'}`, async () => {
      const client = await clientWithConsent(state);
      if (allowed[state]) {
        await expect(draft(client.id, 'email')).resolves.toMatchObject({ status: 'draft' });
      } else {
        await expect(draft(client.id, 'email')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
      }
    });

    it(`${state}: an in-person session note needs no distance consent`, async () => {
      const client = await clientWithConsent(state);
      await expect(draft(client.id, 'in_person')).resolves.toMatchObject({ modality: 'in_person' });
    });

    it(`${state}: an override reason lets a crisis contact through, and is audited without its text`, async () => {
      const client = await clientWithConsent(state);
      const note = await draft(client.id, 'email', 'Crisis contact: client at risk tonight');
      expect(note.consentOverride).toBe('Crisis contact: client at risk tonight');
      const { entries } = await vault.call('audit.list', { filter: { clientId: client.id }, limit: 10 });
      const overrides = entries.filter((entry) => entry.action === 'consent.override');
      expect(overrides).toHaveLength(1);
      expect(JSON.stringify(overrides)).not.toContain('Crisis contact');
    });
  }

  it('a withdrawal takes effect at once: a draft begun under consent can no longer be signed', async () => {
    const client = await clientWithConsent('active');
    const note = await draft(client.id, 'email');
    const { records } = await vault.call('consent.forClient', { clientId: client.id });
    await vault.call('consent.withdraw', { id: records[0]!.id, reason: 'Changed their mind' });
    await expect(vault.call('notes.sign', { id: note.id })).rejects.toMatchObject({
      code: 'CONSENT_REQUIRED',
    });
    const after = await vault.call('consent.forClient', { clientId: client.id });
    expect(after.byKind.distance_counselling).toBe('withdrawn');
  });

  it('reports each kind of consent by its newest record', async () => {
    const client = await clientWithConsent('expiring_soon');
    await vault.call('consent.record', {
      clientId: client.id,
      templateId: teamTemplateId,
      givenAt: iso(-1),
      method: 'verbal',
    });
    const { byKind } = await vault.call('consent.forClient', { clientId: client.id });
    expect(byKind).toMatchObject({
      distance_counselling: 'expiring_soon',
      team_sharing: 'active',
      social_media: 'missing',
      research: 'missing',
    });
  });

  it('lists expiring consents and clients without distance consent as reminders', async () => {
    const expiring = await clientWithConsent('expiring_soon');
    const none = await clientWithConsent('missing');
    const { expiringSoon, withoutConsent } = await vault.call('consent.reminders', {});
    expect(expiringSoon.map((r) => r.clientId)).toContain(expiring.id);
    expect(withoutConsent.map((c) => c.clientId)).toContain(none.id);
    expect(withoutConsent.map((c) => c.clientId)).not.toContain(expiring.id);
  });
});

describe('team sharing consent', () => {
  it('is required, in force, before summaries may be shared', async () => {
    const client = await vault.call('clients.create', { displayName: 'Team share', pseudonymous: true });
    // A second connection to the same vault file, as the exchange feature will check through the core.
    const key = await unwrapWithPassphrase(
      await readKeyringFile(join(vault.vaultDir, 'keyring.json')),
      TEST_PASSPHRASE,
    );
    const db = openEncryptedDatabase(join(vault.vaultDir, 'vault.db'), key);
    key.fill(0);
    expect(() => assertConsent(db, client.id, { kind: 'team_sharing' }, new Date())).toThrow(
      expect.objectContaining({ code: 'CONSENT_REQUIRED' }),
    );
    const record = await vault.call('consent.record', {
      clientId: client.id,
      templateId: teamTemplateId,
      givenAt: iso(-1),
      method: 'verbal',
    });
    expect(() => assertConsent(db, client.id, { kind: 'team_sharing' }, new Date())).not.toThrow();
    await vault.call('consent.withdraw', { id: record.id, reason: 'No longer wishes to' });
    expect(() => assertConsent(db, client.id, { kind: 'team_sharing' }, new Date())).toThrow(
      expect.objectContaining({ code: 'CONSENT_REQUIRED' }),
    );
    db.close();
  });
});

describe('consent records', () => {
  it('refuse distance consent without modalities and an expiry before the date given', async () => {
    const client = await vault.call('clients.create', { displayName: 'Ana', pseudonymous: true });
    const base = {
      clientId: client.id,
      templateId: distanceTemplateId,
      givenAt: iso(0),
      method: 'written' as const,
    };
    await expect(vault.call('consent.record', base)).rejects.toMatchObject({ field: 'modalities' });
    await expect(
      vault.call('consent.record', { ...base, modalities: ['email'], expiresAt: iso(-1) }),
    ).rejects.toMatchObject({ field: 'expiresAt' });
    await expect(
      vault.call('consent.record', { ...base, modalities: ['email'], givenAt: iso(3) }),
    ).rejects.toMatchObject({ field: 'givenAt' });
  });

  it('store evidence encrypted with its hash', async () => {
    const client = await vault.call('clients.create', {
      displayName: 'Ben',
      pseudonymous: false,
      legalName: 'Ben Ode',
    });
    const evidence = Buffer.from('%PDF-1.4 signed consent form');
    const record = await vault.call('consent.record', {
      clientId: client.id,
      templateId: distanceTemplateId,
      givenAt: iso(0),
      method: 'written',
      modalities: ['video'],
      evidence: { name: 'consent.pdf', base64: evidence.toString('base64') },
    });
    const fetched = await vault.call('consent.evidence', { id: record.id });
    expect(Buffer.from(fetched.base64, 'base64').equals(evidence)).toBe(true);
    expect(fetched.name).toBe('consent.pdf');
    expect(record.evidence).toEqual({
      name: 'consent.pdf',
      bytes: evidence.length,
      sha256: (await import('node:crypto')).createHash('sha256').update(evidence).digest('hex'),
    });
  });

  it('version templates on edit and compare versions line by line', async () => {
    const saved = await vault.call('consent.saveTemplate', {
      kind: 'research',
      title: 'Consent to use anonymised information for service evaluation',
      body: 'Counts without names help us improve the service.\nYou can say no at any time.',
      checklist: [{ key: 'anonymised', label: 'Only anonymised figures are used' }],
    });
    expect(saved.version).toBe(2);
    const { templates } = await vault.call('consent.templates', {});
    const first = templates.find((t) => t.kind === 'research' && t.version === 1)!;
    const { changes } = await vault.call('consent.compareTemplates', { fromId: first.id, toId: saved.id });
    expect(changes).toContainEqual({ change: 'added', text: 'You can say no at any time.' });
    expect(changes.some((c) => c.change === 'removed')).toBe(true);
  });
});
