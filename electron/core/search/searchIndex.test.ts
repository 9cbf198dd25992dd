import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';
import { toMatchQuery } from './searchIndex.node.ts';

let vault: TestVault;

async function signedNote(clientId: string, data: string) {
  const note = await vault.call('notes.createDraft', {
    clientId,
    templateKey: 'dap',
    modality: 'in_person',
    synchronous: true,
    sessionAt: '2026-11-20T10:00:00.000Z',
  });
  await vault.call('notes.saveDraft', { id: note.id, content: { data, assessment: '', plan: '' } });
  return note;
}

beforeAll(async () => {
  vault = await openTestVault();
});
afterAll(() => vault.close());

describe('full-text search in the encrypted vault', () => {
  it('finds notes and clients with highlighted snippets, and filters by kind and client', async () => {
    const amara = await vault.call('clients.create', {
      displayName: 'Amara Nwosu',
      pseudonymous: false,
      tags: ['apprenticeship'],
    });
    const other = await vault.call('clients.create', { displayName: 'Kofi', pseudonymous: true });
    const note = await signedNote(
      amara.id,
      'Talked about the electrician apprenticeship and her worries about money.',
    );
    await signedNote(other.id, 'Nothing about trades today.');

    const { hits } = await vault.call('search.query', { text: 'apprentice' });
    expect(hits.map((h) => h.refId)).toEqual(expect.arrayContaining([note.id, amara.id]));
    const noteHit = hits.find((h) => h.refId === note.id)!;
    expect(noteHit.snippet).toContain('\u0002apprenticeship\u0003');

    const notesOnly = await vault.call('search.query', { text: 'apprentice', kinds: ['note'] });
    expect(notesOnly.hits.map((h) => h.kind)).toEqual(['note']);
    const forOther = await vault.call('search.query', { text: 'apprentice', clientId: other.id });
    expect(forOther.hits).toEqual([]);
  });

  it('ranks a title match above a passing mention', async () => {
    const named = await vault.call('clients.create', { displayName: 'Zanele Dube', pseudonymous: false });
    const mentioner = await vault.call('clients.create', { displayName: 'Pat', pseudonymous: true });
    await signedNote(
      mentioner.id,
      'Pat said Zanele from the job club recommended us, among many other things said.',
    );
    const { hits } = await vault.call('search.query', { text: 'zanele' });
    expect(hits[0]?.refId).toBe(named.id);
    expect(hits).toHaveLength(2);
  });

  it('treats any typed text as words, never as query syntax', async () => {
    for (const text of ['"unbalanced', 'NEAR(a b', 'a OR', '*', 'col:val', "o'brien -x"]) {
      await expect(vault.call('search.query', { text })).resolves.toHaveProperty('hits');
    }
    expect(toMatchQuery('  ¿¡ ')).toBeNull();
    expect(toMatchQuery('Café naïve')).toBe('"Café"* "naïve"*');
  });

  it('forgets a deleted draft', async () => {
    const client = await vault.call('clients.create', { displayName: 'Ruth', pseudonymous: true });
    const note = await signedNote(client.id, 'zebracrossing unique word');
    expect((await vault.call('search.query', { text: 'zebracrossing' })).hits).toHaveLength(1);
    await vault.call('notes.deleteDraft', { id: note.id });
    expect((await vault.call('search.query', { text: 'zebracrossing' })).hits).toHaveLength(0);
  });
});
