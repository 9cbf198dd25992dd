import type { Migration } from '../migrate.node.ts';

/**
 * Incoming messages and the queue: each message keeps every triage result it was given
 * (with the rules version), a practitioner's tier override survives re-triage, and each
 * import keeps its report.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'messages',
  up(db) {
    db.exec(`
      CREATE TABLE message_imports (
        id          TEXT PRIMARY KEY,
        file_name   TEXT NOT NULL,
        format      TEXT,
        imported_at TEXT NOT NULL,
        imported    INTEGER NOT NULL,
        duplicates  INTEGER NOT NULL,
        rejected    INTEGER NOT NULL,
        report      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE messages (
        id            TEXT PRIMARY KEY,
        source_id     TEXT,
        channel       TEXT NOT NULL,
        sender        TEXT,
        sender_name   TEXT,
        subject       TEXT,
        body          TEXT NOT NULL,
        received_at   TEXT NOT NULL,
        imported_at   TEXT NOT NULL,
        thread_key    TEXT,
        in_reply_to   TEXT,
        content_hash  TEXT NOT NULL,
        client_id     TEXT REFERENCES clients (id) ON DELETE CASCADE,
        import_id     TEXT REFERENCES message_imports (id) ON DELETE SET NULL,
        status        TEXT NOT NULL DEFAULT 'new'
                      CHECK (status IN ('new', 'claimed', 'replied', 'awaiting_client', 'closed', 'snoozed')),
        assignee      TEXT,
        snoozed_until TEXT,
        -- The tier that orders the queue: the override if there is one, else the latest triage.
        tier          TEXT NOT NULL CHECK (tier IN ('crisis', 'urgent', 'priority', 'routine', 'none')),
        score         INTEGER NOT NULL,
        due_at        TEXT NOT NULL,
        -- The tier's rank, raised by one for each overdue step so nothing waits unseen.
        queue_rank    INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX messages_by_source ON messages (channel, source_id) WHERE source_id IS NOT NULL;
      CREATE INDEX messages_by_hash ON messages (content_hash);
      CREATE INDEX messages_queue ON messages (queue_rank DESC, due_at, id) WHERE status <> 'closed';
      CREATE INDEX messages_overdue ON messages (due_at) WHERE status IN ('new', 'claimed');
      CREATE INDEX messages_by_client ON messages (client_id, received_at);
      CREATE INDEX messages_by_thread ON messages (thread_key, received_at);

      CREATE TABLE message_triage (
        id            INTEGER PRIMARY KEY,
        message_id    TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        rules_version TEXT NOT NULL,
        tier          TEXT NOT NULL,
        score         INTEGER NOT NULL,
        result        TEXT NOT NULL,
        triaged_at    TEXT NOT NULL,
        UNIQUE (message_id, rules_version)
      ) STRICT;

      CREATE TABLE tier_overrides (
        message_id    TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        tier          TEXT NOT NULL CHECK (tier IN ('crisis', 'urgent', 'priority', 'routine', 'none')),
        reason        TEXT NOT NULL,
        overridden_by TEXT,
        overridden_at TEXT NOT NULL
      ) STRICT;

      -- Column mappings remembered per CSV header signature.
      CREATE TABLE csv_mappings (
        signature  TEXT PRIMARY KEY,
        mapping    TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
