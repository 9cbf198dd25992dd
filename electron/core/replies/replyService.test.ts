import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAFETY_CHECKLIST_ITEMS } from '../../../shared/domain/safetyChecklist.std.ts';
import { REPLY_BODY_MAX } from '../../../shared/rpc/replySchemas.std.ts';
import { openEventVault, TEST_PASSPHRASE } from './testVault.node.ts';
import type { EventVault } from './testVault.node.ts';

const CRISIS_TEXT = "I've got 40 paracetamol lined up for tonight. Sorry.";
const ROUTINE_TEXT = 'Could I book a CV appointment next month? Thanks.';
const FULL_CHECKLIST = { asked_about_suicide: true, safety_plan: true, crisis_contacts: true };

function emailFile(vault: EventVault): string {
  const file = join(vault.folder, 'question.eml');
  writeFileSync(
    file,
    [
      'From: Sam Rivers <Sam.Rivers@example.org>',
      'To: advice@service.example',
      'Subject: Apprenticeship question',
      'Date: Mon, 2 Jun 2025 09:15:00 +0000',
      'Message-ID: <msg-3@mail.example.org>',
      'In-Reply-To: <msg-2@service.example>',
      'References: <msg-1@mail.example.org> <msg-2@service.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, are there apprenticeships in carpentry near me? I am 17.',
      '',
    ].join('\r\n'),
  );
  return file;
}

async function addMessage(vault: EventVault, text: string, from = 'client@example.org') {
  return vault.call('messages.add', { text, channel: 'email', from, subject: 'Hello' });
}

describe('replies: drafts, outbox, export, sent', () => {
  let vault: EventVault;
  beforeEach(async () => {
    vault = await openEventVault();
    await vault.call('vault.updateSettings', { practitionerName: 'Mira Okafor' });
  });
  afterEach(async () => {
    await vault.close();
  });

  it('autosaves one open draft per message and refuses a body over the limit, keeping the saved text', async () => {
    const { id: messageId } = await addMessage(vault, ROUTINE_TEXT);
    expect(await vault.call('replies.get', { messageId })).toBeNull();
    const first = await vault.call('replies.saveDraft', { messageId, body: 'Hi Sam,' });
    const second = await vault.call('replies.saveDraft', {
      messageId,
      body: 'Hi Sam, yes we can.',
      subject: 'Your appointment',
    });
    expect(second).toMatchObject({
      id: first.id,
      status: 'draft',
      body: 'Hi Sam, yes we can.',
      subject: 'Your appointment',
      author: 'Mira Okafor',
      needsSafetyChecklist: false,
    });
    const tooLong = vault.call('replies.saveDraft', { messageId, body: 'x'.repeat(REPLY_BODY_MAX + 1) });
    await expect(tooLong).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'body' });
    await expect(tooLong).rejects.toThrow(/at most 50000 characters/);
    expect(await vault.call('replies.get', { messageId })).toMatchObject({ body: 'Hi Sam, yes we can.' });
    await expect(
      vault.call('replies.saveDraft', { messageId: '0b7cf0e4-3c1a-4c8e-9d53-1d1f5ce2b1a0', body: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses markReady on a risk message without the complete checklist, and allows it with one', async () => {
    const { id: messageId, tier } = await addMessage(vault, CRISIS_TEXT);
    expect(tier).toBe('crisis');
    const draft = await vault.call('replies.saveDraft', {
      messageId,
      body: 'I am really glad you wrote. Are you thinking of ending your life tonight?',
    });
    expect(draft.needsSafetyChecklist).toBe(true);
    await expect(vault.call('replies.markReady', { id: draft.id })).rejects.toMatchObject({
      code: 'SAFETY_CHECKLIST_INCOMPLETE',
    });
    await expect(
      vault.call('replies.markReady', {
        id: draft.id,
        checklist: { asked_about_suicide: true, safety_plan: true, crisis_contacts: false },
      }),
    ).rejects.toMatchObject({ code: 'SAFETY_CHECKLIST_INCOMPLETE' });
    expect(await vault.call('replies.get', { messageId })).toMatchObject({ status: 'draft' });
    // Review leads to the outbox on approval, so it asks for the checklist as well.
    await expect(vault.call('replies.submitForReview', { id: draft.id })).rejects.toMatchObject({
      code: 'SAFETY_CHECKLIST_INCOMPLETE',
    });

    const ready = await vault.call('replies.markReady', { id: draft.id, checklist: FULL_CHECKLIST });
    expect(ready).toMatchObject({ status: 'outbox', checklist: FULL_CHECKLIST, readyAt: expect.any(String) });
    // Changed text is refused while in the outbox; unchanged text (a late autosave) is fine.
    await expect(
      vault.call('replies.saveDraft', { messageId, body: 'something else' }),
    ).rejects.toMatchObject({ code: 'WRONG_STATE' });
    await vault.call('replies.saveDraft', { messageId, body: ready.body });

    const { entries } = await vault.call('audit.list', { filter: { actions: ['reply.ready'] }, limit: 10 });
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0]?.details)).not.toMatch(/glad|ending/);
    expect(SAFETY_CHECKLIST_ITEMS.map((item) => item.id)).toEqual(Object.keys(FULL_CHECKLIST));
  });

  it('lets a routine reply go to the outbox without a checklist, and back to draft', async () => {
    const { id: messageId } = await addMessage(vault, ROUTINE_TEXT);
    const draft = await vault.call('replies.saveDraft', { messageId, body: '' });
    await expect(vault.call('replies.markReady', { id: draft.id })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await vault.call('replies.saveDraft', { messageId, body: 'Yes: Tuesday 10:00 works.' });
    expect(await vault.call('replies.markReady', { id: draft.id })).toMatchObject({ status: 'outbox' });
    const { items } = await vault.call('replies.outbox', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      recipient: 'client@example.org',
      subject: 'Re: Hello',
      channel: 'email',
      emailable: true,
      clientId: expect.any(String),
    });
    expect(await vault.call('replies.returnToDraft', { id: draft.id })).toMatchObject({
      status: 'draft',
      readyAt: null,
    });
    expect((await vault.call('replies.outbox', {})).items).toHaveLength(0);
    await vault.call('replies.discardDraft', { id: draft.id });
    expect(await vault.call('replies.get', { messageId })).toBeNull();
  });

  it('while replies need review, refuses markReady on a draft with REVIEW_REQUIRED; review is the way through', async () => {
    await vault.call('vault.updateSettings', { repliesNeedReview: true });
    const { id: messageId } = await addMessage(vault, ROUTINE_TEXT);
    const draft = await vault.call('replies.saveDraft', { messageId, body: 'Yes: Tuesday 10:00 works.' });
    await expect(vault.call('replies.markReady', { id: draft.id })).rejects.toMatchObject({
      code: 'REVIEW_REQUIRED',
    });
    expect(await vault.call('replies.get', { messageId })).toMatchObject({ status: 'draft' });
    expect((await vault.call('replies.outbox', {})).items).toHaveLength(0);
    expect(await vault.call('replies.submitForReview', { id: draft.id })).toMatchObject({
      status: 'awaiting_review',
    });
    // Turned off again, a draft goes straight to the outbox as before.
    await vault.call('vault.updateSettings', { repliesNeedReview: false });
    await vault.call('replies.returnToDraft', { id: draft.id });
    expect(await vault.call('replies.markReady', { id: draft.id })).toMatchObject({ status: 'outbox' });
  });

  it('exports .eml files that parse back with the right headers, never overwriting', async () => {
    const { files } = await vault.call('messages.import', { files: [emailFile(vault)] });
    expect(files[0]).toMatchObject({ outcome: 'imported', imported: 1 });
    const { items: queue } = await vault.call('messages.queue', { filter: {}, limit: 5 });
    const messageId = queue[0]?.id ?? '';
    const draft = await vault.call('replies.saveDraft', {
      messageId,
      body: 'Hi Sam,\n\nYes — there are two carpentry apprenticeships starting in September.',
    });
    await vault.call('replies.markReady', { id: draft.id });
    const folder = join(vault.folder, 'outbox');
    mkdirSync(folder);

    const first = await vault.call('replies.exportEml', { ids: [draft.id], folder });
    const second = await vault.call('replies.exportEml', { ids: [draft.id], folder });
    expect(first.files[0]?.file).toMatch(/^Reply \d{4}-\d{2}-\d{2} [0-9a-f]{8}\.eml$/);
    expect(second.files[0]?.file).toMatch(/ \(2\)\.eml$/);
    expect(readdirSync(folder).sort()).toEqual([first.files[0]?.file, second.files[0]?.file].sort());

    const raw = readFileSync(join(folder, first.files[0]?.file ?? ''));
    const email = await PostalMime.parse(raw);
    expect(email.to).toEqual([{ name: 'Sam Rivers', address: 'sam.rivers@example.org' }]);
    expect(email.from).toEqual({ name: 'Mira Okafor', address: 'practitioner@outpost.invalid' });
    expect(email.subject).toBe('Re: Apprenticeship question');
    expect(email.inReplyTo).toBe('<msg-3@mail.example.org>');
    expect(email.references).toBe(
      '<msg-1@mail.example.org> <msg-2@service.example> <msg-3@mail.example.org>',
    );
    expect(email.text?.trim()).toBe(draft.body.replace(/\n/g, '\n').trim());
    expect(email.headers.find((header) => header.key === 'x-unsent')?.value).toBe('1');

    const exported = await vault.call('replies.get', { messageId });
    expect(exported?.exportedAt).toEqual(expect.any(String));
    const { entries } = await vault.call('audit.list', { filter: { actions: ['reply.exported'] }, limit: 5 });
    expect(entries.map((entry) => entry.details)).toEqual([{ count: 1 }, { count: 1 }]);

    await expect(
      vault.call('replies.exportEml', { ids: [draft.id], folder: join(vault.folder, 'missing') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to export a draft, writing nothing', async () => {
    const { id: messageId } = await addMessage(vault, ROUTINE_TEXT);
    const draft = await vault.call('replies.saveDraft', { messageId, body: 'Not ready yet' });
    const folder = join(vault.folder, 'out');
    mkdirSync(folder);
    await expect(vault.call('replies.exportEml', { ids: [draft.id], folder })).rejects.toMatchObject({
      code: 'WRONG_STATE',
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('marks replies sent: the message becomes replied with its first response time, kept on a second reply', async () => {
    const { id: messageId } = await addMessage(vault, ROUTINE_TEXT);
    const draft = await vault.call('replies.saveDraft', { messageId, body: 'See you Tuesday.' });
    await vault.call('replies.markReady', { id: draft.id });
    const [sent] = (await vault.call('replies.markSent', { ids: [draft.id] })).replies;
    expect(sent).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    const message = await vault.call('messages.get', { id: messageId });
    expect(message.status).toBe('replied');

    // A second reply to the same message may start once the first is sent.
    const followUp = await vault.call('replies.saveDraft', { messageId, body: 'One more thing:' });
    expect(followUp.id).not.toBe(draft.id);
    await vault.call('replies.markReady', { id: followUp.id });
    await vault.call('replies.markSent', { ids: [followUp.id, draft.id] });

    const { entries } = await vault.call('audit.list', { filter: { actions: ['reply.sent'] }, limit: 5 });
    expect(entries.map((entry) => entry.details)).toEqual([{ count: 1 }, { count: 1 }]);
    await expect(vault.call('replies.returnToDraft', { id: draft.id })).rejects.toMatchObject({
      code: 'WRONG_STATE',
    });
  });

  it('keeps a saved draft through a crash: the process is killed right after saveDraft returns', async () => {
    const { id: messageId } = await addMessage(vault, ROUTINE_TEXT);
    await vault.call('vault.lock', { reason: 'manual' });
    await vault.restart();
    const body = 'Draft typed just before the power went: ünïcödé ✓';
    const script = fileURLToPath(new URL('./saveDraftThenDie.node.ts', import.meta.url));
    const child = spawn(process.execPath, [script, vault.vaultDir, messageId, body], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, killedBy) => resolve(killedBy)),
    );
    expect(stderr).toBe('');
    expect(stdout).toBe('saved\n');
    expect(signal).toBe('SIGKILL');

    await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
    expect(await vault.call('replies.get', { messageId })).toMatchObject({ status: 'draft', body });
  }, 60_000);
});
