/**
 * Storage for replies. SQL only; the rules (who may move a reply where, the safety
 * checklist, auditing) live in replyService.node.ts.
 */
import type { ReplyStatus } from '../../../shared/rpc/replySchemas.std.ts';
import type { Category, CssrsLevel, Tier } from '../../../shared/triage/rulesSchema.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

export interface ReplyRow {
  id: string;
  message_id: string;
  body: string;
  subject: string | null;
  status: ReplyStatus;
  review_comments: string | null;
  checklist: string | null;
  created_at: string;
  updated_at: string;
  ready_at: string | null;
  sent_at: string | null;
  exported_at: string | null;
  author: string | null;
}

export function getReply(db: VaultDatabase, id: string): ReplyRow | undefined {
  return db.prepare('SELECT * FROM replies WHERE id = ?').get(id) as ReplyRow | undefined;
}

/** The message's unsent reply (at most one, by a unique index). */
export function openReplyFor(db: VaultDatabase, messageId: string): ReplyRow | undefined {
  return db.prepare("SELECT * FROM replies WHERE message_id = ? AND status <> 'sent'").get(messageId) as
    ReplyRow | undefined;
}

export function lastSentReplyFor(db: VaultDatabase, messageId: string): ReplyRow | undefined {
  return db
    .prepare(
      "SELECT * FROM replies WHERE message_id = ? AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1",
    )
    .get(messageId) as ReplyRow | undefined;
}

export function insertReply(
  db: VaultDatabase,
  row: Pick<ReplyRow, 'id' | 'message_id' | 'body' | 'subject' | 'author' | 'created_at'>,
): void {
  db.prepare(
    `INSERT INTO replies (id, message_id, body, subject, status, created_at, updated_at, author)
     VALUES (@id, @message_id, @body, @subject, 'draft', @created_at, @created_at, @author)`,
  ).run(row);
}

/** The autosave: one statement, only while the reply is a draft. Returns whether a row changed. */
export function updateDraftText(
  db: VaultDatabase,
  id: string,
  text: { body: string; subject?: string | null | undefined },
  at: string,
): boolean {
  return (
    db
      .prepare(
        `UPDATE replies SET body = @body,
           subject = CASE WHEN @set_subject THEN @subject ELSE subject END,
           updated_at = @at
         WHERE id = @id AND status = 'draft'`,
      )
      .run({
        id,
        body: text.body,
        set_subject: text.subject === undefined ? 0 : 1,
        subject: text.subject ?? null,
        at,
      }).changes === 1
  );
}

export function setReplyStatus(
  db: VaultDatabase,
  id: string,
  change: {
    status: ReplyStatus;
    at: string;
    readyAt?: string | null;
    sentAt?: string | null;
    checklist?: string | null;
    reviewComments?: string | null;
  },
): void {
  db.prepare(
    `UPDATE replies SET status = @status, updated_at = @at,
       ready_at = CASE WHEN @set_ready THEN @ready_at ELSE ready_at END,
       sent_at = CASE WHEN @set_sent THEN @sent_at ELSE sent_at END,
       checklist = CASE WHEN @set_checklist THEN @checklist ELSE checklist END,
       review_comments = CASE WHEN @set_comments THEN @review_comments ELSE review_comments END
     WHERE id = @id`,
  ).run({
    id,
    status: change.status,
    at: change.at,
    set_ready: change.readyAt === undefined ? 0 : 1,
    ready_at: change.readyAt ?? null,
    set_sent: change.sentAt === undefined ? 0 : 1,
    sent_at: change.sentAt ?? null,
    set_checklist: change.checklist === undefined ? 0 : 1,
    checklist: change.checklist ?? null,
    set_comments: change.reviewComments === undefined ? 0 : 1,
    review_comments: change.reviewComments ?? null,
  });
}

export function markExported(db: VaultDatabase, id: string, at: string): void {
  db.prepare('UPDATE replies SET exported_at = ? WHERE id = ?').run(at, id);
}

export function deleteReply(db: VaultDatabase, id: string): void {
  db.prepare('DELETE FROM replies WHERE id = ?').run(id);
}

/** The message facts a reply needs: where it goes, what it answers, how risky it was. */
export interface ReplyMessageRow {
  id: string;
  channel: string;
  sender: string | null;
  sender_name: string | null;
  subject: string | null;
  source_id: string | null;
  in_reply_to: string | null;
  thread_key: string | null;
  client_id: string | null;
  client_name: string | null;
  status: string;
  tier: Tier;
  /** The latest triage result's JSON (categories, cssrs_level), if any. */
  triage: string | null;
}

export function replyMessage(db: VaultDatabase, messageId: string): ReplyMessageRow | undefined {
  return db
    .prepare(
      `SELECT m.id, m.channel, m.sender, m.sender_name, m.subject, m.source_id, m.in_reply_to, m.thread_key,
         m.client_id, c.display_name AS client_name, m.status, m.tier,
         (SELECT t.result FROM message_triage t WHERE t.message_id = m.id ORDER BY t.id DESC LIMIT 1) AS triage
       FROM messages m LEFT JOIN clients c ON c.id = m.client_id
       WHERE m.id = ?`,
    )
    .get(messageId) as ReplyMessageRow | undefined;
}

export interface TriageFacts {
  tier: Tier;
  categories: Category[];
  cssrs_level: CssrsLevel | null;
}

export function outboxRows(db: VaultDatabase): ReplyRow[] {
  return db
    .prepare("SELECT * FROM replies WHERE status = 'outbox' ORDER BY ready_at, id")
    .all() as ReplyRow[];
}
