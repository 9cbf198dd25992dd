/**
 * Replies to incoming messages: one open reply per message, autosaved as a draft,
 * optionally reviewed by a supervisor, moved to the outbox (a reply to a risk message
 * only with the safety checklist complete), exported as .eml files and marked sent.
 * Every state change is audited with ids and counts only.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import {
  isSafetyChecklistComplete,
  replyNeedsSafetyChecklist,
  safetyChecklistSchema,
} from '../../../shared/domain/safetyChecklist.std.ts';
import type { SafetyChecklist } from '../../../shared/domain/safetyChecklist.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { REPLY_BODY_MAX, REPLY_SUBJECT_MAX } from '../../../shared/rpc/replySchemas.std.ts';
import type { OutboxItem, Reply } from '../../../shared/rpc/replySchemas.std.ts';
import { TIER_RANK } from '../../../shared/triage/rulesSchema.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { setStatus as setMessageStatus } from '../messages/messageStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { readSettings } from '../vault/settingsStore.node.ts';
import { buildEml, replySubject, writeNewFile } from './emlFile.node.ts';
import {
  deleteReply,
  getReply,
  insertReply,
  lastSentReplyFor,
  markExported,
  openReplyFor,
  outboxRows,
  replyMessage,
  setReplyStatus,
  updateDraftText,
} from './replyStore.node.ts';
import type { ReplyMessageRow, ReplyRow, TriageFacts } from './replyStore.node.ts';

function notFound(what: string): RpcError {
  return new RpcError({ code: 'NOT_FOUND', message: `${what} not found.` });
}

function wrongState(message: string): RpcError {
  return new RpcError({ code: 'WRONG_STATE', message });
}

/**
 * The facts the safety rule reads. The tier is the higher of the engine's and the
 * queue's (a practitioner's override): raising a message by hand adds the checklist,
 * lowering it does not remove what the engine found.
 */
export function triageFacts(message: Pick<ReplyMessageRow, 'tier' | 'triage'>): TriageFacts {
  const result = message.triage === null ? null : (JSON.parse(message.triage) as Partial<TriageFacts> | null);
  const engineTier = result?.tier ?? message.tier;
  return {
    tier: TIER_RANK[engineTier] >= TIER_RANK[message.tier] ? engineTier : message.tier,
    categories: result?.categories ?? [],
    cssrs_level: result?.cssrs_level ?? null,
  };
}

function parseChecklist(json: string | null): SafetyChecklist | null {
  if (json === null) return null;
  const parsed = safetyChecklistSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

function toReply(row: ReplyRow, message: ReplyMessageRow): Reply {
  return {
    id: row.id,
    messageId: row.message_id,
    status: row.status,
    subject: row.subject,
    body: row.body,
    reviewComments: row.review_comments,
    checklist: parseChecklist(row.checklist),
    needsSafetyChecklist: replyNeedsSafetyChecklist(triageFacts(message)),
    author: row.author,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    readyAt: row.ready_at,
    exportedAt: row.exported_at,
    sentAt: row.sent_at,
  };
}

/** An email address the reply can be addressed to; handles and phone numbers are not. */
function emailAddress(message: Pick<ReplyMessageRow, 'channel' | 'sender'>): string | null {
  if (message.channel !== 'email' || message.sender === null) return null;
  const address = message.sender.trim();
  return /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(address) ? address : null;
}

/** The thread's Message-IDs, oldest first, without repeats: root, the parent's parent, the parent. */
function referencesOf(message: ReplyMessageRow): string[] {
  if (message.channel !== 'email' || message.source_id === null) return [];
  const ids = [message.thread_key, message.in_reply_to, message.source_id].filter(
    (id): id is string => id !== null && id !== '' && !/[\s<>]/.test(id),
  );
  return [...new Set(ids)];
}

/** Refuses a reply to a risk message without the complete checklist; returns whether it was needed. */
function assertChecklist(message: ReplyMessageRow, checklist: SafetyChecklist | null): boolean {
  const needed = replyNeedsSafetyChecklist(triageFacts(message));
  if (needed && !isSafetyChecklistComplete(checklist)) {
    throw new RpcError({
      code: 'SAFETY_CHECKLIST_INCOMPLETE',
      message:
        'This message shows risk: ask directly about suicide, make or review a safety plan and share crisis contacts, then tick the checklist.',
      field: 'checklist',
    });
  }
  return needed;
}

export interface ReplyServiceOptions {
  now?: () => Date;
}

export function createReplyService(options: ReplyServiceOptions = {}) {
  const now = options.now ?? (() => new Date());

  function requireMessage(db: VaultDatabase, messageId: string): ReplyMessageRow {
    const message = replyMessage(db, messageId);
    if (message === undefined) throw notFound('Message');
    return message;
  }

  function requireReply(db: VaultDatabase, id: string): { row: ReplyRow; message: ReplyMessageRow } {
    const row = getReply(db, id);
    if (row === undefined) throw notFound('Reply');
    return { row, message: requireMessage(db, row.message_id) };
  }

  function view(db: VaultDatabase, id: string): Reply {
    const { row, message } = requireReply(db, id);
    return toReply(row, message);
  }

  function author(db: VaultDatabase): string | null {
    return readSettings(db).practitionerName.trim() || null;
  }

  return {
    /** The message's open reply, else its last sent one, else null. */
    get(db: VaultDatabase, messageId: string): Reply | null {
      const message = requireMessage(db, messageId);
      const row = openReplyFor(db, messageId) ?? lastSentReplyFor(db, messageId);
      return row === undefined ? null : toReply(row, message);
    },

    /**
     * The autosave. One short write transaction; with WAL and synchronous=FULL the text
     * is on disk when this returns. Saving unchanged text to a reply that has left draft
     * (outbox, review) is a harmless no-op, changed text there is refused.
     */
    saveDraft(
      db: VaultDatabase,
      input: { messageId: string; body: string; subject?: string | null | undefined },
    ): Reply {
      if (input.body.length > REPLY_BODY_MAX) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          message: `A reply can be at most ${REPLY_BODY_MAX.toLocaleString('en-US')} characters.`,
          field: 'body',
        });
      }
      const subject = input.subject === undefined ? undefined : input.subject?.trim() || null;
      if (subject !== undefined && subject !== null && subject.length > REPLY_SUBJECT_MAX) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          message: `A subject can be at most ${REPLY_SUBJECT_MAX} characters.`,
          field: 'subject',
        });
      }
      const at = now().toISOString();
      return db
        .transaction(() => {
          const message = requireMessage(db, input.messageId);
          const open = openReplyFor(db, input.messageId);
          if (open === undefined) {
            const id = randomUUID();
            insertReply(db, {
              id,
              message_id: input.messageId,
              body: input.body,
              subject: subject ?? null,
              author: author(db),
              created_at: at,
            });
            return view(db, id);
          }
          if (open.status !== 'draft') {
            const unchanged = open.body === input.body && (subject === undefined || subject === open.subject);
            if (unchanged) return toReply(open, message);
            throw wrongState(
              open.status === 'outbox'
                ? 'The reply is in the outbox; return it to draft to change it.'
                : 'The reply is waiting for review; return it to draft to change it.',
            );
          }
          updateDraftText(db, open.id, { body: input.body, subject }, at);
          return view(db, open.id);
        })
        .immediate();
    },

    /** A draft goes to a supervisor; the exchange brings back their decision. */
    submitForReview(db: VaultDatabase, id: string, checklist?: SafetyChecklist): Reply {
      return db
        .transaction(() => {
          const { row, message } = requireReply(db, id);
          if (row.status === 'awaiting_review') return toReply(row, message);
          if (row.status !== 'draft') throw wrongState('Only a draft can be sent for review.');
          if (row.body.trim() === '') {
            throw new RpcError({ code: 'INVALID_INPUT', message: 'The reply is empty.', field: 'body' });
          }
          // An approval moves the reply straight to the outbox, so the safety rule applies here.
          assertChecklist(message, checklist ?? parseChecklist(row.checklist));
          setReplyStatus(db, id, {
            status: 'awaiting_review',
            at: now().toISOString(),
            reviewComments: null,
            ...(checklist === undefined ? {} : { checklist: JSON.stringify(checklist) }),
          });
          appendAudit(db, {
            action: 'reply.review_requested',
            clientId: message.client_id,
            details: { reply: id, message: message.id },
          });
          return view(db, id);
        })
        .immediate();
    },

    /**
     * A supervisor's decision, as the team exchange imports it: approved goes to the
     * outbox (the supervisor has read it, safety included), returned goes back to draft
     * with the comments. Only a reply still awaiting review changes.
     */
    applyReviewDecision(
      db: VaultDatabase,
      id: string,
      decision: { approved: boolean; comments: string | null },
    ): Reply {
      return db
        .transaction(() => {
          const { row, message } = requireReply(db, id);
          if (row.status !== 'awaiting_review') return toReply(row, message);
          const at = now().toISOString();
          if (decision.approved) {
            setReplyStatus(db, id, { status: 'outbox', at, readyAt: at, reviewComments: decision.comments });
            appendAudit(db, {
              action: 'reply.ready',
              clientId: message.client_id,
              details: { reply: id, message: message.id, reviewed: true },
            });
          } else {
            setReplyStatus(db, id, { status: 'draft', at, readyAt: null, reviewComments: decision.comments });
            appendAudit(db, {
              action: 'reply.returned',
              clientId: message.client_id,
              details: { reply: id, message: message.id, reviewed: true },
            });
          }
          return view(db, id);
        })
        .immediate();
    },

    /**
     * To the outbox. A reply to a message whose triage shows risk needs the complete
     * safety checklist (given now, or kept from an earlier attempt).
     */
    markReady(db: VaultDatabase, id: string, checklist: SafetyChecklist | undefined): Reply {
      return db
        .transaction(() => {
          const { row, message } = requireReply(db, id);
          if (row.status === 'sent') throw wrongState('The reply has been sent already.');
          if (row.status === 'awaiting_review') {
            throw wrongState('The reply is waiting for a supervisor; it goes to the outbox once approved.');
          }
          // Supervision: while replies need review, a draft reaches the outbox only through an approval.
          if (row.status === 'draft' && readSettings(db).repliesNeedReview) {
            throw new RpcError({
              code: 'REVIEW_REQUIRED',
              message: 'Replies need a supervisor’s review in this vault: send the reply for review instead.',
            });
          }
          if (row.body.trim() === '') {
            throw new RpcError({
              code: 'INVALID_INPUT',
              message: 'Write the reply before marking it ready.',
              field: 'body',
            });
          }
          const needed = assertChecklist(message, checklist ?? parseChecklist(row.checklist));
          const at = now().toISOString();
          setReplyStatus(db, id, {
            status: 'outbox',
            at,
            readyAt: row.status === 'outbox' ? (row.ready_at ?? at) : at,
            ...(checklist === undefined ? {} : { checklist: JSON.stringify(checklist) }),
          });
          if (row.status !== 'outbox') {
            appendAudit(db, {
              action: 'reply.ready',
              clientId: message.client_id,
              details: { reply: id, message: message.id, checklist: needed },
            });
          }
          return view(db, id);
        })
        .immediate();
    },

    returnToDraft(db: VaultDatabase, id: string): Reply {
      return db
        .transaction(() => {
          const { row, message } = requireReply(db, id);
          if (row.status === 'draft') return toReply(row, message);
          if (row.status === 'sent') throw wrongState('The reply has been sent already.');
          setReplyStatus(db, id, { status: 'draft', at: now().toISOString(), readyAt: null });
          appendAudit(db, {
            action: 'reply.returned',
            clientId: message.client_id,
            details: { reply: id, message: message.id, from: row.status },
          });
          return view(db, id);
        })
        .immediate();
    },

    discardDraft(db: VaultDatabase, id: string): void {
      db.transaction(() => {
        const { row, message } = requireReply(db, id);
        if (row.status !== 'draft') throw wrongState('Only a draft can be discarded.');
        deleteReply(db, id);
        appendAudit(db, {
          action: 'reply.discarded',
          clientId: message.client_id,
          details: { reply: id, message: message.id },
        });
      }).immediate();
    },

    outbox(db: VaultDatabase): OutboxItem[] {
      return outboxRows(db).map((row) => {
        const message = requireMessage(db, row.message_id);
        const address = emailAddress(message);
        return {
          reply: toReply(row, message),
          channel: message.channel as OutboxItem['channel'],
          recipient: message.sender,
          recipientName: message.sender_name,
          subject: row.subject ?? replySubject(message.subject),
          clientId: message.client_id,
          clientName: message.client_name,
          emailable: address !== null,
        };
      });
    },

    /**
     * One .eml per reply (outbox or sent) in the folder. Every id is checked before
     * anything is written; each file appears whole or not at all.
     */
    async exportEml(
      db: VaultDatabase,
      ids: readonly string[],
      folder: string,
    ): Promise<{ id: string; file: string }[]> {
      const unique = [...new Set(ids)];
      const replies = unique.map((id) => {
        const found = requireReply(db, id);
        if (found.row.status !== 'outbox' && found.row.status !== 'sent') {
          throw wrongState(
            'Only replies in the outbox (or sent) can be exported; mark the others ready first.',
          );
        }
        return found;
      });
      const info = await stat(folder).catch(() => null);
      if (info === null || !info.isDirectory()) {
        throw new RpcError({
          code: 'NOT_FOUND',
          message: 'The export folder does not exist.',
          field: 'folder',
        });
      }
      const fromName = readSettings(db).practitionerName.trim() || 'Outpost';
      const written: { id: string; file: string }[] = [];
      const date = now();
      try {
        for (const { row, message } of replies) {
          const address = emailAddress(message);
          const references = referencesOf(message);
          const content = await buildEml({
            replyId: row.id,
            body: row.body,
            subject: row.subject ?? replySubject(message.subject),
            fromName,
            to: address === null ? null : { address, name: message.sender_name },
            inReplyTo: message.channel === 'email' ? message.source_id : null,
            references,
            date,
          });
          // The name carries no client text: a date and the reply's short id.
          const stem = `Reply ${date.toISOString().slice(0, 10)} ${row.id.slice(0, 8)}`;
          written.push({ id: row.id, file: await writeNewFile(folder, stem, content) });
        }
      } finally {
        if (written.length > 0) {
          const at = now().toISOString();
          db.transaction(() => {
            for (const { id } of written) markExported(db, id, at);
            appendAudit(db, { action: 'reply.exported', details: { count: written.length } });
          }).immediate();
        }
      }
      return written;
    },

    /** The replies went out: sent, and each message becomes "replied" with its first response time. */
    markSent(db: VaultDatabase, ids: readonly string[]): Reply[] {
      const unique = [...new Set(ids)];
      return db
        .transaction(() => {
          const at = now().toISOString();
          const changed: string[] = [];
          for (const id of unique) {
            const { row } = requireReply(db, id);
            if (row.status === 'sent') continue;
            if (row.status !== 'outbox') throw wrongState('Only replies in the outbox can be marked sent.');
            changed.push(id);
          }
          for (const id of changed) {
            const { row } = requireReply(db, id);
            setReplyStatus(db, id, { status: 'sent', at, sentAt: at });
            setMessageStatus(db, row.message_id, 'replied', {}, at);
          }
          if (changed.length > 0)
            appendAudit(db, { action: 'reply.sent', details: { count: changed.length } });
          return unique.map((id) => view(db, id));
        })
        .immediate();
    },
  };
}

export type ReplyService = ReturnType<typeof createReplyService>;

/** For demo data and tests: whether a message's replies need the safety checklist. */
export function messageNeedsSafetyChecklist(db: VaultDatabase, messageId: string): boolean {
  const message = replyMessage(db, messageId);
  return message !== undefined && replyNeedsSafetyChecklist(triageFacts(message));
}
