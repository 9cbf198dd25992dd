import type { Migration } from '../migrate.node.ts';

/**
 * Replies (draft → awaiting review → outbox → sent; at most one unsent reply per
 * message) and two times on each message that response-time and backlog figures need:
 * `first_response_at` (the first reply sent, or the first move to replied/awaiting
 * client) and `closed_at` (set on close, cleared on reopen).
 *
 * Messages closed before this version get the migration time as `closed_at`: they
 * were closed by then at the latest, and a NULL would count them as open for ever.
 * Their first response time is unknown and stays NULL.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'replies',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN first_response_at TEXT;
      ALTER TABLE messages ADD COLUMN closed_at TEXT;
      UPDATE messages SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE status = 'closed';
      CREATE INDEX messages_by_closed ON messages (closed_at) WHERE closed_at IS NOT NULL;

      CREATE TABLE replies (
        id              TEXT PRIMARY KEY,
        message_id      TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        body            TEXT NOT NULL,
        subject         TEXT,
        status          TEXT NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'awaiting_review', 'outbox', 'sent')),
        review_comments TEXT,
        -- The safety checklist as ticked when the reply was marked ready.
        checklist       TEXT CHECK (checklist IS NULL OR json_valid(checklist)),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        ready_at        TEXT,
        sent_at         TEXT,
        exported_at     TEXT,
        author          TEXT
      ) STRICT;
      -- One open (unsent) reply per message at a time.
      CREATE UNIQUE INDEX replies_one_open ON replies (message_id) WHERE status <> 'sent';
      CREATE INDEX replies_by_message ON replies (message_id, created_at);
      CREATE INDEX replies_outbox ON replies (ready_at, id) WHERE status = 'outbox';
    `);
  },
};
