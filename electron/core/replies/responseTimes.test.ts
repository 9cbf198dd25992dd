import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessageService } from '../messages/messageService.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { createReplyService } from './replyService.node.ts';

/** first_response_at and closed_at, as the analytics read them straight from the table. */
describe('message response and closing times', () => {
  let folder: string;
  let db: VaultDatabase;
  let clock: Date;
  const now = () => clock;
  const messages = createMessageService({ now });
  const replies = createReplyService({ now });

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-times-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db);
    clock = new Date('2025-06-02T09:00:00.000Z');
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const times = (id: string) =>
    db.prepare('SELECT status, first_response_at, closed_at FROM messages WHERE id = ?').get(id) as {
      status: string;
      first_response_at: string | null;
      closed_at: string | null;
    };
  const add = (text: string) => {
    const { stored } = messages.addMessage(db, { text, channel: 'sms', from: '+44 7700 900001' });
    return stored.id ?? '';
  };

  it('sets first_response_at when a reply is sent, once', () => {
    const id = add('Can I get help with a cover letter?');
    const draft = replies.saveDraft(db, { messageId: id, body: 'Yes, send it over.' });
    replies.markReady(db, draft.id, undefined);
    clock = new Date('2025-06-02T11:30:00.000Z');
    replies.markSent(db, [draft.id]);
    expect(times(id)).toEqual({
      status: 'replied',
      first_response_at: '2025-06-02T11:30:00.000Z',
      closed_at: null,
    });

    clock = new Date('2025-06-03T08:00:00.000Z');
    const second = replies.saveDraft(db, { messageId: id, body: 'Following up.' });
    replies.markReady(db, second.id, undefined);
    replies.markSent(db, [second.id]);
    expect(times(id).first_response_at).toBe('2025-06-02T11:30:00.000Z');
  });

  it('sends a risk reply for review only with the checklist; an approval puts it in the outbox', () => {
    const id = add("I've got 40 paracetamol lined up for tonight. Sorry.");
    const draft = replies.saveDraft(db, { messageId: id, body: 'Are you thinking of ending your life?' });
    expect(() => replies.submitForReview(db, draft.id)).toThrow(/shows risk/);
    const checklist = { asked_about_suicide: true, safety_plan: true, crisis_contacts: true };
    expect(replies.submitForReview(db, draft.id, checklist)).toMatchObject({ status: 'awaiting_review' });
    expect(() => replies.markReady(db, draft.id, checklist)).toThrow(/waiting for a supervisor/);
    const approved = replies.applyReviewDecision(db, draft.id, { approved: true, comments: 'Good.' });
    expect(approved).toMatchObject({ status: 'outbox', checklist, reviewComments: 'Good.' });

    const other = add('Can you check my personal statement?');
    const returned = replies.saveDraft(db, { messageId: other, body: 'Sure, here are my notes.' });
    replies.submitForReview(db, returned.id);
    expect(
      replies.applyReviewDecision(db, returned.id, { approved: false, comments: 'Add an open question.' }),
    ).toMatchObject({ status: 'draft', reviewComments: 'Add an open question.' });
  });

  it('sets first_response_at on a move to replied or awaiting_client, and closed_at on close, cleared on reopen', () => {
    const id = add('Where is the careers fair this year?');
    clock = new Date('2025-06-02T10:00:00.000Z');
    messages.setStatus(db, id, 'claimed');
    expect(times(id)).toEqual({ status: 'claimed', first_response_at: null, closed_at: null });
    messages.setStatus(db, id, 'awaiting_client');
    clock = new Date('2025-06-02T12:00:00.000Z');
    messages.setStatus(db, id, 'replied');
    expect(times(id).first_response_at).toBe('2025-06-02T10:00:00.000Z');

    clock = new Date('2025-06-04T16:00:00.000Z');
    messages.setStatus(db, id, 'closed');
    clock = new Date('2025-06-05T16:00:00.000Z');
    messages.setStatus(db, id, 'closed');
    expect(times(id).closed_at).toBe('2025-06-04T16:00:00.000Z');
    messages.setStatus(db, id, 'new');
    expect(times(id)).toEqual({
      status: 'new',
      first_response_at: '2025-06-02T10:00:00.000Z',
      closed_at: null,
    });
  });
});
