/**
 * Storage for incoming messages: rows, their triage history, practitioners' tier
 * overrides and the queue order. SQL only; rules live in messageService.node.ts.
 */
import { randomUUID } from 'node:crypto';
import { timeOrderedId } from '../storage/timeOrderedId.node.ts';
import { TIER_RANK } from '../../../shared/domain/responseTargets.std.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import type { ImportedMessage } from './import/importedMessage.node.ts';
import type { StoredTriage } from './compactTriage.node.ts';
import { MESSAGE_STATUSES } from '../../../shared/rpc/messageSchemas.std.ts';
import { prepared } from '../storage/preparedStatement.node.ts';

export { MESSAGE_STATUSES };
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface MessageRow {
  id: string;
  source_id: string | null;
  channel: string;
  sender: string | null;
  sender_name: string | null;
  subject: string | null;
  body: string;
  received_at: string;
  imported_at: string;
  thread_key: string | null;
  in_reply_to: string | null;
  content_hash: string;
  client_id: string | null;
  import_id: string | null;
  status: MessageStatus;
  assignee: string | null;
  snoozed_until: string | null;
  tier: Tier;
  score: number;
  due_at: string;
  queue_rank: number;
}

const FIND_BY_SOURCE = 'SELECT id FROM messages WHERE channel = ? AND source_id = ?';
const FIND_BY_HASH = 'SELECT id FROM messages WHERE content_hash = ? LIMIT 1';
const INSERT_MESSAGE = `INSERT INTO messages (id, source_id, channel, sender, sender_name, subject, body, received_at, imported_at,
       thread_key, in_reply_to, content_hash, client_id, import_id, tier, score, due_at, queue_rank)
     VALUES (@id, @source_id, @channel, @sender, @sender_name, @subject, @body, @received_at, @imported_at,
       @thread_key, @in_reply_to, @content_hash, @client_id, @import_id, @tier, @score, @due_at, @queue_rank)`;
const RECORD_TRIAGE = `INSERT INTO message_triage (message_id, rules_version, tier, score, result, triaged_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (message_id, rules_version) DO UPDATE SET
       tier = excluded.tier, score = excluded.score, result = excluded.result, triaged_at = excluded.triaged_at`;

/**
 * Changes to the vault seen by this connection, its own and other connections': two equal
 * stamps mean no row was written between them.
 */
export function writeStamp(db: VaultDatabase): string {
  const otherConnections = db.pragma('data_version', { simple: true }) as number;
  const thisConnection = prepared(db, 'SELECT total_changes()').pluck().get() as number;
  return `${otherConnections}:${thisConnection}`;
}

/** The id the message already has here, if the same message was imported before. */
export function findDuplicate(db: VaultDatabase, message: ImportedMessage): string | null {
  if (message.sourceId !== null) {
    const bySource = prepared(db, FIND_BY_SOURCE).pluck().get(message.channel, message.sourceId) as
      string | undefined;
    if (bySource !== undefined) return bySource;
  }
  const byHash = prepared(db, FIND_BY_HASH).pluck().get(message.contentHash) as string | undefined;
  return byHash ?? null;
}

export interface NewMessage {
  message: ImportedMessage;
  receivedAt: string;
  importedAt: string;
  clientId: string | null;
  importId: string | null;
  triage: StoredTriage;
  dueAt: string;
}

export function insertMessage(db: VaultDatabase, row: NewMessage): string {
  // Time-ordered ids append to the id indexes instead of landing at random places in
  // them, so a big import touches a few index pages rather than most of them.
  const id = timeOrderedId();
  const { message, triage } = row;
  prepared(db, INSERT_MESSAGE).run({
    id,
    source_id: message.sourceId,
    channel: message.channel,
    sender: message.from,
    sender_name: message.fromName,
    subject: message.subject,
    body: message.text,
    received_at: row.receivedAt,
    imported_at: row.importedAt,
    thread_key: message.threadKey,
    in_reply_to: message.inReplyTo,
    content_hash: message.contentHash,
    client_id: row.clientId,
    import_id: row.importId,
    tier: triage.tier,
    score: triage.score,
    due_at: row.dueAt,
    queue_rank: TIER_RANK[triage.tier],
  });
  recordTriage(db, id, triage, row.importedAt);
  return id;
}

/**
 * Keeps a triage result of the message's stored body (compact: see compactTriage.node.ts).
 * A second result from the same rules version replaces the first.
 */
export function recordTriage(db: VaultDatabase, messageId: string, triage: StoredTriage, at: string): void {
  prepared(db, RECORD_TRIAGE).run(messageId, triage.rulesVersion, triage.tier, triage.score, triage.json, at);
}

export function getMessage(db: VaultDatabase, id: string): MessageRow | undefined {
  return prepared(db, 'SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
}

export interface TriageHistoryRow {
  rules_version: string;
  tier: Tier;
  score: number;
  result: string;
  triaged_at: string;
}

export function triageHistory(db: VaultDatabase, messageId: string): TriageHistoryRow[] {
  return prepared(
    db,
    'SELECT rules_version, tier, score, result, triaged_at FROM message_triage WHERE message_id = ? ORDER BY id',
  ).all(messageId) as TriageHistoryRow[];
}

export interface OverrideRow {
  tier: Tier;
  reason: string;
  overridden_by: string | null;
  overridden_at: string;
}

export function getOverride(db: VaultDatabase, messageId: string): OverrideRow | undefined {
  return db
    .prepare('SELECT tier, reason, overridden_by, overridden_at FROM tier_overrides WHERE message_id = ?')
    .get(messageId) as OverrideRow | undefined;
}

export function saveOverride(db: VaultDatabase, messageId: string, override: OverrideRow): void {
  db.prepare(
    `INSERT INTO tier_overrides (message_id, tier, reason, overridden_by, overridden_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (message_id) DO UPDATE SET tier = excluded.tier, reason = excluded.reason,
       overridden_by = excluded.overridden_by, overridden_at = excluded.overridden_at`,
  ).run(messageId, override.tier, override.reason, override.overridden_by, override.overridden_at);
}

export function setEffectiveTier(
  db: VaultDatabase,
  id: string,
  tier: Tier,
  score: number,
  dueAt: string,
): void {
  prepared(db, 'UPDATE messages SET tier = ?, score = ?, due_at = ?, queue_rank = ? WHERE id = ?').run(
    tier,
    score,
    dueAt,
    TIER_RANK[tier],
    id,
  );
}

export function setStatus(
  db: VaultDatabase,
  id: string,
  status: MessageStatus,
  extra: { assignee?: string | null | undefined; snoozedUntil?: string | null | undefined },
  /** When the change happens: closing sets closed_at, reopening clears it, a first reply sets first_response_at. */
  at: string = new Date().toISOString(),
): void {
  db.prepare(
    `UPDATE messages SET status = @status,
       assignee = CASE WHEN @set_assignee THEN @assignee ELSE assignee END,
       snoozed_until = @snoozed_until,
       closed_at = CASE WHEN @status <> 'closed' THEN NULL
         WHEN status = 'closed' AND closed_at IS NOT NULL THEN closed_at ELSE @at END,
       first_response_at = CASE WHEN @status IN ('replied', 'awaiting_client') AND first_response_at IS NULL
         THEN @at ELSE first_response_at END
     WHERE id = @id`,
  ).run({
    id,
    status,
    set_assignee: extra.assignee === undefined ? 0 : 1,
    assignee: extra.assignee ?? null,
    snoozed_until: extra.snoozedUntil ?? null,
    at,
  });
}

/**
 * Ageing: a message still waiting past its due time moves up one rank, so it sorts with
 * the tier above; it keeps its own tier and due time. Only crisis messages sort with
 * crisis: ageing stops at urgent. Snoozes that have ended wake up.
 */
export function ageQueue(db: VaultDatabase, now: string): number {
  const woken = db
    .prepare(
      "UPDATE messages SET status = 'new', snoozed_until = NULL WHERE status = 'snoozed' AND snoozed_until <= ?",
    )
    .run(now).changes;
  const aged = db
    .prepare(
      `UPDATE messages SET queue_rank = MIN(queue_rank + 1, 3)
       WHERE status IN ('new', 'claimed') AND due_at <= ? AND queue_rank = CASE tier
         WHEN 'crisis' THEN 4 WHEN 'urgent' THEN 3 WHEN 'priority' THEN 2 WHEN 'routine' THEN 1 ELSE 0 END
         AND tier NOT IN ('none', 'crisis')`,
    )
    .run(now).changes;
  return woken + aged;
}

export interface QueueFilter {
  tiers?: readonly Tier[] | undefined;
  channels?: readonly string[] | undefined;
  statuses?: readonly MessageStatus[] | undefined;
  assignee?: string | undefined;
  clientId?: string | undefined;
}

export interface QueueRow extends Omit<MessageRow, 'body'> {
  preview: string;
  client_name: string | null;
}

/** The queue in order: rank (tier, raised by ageing), then due time. Closed messages are left out. */
/** The WHERE clause and its parameters for the open messages a filter selects. */
function queueWhere(filter: QueueFilter): { where: string[]; params: Record<string, unknown> } {
  const where = ["m.status <> 'closed'"];
  const params: Record<string, unknown> = {};
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (values === undefined || values.length === 0) return;
    where.push(`${column} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
    values.forEach((value, i) => (params[`${name}${i}`] = value));
  };
  inList('m.tier', 'tier', filter.tiers);
  inList('m.channel', 'channel', filter.channels);
  inList('m.status', 'status', filter.statuses);
  if (filter.assignee !== undefined) {
    where.push('m.assignee = @assignee');
    params.assignee = filter.assignee;
  }
  if (filter.clientId !== undefined) {
    where.push('m.client_id = @client_id');
    params.client_id = filter.clientId;
  }
  return { where, params };
}

export function queuePage(
  db: VaultDatabase,
  filter: QueueFilter,
  page: { limit: number; after?: { queueRank: number; dueAt: string; id: string } | undefined },
): QueueRow[] {
  const { where, params } = queueWhere(filter);
  params.limit = page.limit;
  if (page.after !== undefined) {
    where.push(
      '(m.queue_rank < @after_rank OR (m.queue_rank = @after_rank AND (m.due_at > @after_due OR (m.due_at = @after_due AND m.id > @after_id))))',
    );
    params.after_rank = page.after.queueRank;
    params.after_due = page.after.dueAt;
    params.after_id = page.after.id;
  }
  return db
    .prepare(
      `SELECT m.id, m.source_id, m.channel, m.sender, m.sender_name, m.subject, substr(m.body, 1, 280) AS preview,
         m.received_at, m.imported_at, m.thread_key, m.in_reply_to, m.content_hash, m.client_id, m.import_id,
         m.status, m.assignee, m.snoozed_until, m.tier, m.score, m.due_at, m.queue_rank, c.display_name AS client_name
       FROM messages m INDEXED BY messages_queue LEFT JOIN clients c ON c.id = m.client_id
       WHERE ${where.join(' AND ')}
       ORDER BY m.queue_rank DESC, m.due_at, m.id
       LIMIT @limit`,
    )
    .all(params) as QueueRow[];
}

export interface QueueCounts {
  total: number;
  overdue: number;
  byTier: Record<Tier, number>;
}

/** How many open messages a filter selects, by tier, and how many of them are past due. */
export function queueCounts(db: VaultDatabase, filter: QueueFilter, now: string): QueueCounts {
  const { where, params } = queueWhere(filter);
  params.now = now;
  const rows = db
    .prepare(
      `SELECT m.tier, COUNT(*) AS count,
         SUM(m.due_at <= @now AND m.status IN ('new', 'claimed')) AS overdue
       FROM messages m WHERE ${where.join(' AND ')} GROUP BY m.tier`,
    )
    .all(params) as { tier: Tier; count: number; overdue: number }[];
  const counts: QueueCounts = {
    total: 0,
    overdue: 0,
    byTier: { crisis: 0, urgent: 0, priority: 0, routine: 0, none: 0 },
  };
  for (const row of rows) {
    counts.byTier[row.tier] = row.count;
    counts.total += row.count;
    counts.overdue += row.overdue;
  }
  return counts;
}

export function createImportRecord(
  db: VaultDatabase,
  record: { fileName: string; format: string | null; at: string },
): string {
  const id = randomUUID();
  db.prepare(
    `INSERT INTO message_imports (id, file_name, format, imported_at, imported, duplicates, rejected, report)
     VALUES (?, ?, ?, ?, 0, 0, 0, '{}')`,
  ).run(id, record.fileName, record.format, record.at);
  return id;
}

export function finishImportRecord(
  db: VaultDatabase,
  id: string,
  totals: { imported: number; duplicates: number; rejected: number; report: unknown },
): void {
  db.prepare(
    'UPDATE message_imports SET imported = ?, duplicates = ?, rejected = ?, report = ? WHERE id = ?',
  ).run(totals.imported, totals.duplicates, totals.rejected, JSON.stringify(totals.report), id);
}
