/** RPC shapes for replies: drafts, the outbox, .eml export and the sent record. */
import { z } from 'zod';
import { safetyChecklistSchema } from '../domain/safetyChecklist.std.ts';
import { messageChannelSchema } from './messageSchemas.std.ts';

const isoTime = z.iso.datetime({ offset: true });
const idSchema = z.string().min(1).max(100);

/**
 * draft → (awaiting_review →) outbox → sent. `awaiting_review` is for new staff whose
 * replies a supervisor approves first; `returnToDraft` takes any unsent reply back.
 */
export const REPLY_STATUSES = ['draft', 'awaiting_review', 'outbox', 'sent'] as const;
export const replyStatusSchema = z.enum(REPLY_STATUSES);
export type ReplyStatus = z.infer<typeof replyStatusSchema>;

/** A reply body longer than this is refused with INVALID_INPUT (field `body`). */
export const REPLY_BODY_MAX = 50_000;
export const REPLY_SUBJECT_MAX = 500;

export const replySchema = z.strictObject({
  id: idSchema,
  messageId: idSchema,
  status: replyStatusSchema,
  /** null: the export uses "Re: " and the message's subject. */
  subject: z.string().nullable(),
  body: z.string(),
  /** A supervisor's comments when a reply was returned to its author. */
  reviewComments: z.string().nullable(),
  /** The safety checklist as ticked when the reply was marked ready (or null). */
  checklist: safetyChecklistSchema.nullable(),
  /** Whether the message's triage means markReady requires a complete checklist. */
  needsSafetyChecklist: z.boolean(),
  author: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  readyAt: isoTime.nullable(),
  exportedAt: isoTime.nullable(),
  sentAt: isoTime.nullable(),
});
export type Reply = z.infer<typeof replySchema>;

/** A ready reply with what the outbox needs to show where it goes. */
export const outboxItemSchema = z.strictObject({
  reply: replySchema,
  channel: messageChannelSchema,
  /** The sender's address or handle: where the reply goes. */
  recipient: z.string().nullable(),
  recipientName: z.string().nullable(),
  /** The subject the exported reply will carry ("Re: …"). */
  subject: z.string(),
  clientId: idSchema.nullable(),
  clientName: z.string().nullable(),
  /** True when the reply can be exported as an email with a To address. */
  emailable: z.boolean(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const exportedReplySchema = z.strictObject({
  id: idSchema,
  /** The file's name inside the chosen folder. */
  file: z.string(),
});
