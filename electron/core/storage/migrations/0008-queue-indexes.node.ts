import type { Migration } from '../migrate.node.ts';

/**
 * Opening the queue counts the open messages by tier, wakes snoozed messages whose time
 * has come and ages overdue ones. Done on the table itself, each of those reads every
 * candidate row with its text; these narrow partial indexes hold what each one needs,
 * so they cost in proportion to the index, not to the messages' text.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'queue-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX messages_open_counts
        ON messages (tier, channel, status, assignee, client_id, due_at) WHERE status <> 'closed';
      CREATE INDEX messages_snoozed ON messages (snoozed_until) WHERE status = 'snoozed';
      DROP INDEX messages_overdue;
      CREATE INDEX messages_overdue ON messages (due_at, tier, queue_rank) WHERE status IN ('new', 'claimed');
    `);
  },
};
