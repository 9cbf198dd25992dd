import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptedPages, pagesContain } from '../testing/decryptedPages.node.ts';
import { TEST_PASSPHRASE, openTestVault } from '../testing/openVault.node.ts';
import { readKeyringFile, unwrapWithPassphrase } from '../vault/keyring.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

let vault: TestVault;

beforeAll(async () => {
  vault = await openTestVault();
});
afterAll(() => vault.close());

describe('clients', () => {
  it('may be pseudonymous: an alias and a channel, never a legal name', async () => {
    const client = await vault.call('clients.create', {
      displayName: 'Blue Heron',
      pseudonymous: true,
      legalName: 'Should Not Be Kept',
      channels: [{ kind: 'chat', value: '@blueheron' }],
    });
    expect(client).toMatchObject({
      displayName: 'Blue Heron',
      pseudonymous: true,
      legalName: null,
      status: 'active',
    });
  });

  it('get a CIP service level with its explanation from capability and complexity', async () => {
    const cases = [
      ['high', 'low', 'self_help'],
      ['high', 'high', 'brief_staff_assisted'],
      ['low', 'low', 'brief_staff_assisted'],
      ['low', 'high', 'individual_case_managed'],
    ] as const;
    for (const [capability, complexity, level] of cases) {
      const client = await vault.call('clients.create', {
        displayName: `${capability}/${complexity}`,
        pseudonymous: true,
        capability,
        complexity,
      });
      expect(client.serviceLevel?.level).toBe(level);
      expect(client.serviceLevel?.explanation.length).toBeGreaterThan(20);
    }
    const unknown = await vault.call('clients.create', { displayName: 'Not assessed', pseudonymous: true });
    expect(unknown.serviceLevel).toBeNull();
  });

  it('are edited, archived and restored, and listed by status and tag', async () => {
    const client = await vault.call('clients.create', {
      displayName: 'Sam',
      pseudonymous: true,
      tags: ['youth'],
    });
    const edited = await vault.call('clients.update', {
      id: client.id,
      changes: { tags: ['youth', 'rural'], complexity: 'high' },
    });
    expect(edited).toMatchObject({ tags: ['youth', 'rural'], complexity: 'high', displayName: 'Sam' });
    await vault.call('clients.setArchived', { id: client.id, archived: true });
    expect((await vault.call('clients.list', {})).clients.map((c) => c.id)).not.toContain(client.id);
    expect((await vault.call('clients.list', { status: 'archived' })).clients.map((c) => c.id)).toEqual([
      client.id,
    ]);
    await vault.call('clients.setArchived', { id: client.id, archived: false });
    expect((await vault.call('clients.list', { tag: 'rural' })).clients.map((c) => c.id)).toEqual([
      client.id,
    ]);
  });

  it('show sessions, consents and tasks on one timeline, newest first', async () => {
    const client = await vault.call('clients.create', { displayName: 'Lena', pseudonymous: true });
    const { templates } = await vault.call('consent.templates', {});
    await vault.call('consent.record', {
      clientId: client.id,
      templateId: templates.find((t) => t.kind === 'distance_counselling')!.id,
      givenAt: '2026-11-01T09:00:00.000Z',
      method: 'electronic',
      modalities: ['chat'],
    });
    await vault.call('notes.createDraft', {
      clientId: client.id,
      templateKey: 'soap',
      modality: 'chat',
      synchronous: true,
      sessionAt: '2026-11-10T09:00:00.000Z',
    });
    const { entries } = await vault.call('clients.timeline', { id: client.id });
    const kinds = entries.map((entry) => entry.kind);
    expect(kinds).toEqual(expect.arrayContaining(['note', 'consent_given', 'client_created']));
    expect(kinds.indexOf('note')).toBeLessThan(kinds.indexOf('consent_given'));
  });

  it('inactive for longer than the retention period are listed as candidates', async () => {
    const { candidates } = await vault.call('clients.retentionCandidates', { inactiveYears: 7 });
    expect(candidates).toEqual([]);
    const client = await vault.call('clients.create', { displayName: 'Old file', pseudonymous: true });
    await vault.call('notes.createDraft', {
      clientId: client.id,
      templateKey: 'dap',
      modality: 'in_person',
      synchronous: true,
      sessionAt: '2015-03-01T09:00:00.000Z',
    });
    // Activity moves forward only: an old session does not make an active client look old.
    expect((await vault.call('clients.retentionCandidates', { inactiveYears: 7 })).candidates).toEqual([]);
  });
});

describe('erasing a client', () => {
  it('needs the name typed back', async () => {
    const client = await vault.call('clients.create', { displayName: 'Keep Me', pseudonymous: true });
    await expect(
      vault.call('clients.erase', { id: client.id, confirmDisplayName: 'keep' }),
    ).rejects.toMatchObject({
      field: 'confirmDisplayName',
    });
    await expect(vault.call('clients.get', { id: client.id })).resolves.toHaveProperty('id', client.id);
  });

  it('removes every row and index entry; after a checkpoint the text is nowhere in the files', async () => {
    const canary = `CANARY${Date.now().toString(36)}ERASE`;
    const client = await vault.call('clients.create', {
      displayName: `Client ${canary}`,
      pseudonymous: true,
      channels: [{ kind: 'email', value: `${canary.toLowerCase()}@example.org` }],
    });
    const note = await vault.call('notes.createDraft', {
      clientId: client.id,
      templateKey: 'dap',
      modality: 'in_person',
      synchronous: true,
      sessionAt: '2026-11-20T10:00:00.000Z',
    });
    await vault.call('notes.saveDraft', {
      id: note.id,
      content: { data: `Said ${canary} twice: ${canary}`, assessment: '', plan: '' },
    });
    await vault.call('notes.sign', { id: note.id });
    await vault.call('notes.addAddendum', { id: note.id, text: `Addendum ${canary}` });
    await vault.call('tasks.create', {
      clientId: client.id,
      noteId: note.id,
      title: `Task ${canary}`,
      dueOn: '2026-12-01',
    });
    expect((await vault.call('search.query', { text: canary })).hits.length).toBeGreaterThan(0);

    // Control: before erasure the decrypted file does hold the canary, so its absence later means something.
    await vault.call('vault.lock', { reason: 'manual' });
    const keyBefore = await unwrapWithPassphrase(
      await readKeyringFile(join(vault.vaultDir, 'keyring.json')),
      TEST_PASSPHRASE,
    );
    expect(pagesContain(decryptedPages(join(vault.vaultDir, 'vault.db'), keyBefore), canary)).toBe(true);
    keyBefore.fill(0);
    await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });

    await vault.call('clients.erase', { id: client.id, confirmDisplayName: `Client ${canary}` });
    await expect(vault.call('clients.get', { id: client.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await vault.call('search.query', { text: canary })).hits).toEqual([]);
    const { entries } = await vault.call('audit.list', { filter: { actions: ['client.erased'] }, limit: 5 });
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain(canary);

    // Decrypt every page of the file (free pages too) after a full checkpoint: the canary must be gone.
    await vault.call('vault.lock', { reason: 'manual' });
    const keyring = await readKeyringFile(join(vault.vaultDir, 'keyring.json'));
    const key = await unwrapWithPassphrase(keyring, TEST_PASSPHRASE);
    const pages = decryptedPages(join(vault.vaultDir, 'vault.db'), key);
    expect(pagesContain(pages, 'vault_meta'), 'control: the decryption reads the schema').toBe(true);
    expect(pagesContain(pages, canary)).toBe(false);
    expect(existsSync(join(vault.vaultDir, 'vault.db-wal'))).toBe(false);
    key.fill(0);
    await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
  }, 30_000);
});
