import { z } from 'zod';
import { consentStatus, currentRecord, isInForce } from '../../../shared/domain/consent.std.ts';
import type { ReviewRequest } from '../../../shared/rpc/exchangeSchemas.std.ts';
import { consentsForClient } from '../consent/consentStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

/**
 * Supervision over the team exchange: a new colleague's replies awaiting review go
 * to a supervisor as `reply_for_review` entries; the supervisor's approvals and
 * returns come back as `review_decision` entries, which move the reply to the
 * outbox or back to draft (see replyService.applyReviewDecision).
 */
const isoTime = z.iso.datetime({ offset: true });

export const reviewRequestDocumentSchema = z.strictObject({
  kind: z.literal('reply_for_review'),
  version: z.literal(1),
  replyId: z.uuid(),
  clientLabel: z.string().min(1).max(200),
  message: z.strictObject({
    channel: z.string().max(40),
    receivedAt: isoTime,
    tier: z.string().max(20),
    subject: z.string().max(1000).nullable(),
    text: z.string().max(200_000),
  }),
  reply: z.strictObject({
    subject: z.string().max(1000).nullable(),
    body: z.string().max(200_000),
    author: z.string().max(200).nullable(),
  }),
});
export type ReviewRequestDocument = z.infer<typeof reviewRequestDocumentSchema>;

export const reviewDecisionDocumentSchema = z.strictObject({
  kind: z.literal('review_decision'),
  version: z.literal(1),
  replyId: z.uuid(),
  approved: z.boolean(),
  comments: z.string().max(5000).nullable(),
  decidedAt: isoTime,
});
export type ReviewDecisionDocument = z.infer<typeof reviewDecisionDocumentSchema>;

interface AwaitingRow {
  id: string;
  subject: string | null;
  body: string;
  author: string | null;
  client_id: string | null;
  client_name: string | null;
  channel: string;
  received_at: string;
  tier: string;
  message_subject: string | null;
  message_body: string;
}

/** Replies awaiting review, with the message they answer; only for clients with team-sharing consent. */
export function selectRepliesForReview(
  db: VaultDatabase,
  replyIds: readonly string[] | undefined,
  now: Date,
): {
  included: ReviewRequestDocument[];
  excluded: { replyId: string; reason: 'consent_missing' | 'consent_expired' | 'consent_withdrawn' }[];
} {
  const rows = db
    .prepare(
      `SELECT r.id, r.subject, r.body, r.author, m.client_id, c.display_name AS client_name, m.channel,
         m.received_at, m.tier, m.subject AS message_subject, m.body AS message_body
       FROM replies r JOIN messages m ON m.id = r.message_id LEFT JOIN clients c ON c.id = m.client_id
       WHERE r.status = 'awaiting_review' ORDER BY r.updated_at, r.id`,
    )
    .all() as AwaitingRow[];
  const wanted = replyIds === undefined ? null : new Set(replyIds);
  const included: ReviewRequestDocument[] = [];
  const excluded: { replyId: string; reason: 'consent_missing' | 'consent_expired' | 'consent_withdrawn' }[] =
    [];
  for (const row of rows) {
    if (wanted !== null && !wanted.has(row.id)) continue;
    const status =
      row.client_id === null
        ? 'missing'
        : consentStatus(currentRecord(consentsForClient(db, row.client_id), 'team_sharing'), now, 0);
    if (!isInForce(status)) {
      excluded.push({
        replyId: row.id,
        reason:
          status === 'withdrawn'
            ? 'consent_withdrawn'
            : status === 'expired'
              ? 'consent_expired'
              : 'consent_missing',
      });
      continue;
    }
    included.push({
      kind: 'reply_for_review',
      version: 1,
      replyId: row.id,
      clientLabel: row.client_name ?? 'Unknown client',
      message: {
        channel: row.channel,
        receivedAt: row.received_at,
        tier: row.tier,
        subject: row.message_subject,
        text: row.message_body,
      },
      reply: { subject: row.subject, body: row.body, author: row.author },
    });
  }
  return { included, excluded };
}

export function insertReviewRequest(
  db: VaultDatabase,
  row: {
    id: string;
    bundleId: string;
    signingKey: string;
    replyId: string;
    contentSha256: string;
    senderName: string;
    payload: string;
    receivedAt: string;
  },
): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO exchange_review_requests (id, bundle_id, signing_key, reply_id, content_sha256,
           sender_name, payload, received_at)
         VALUES (@id, @bundleId, @signingKey, @replyId, @contentSha256, @senderName, @payload, @receivedAt)`,
      )
      .run(row).changes === 1
  );
}

interface RequestRow {
  id: string;
  sender_name: string;
  payload: string;
  received_at: string;
  decision: 'approved' | 'returned' | null;
  comments: string | null;
  decided_at: string | null;
  decision_exported_at: string | null;
}

function toRequest(row: RequestRow): ReviewRequest {
  const document = JSON.parse(row.payload) as ReviewRequestDocument;
  return {
    id: row.id,
    senderName: row.sender_name,
    replyId: document.replyId,
    clientLabel: document.clientLabel,
    message: document.message,
    reply: document.reply,
    receivedAt: row.received_at,
    decision: row.decision,
    comments: row.comments,
    decidedAt: row.decided_at,
    decisionSentAt: row.decision_exported_at,
  };
}

export function listReviewRequests(db: VaultDatabase): ReviewRequest[] {
  return (
    db.prepare('SELECT * FROM exchange_review_requests ORDER BY received_at DESC, id').all() as RequestRow[]
  ).map(toRequest);
}

export function getReviewRequest(db: VaultDatabase, id: string): ReviewRequest | undefined {
  const row = db.prepare('SELECT * FROM exchange_review_requests WHERE id = ?').get(id) as
    RequestRow | undefined;
  return row === undefined ? undefined : toRequest(row);
}

export function recordDecision(
  db: VaultDatabase,
  id: string,
  decision: 'approved' | 'returned',
  comments: string | null,
  at: string,
): void {
  db.prepare(
    'UPDATE exchange_review_requests SET decision = ?, comments = ?, decided_at = ? WHERE id = ?',
  ).run(decision, comments, at, id);
}

/** Decisions taken here and not yet sent back, grouped by the colleague who asked. */
export function unsentDecisions(
  db: VaultDatabase,
): { id: string; signingKey: string; document: ReviewDecisionDocument }[] {
  const rows = db
    .prepare(
      `SELECT id, signing_key, payload, decision, comments, decided_at FROM exchange_review_requests
       WHERE decision IS NOT NULL AND decision_exported_at IS NULL ORDER BY decided_at, id`,
    )
    .all() as {
    id: string;
    signing_key: string;
    payload: string;
    decision: string;
    comments: string | null;
    decided_at: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    signingKey: row.signing_key,
    document: {
      kind: 'review_decision',
      version: 1,
      replyId: (JSON.parse(row.payload) as ReviewRequestDocument).replyId,
      approved: row.decision === 'approved',
      comments: row.comments,
      decidedAt: row.decided_at,
    },
  }));
}

export function markDecisionsSent(db: VaultDatabase, ids: readonly string[], at: string): void {
  const update = db.prepare('UPDATE exchange_review_requests SET decision_exported_at = ? WHERE id = ?');
  for (const id of ids) update.run(at, id);
}
