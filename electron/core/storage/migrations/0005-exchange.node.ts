import type { Migration } from '../migrate.node.ts';

/**
 * Team exchange: this vault's own keys (the secrets never leave the encrypted
 * database), the team directory, and what came in from colleagues. Imported
 * summaries are the sender's record, so they are read-only here; a bundle id is
 * kept so the same bundle imported twice changes nothing.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'exchange',
  up(db) {
    db.exec(`
      CREATE TABLE exchange_identity (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        display_name    TEXT NOT NULL,
        role            TEXT NOT NULL CHECK (role IN ('practitioner', 'supervisor')),
        age_secret      TEXT NOT NULL,
        age_recipient   TEXT NOT NULL,
        signing_secret  TEXT NOT NULL,
        signing_key     TEXT NOT NULL,
        -- Keys the stable aliases of pseudonymised summaries; never exported.
        pseudonym_key   TEXT NOT NULL,
        created_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE exchange_members (
        id            TEXT PRIMARY KEY,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('practitioner', 'supervisor')),
        age_recipient TEXT NOT NULL UNIQUE,
        signing_key   TEXT NOT NULL UNIQUE,
        fingerprint   TEXT NOT NULL,
        -- Set once the fingerprint was compared in person.
        verified_at   TEXT,
        added_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE exchange_bundles (
        bundle_id       TEXT PRIMARY KEY,
        manifest_sha256 TEXT NOT NULL,
        sender_name     TEXT NOT NULL,
        sender_role     TEXT NOT NULL,
        signing_key     TEXT NOT NULL,
        -- How the signer stood in the directory when the bundle was accepted.
        signer_status   TEXT NOT NULL CHECK (signer_status IN ('verified', 'unverified', 'unknown')),
        created_at      TEXT NOT NULL,
        imported_at     TEXT NOT NULL,
        entries         INTEGER NOT NULL,
        contents        TEXT NOT NULL
      ) STRICT;

      CREATE TABLE exchange_summaries (
        id             TEXT PRIMARY KEY,
        bundle_id      TEXT NOT NULL REFERENCES exchange_bundles (bundle_id) ON DELETE CASCADE,
        signing_key    TEXT NOT NULL,
        summary_id     TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        client_ref     TEXT NOT NULL,
        client_label   TEXT NOT NULL,
        pseudonymised  INTEGER NOT NULL,
        session_at     TEXT NOT NULL,
        payload        TEXT NOT NULL,
        markdown       TEXT NOT NULL,
        imported_at    TEXT NOT NULL,
        UNIQUE (signing_key, summary_id, content_sha256)
      ) STRICT;
      CREATE INDEX exchange_summaries_by_session ON exchange_summaries (session_at DESC, id);
      CREATE INDEX exchange_summaries_by_bundle ON exchange_summaries (bundle_id);

      CREATE TRIGGER exchange_summaries_read_only BEFORE UPDATE ON exchange_summaries
        BEGIN SELECT RAISE(ABORT, 'imported summaries are read-only'); END;

      -- Supervision, on the supervisor's side: replies colleagues sent for review, and the
      -- decision taken here until it is sent back in a bundle.
      CREATE TABLE exchange_review_requests (
        id                   TEXT PRIMARY KEY,
        bundle_id            TEXT NOT NULL REFERENCES exchange_bundles (bundle_id) ON DELETE CASCADE,
        signing_key          TEXT NOT NULL,
        reply_id             TEXT NOT NULL,
        content_sha256       TEXT NOT NULL,
        sender_name          TEXT NOT NULL,
        payload              TEXT NOT NULL,
        received_at          TEXT NOT NULL,
        decision             TEXT CHECK (decision IN ('approved', 'returned')),
        comments             TEXT,
        decided_at           TEXT,
        decision_exported_at TEXT,
        UNIQUE (signing_key, reply_id, content_sha256)
      ) STRICT;
      CREATE INDEX exchange_review_requests_open ON exchange_review_requests (decision_exported_at, received_at);
    `);
  },
};
