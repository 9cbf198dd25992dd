import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

let vault: TestVault;
let clientId: string;

beforeAll(async () => {
  vault = await openTestVault();
  await vault.call('vault.updateSettings', { practitionerName: 'Mira Okafor' });
  clientId = (await vault.call('clients.create', { displayName: 'Tomas', pseudonymous: true })).id;
});
afterAll(() => vault.close());

const newDraft = (templateKey = 'dap') =>
  vault.call('notes.createDraft', {
    clientId,
    templateKey,
    modality: 'in_person',
    synchronous: true,
    sessionAt: '2026-11-20T10:00:00.000Z',
    durationMinutes: 50,
  });

describe('session notes', () => {
  it('start from the template with every section empty, for each built-in template', async () => {
    const { templates } = await vault.call('notes.templates', {});
    expect(templates.filter((t) => t.builtin).map((t) => t.key)).toEqual([
      'dap',
      'soap',
      'birp',
      'cip',
      'crisis',
    ]);
    const cip = await newDraft('cip');
    expect(Object.keys(cip.content)).toEqual([
      'communication',
      'analysis',
      'synthesis',
      'valuing',
      'execution',
      'readiness',
      'next_steps',
    ]);
  });

  it('autosave drafts, then sign them with a content hash and the practitioner name', async () => {
    const note = await newDraft();
    await vault.call('notes.saveDraft', {
      id: note.id,
      content: { data: 'First', assessment: '', plan: '' },
    });
    await vault.call('notes.saveDraft', {
      id: note.id,
      content: {
        data: 'Client worried about the interview',
        assessment: 'Anxious but motivated',
        plan: 'Mock interview',
      },
    });
    expect((await vault.call('notes.get', { id: note.id })).content.data).toBe(
      'Client worried about the interview',
    );
    const signed = await vault.call('notes.sign', { id: note.id });
    expect(signed).toMatchObject({ status: 'signed', signedBy: 'Mira Okafor' });
    expect(signed.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuse every change after signing through the app', async () => {
    const note = await newDraft();
    await vault.call('notes.sign', { id: note.id });
    await expect(
      vault.call('notes.saveDraft', { id: note.id, content: { data: 'rewritten' } }),
    ).rejects.toMatchObject({ code: 'NOTE_SIGNED' });
    await expect(vault.call('notes.sign', { id: note.id })).rejects.toMatchObject({ code: 'NOTE_SIGNED' });
    await expect(vault.call('notes.deleteDraft', { id: note.id })).rejects.toMatchObject({
      code: 'NOTE_SIGNED',
    });
  });

  it('take addenda after signing (and only then), and one co-signature', async () => {
    const draft = await newDraft();
    await expect(vault.call('notes.addAddendum', { id: draft.id, text: 'too early' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const signed = await vault.call('notes.sign', { id: draft.id });
    const withAddendum = await vault.call('notes.addAddendum', {
      id: draft.id,
      text: 'Client called back: went well.',
    });
    expect(withAddendum.addenda).toMatchObject([
      { text: 'Client called back: went well.', author: 'Mira Okafor' },
    ]);
    expect(withAddendum.contentHash).toBe(signed.contentHash);
    const cosigned = await vault.call('notes.cosign', { id: draft.id, supervisorName: 'Dr. Lee' });
    expect(cosigned).toMatchObject({ cosignedBy: 'Dr. Lee' });
    await expect(
      vault.call('notes.cosign', { id: draft.id, supervisorName: 'Dr. Lee' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('accept custom templates', async () => {
    const { key } = await vault.call('notes.saveTemplate', {
      name: 'Group session',
      sections: [
        { key: 'theme', label: 'Theme', hint: 'What the group worked on' },
        { key: 'follow_up', label: 'Follow-up', hint: '' },
      ],
    });
    const note = await newDraft(key);
    expect(Object.keys(note.content)).toEqual(['theme', 'follow_up']);
    await expect(newDraft('no-such-template')).rejects.toMatchObject({ field: 'templateKey' });
  });

  it('carry follow-up tasks with due dates', async () => {
    const note = await newDraft();
    const task = await vault.call('tasks.create', {
      clientId,
      noteId: note.id,
      title: 'Send CV template',
      dueOn: '2026-11-25',
    });
    expect((await vault.call('tasks.list', { clientId })).tasks.map((t) => t.id)).toContain(task.id);
    await vault.call('tasks.complete', { id: task.id });
    const { entries } = await vault.call('audit.list', { filter: { clientId }, limit: 5 });
    expect(entries.slice(0, 2).map((entry) => [entry.action, entry.details.record])).toEqual([
      ['record.updated', 'task'],
      ['record.created', 'task'],
    ]);
    expect((await vault.call('tasks.list', { clientId })).tasks.map((t) => t.id)).not.toContain(task.id);
    expect(
      (await vault.call('tasks.list', { clientId, openOnly: false })).tasks.find((t) => t.id === task.id)
        ?.doneAt,
    ).not.toBeNull();
  });
});
