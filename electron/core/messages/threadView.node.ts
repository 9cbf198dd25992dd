/** The other messages of a conversation, for reading a message in its context. */
import type { VaultDatabase } from '../storage/database.node.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import type { MessageStatus } from './messageStore.node.ts';

/** A long conversation shows its most recent messages; the rest stay in the queue. */
export const THREAD_LIMIT = 20;
const PREVIEW_CHARS = 160;

export interface ThreadEntry {
  id: string;
  receivedAt: string;
  sender: string | null;
  tier: Tier;
  status: MessageStatus;
  preview: string;
}

export function threadOf(db: VaultDatabase, messageId: string, threadKey: string | null): ThreadEntry[] {
  if (threadKey === null) return [];
  const rows = db
    .prepare(
      `SELECT id, received_at, COALESCE(sender_name, sender) AS sender, tier, status,
         substr(body, 1, ${PREVIEW_CHARS}) AS preview
       FROM messages WHERE thread_key = ? AND id <> ?
       ORDER BY received_at DESC LIMIT ${THREAD_LIMIT}`,
    )
    .all(threadKey, messageId) as {
    id: string;
    received_at: string;
    sender: string | null;
    tier: Tier;
    status: MessageStatus;
    preview: string;
  }[];
  return rows.reverse().map((row) => ({
    id: row.id,
    receivedAt: row.received_at,
    sender: row.sender,
    tier: row.tier,
    status: row.status,
    preview: row.preview.replace(/\s+/g, ' '),
  }));
}
