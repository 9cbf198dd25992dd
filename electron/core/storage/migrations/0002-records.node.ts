import type { Migration } from '../migrate.node.ts';

/** Clients, consent templates and records, session notes with addenda, tasks, and the search index. */
export const migration0002: Migration = {
  version: 2,
  name: 'records',
  up(db) {
    db.exec(`
      CREATE TABLE clients (
        id                    TEXT PRIMARY KEY,
        display_name          TEXT NOT NULL,
        pseudonymous          INTEGER NOT NULL,
        legal_name            TEXT,
        channels              TEXT NOT NULL DEFAULT '[]',
        capability            TEXT CHECK (capability IN ('high', 'low')),
        complexity            TEXT CHECK (complexity IN ('high', 'low')),
        readiness_notes       TEXT NOT NULL DEFAULT '',
        assigned_practitioner TEXT,
        status                TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
        tags                  TEXT NOT NULL DEFAULT '[]',
        created_at            TEXT NOT NULL,
        updated_at            TEXT NOT NULL,
        last_activity_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX clients_by_status ON clients (status, display_name);

      CREATE TABLE consent_templates (
        id         TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,
        version    INTEGER NOT NULL,
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        checklist  TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (kind, version)
      ) STRICT;

      CREATE TABLE consent_records (
        id                TEXT PRIMARY KEY,
        client_id         TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        template_id       TEXT NOT NULL REFERENCES consent_templates (id),
        kind              TEXT NOT NULL,
        modalities        TEXT NOT NULL,
        given_at          TEXT NOT NULL,
        method            TEXT NOT NULL,
        explained         TEXT NOT NULL,
        expires_at        TEXT,
        withdrawn_at      TEXT,
        withdrawal_reason TEXT,
        evidence          BLOB,
        evidence_name     TEXT,
        evidence_sha256   TEXT,
        created_at        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX consent_records_by_client ON consent_records (client_id, kind, given_at);

      CREATE TABLE note_templates (
        key        TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        sections   TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE session_notes (
        id               TEXT PRIMARY KEY,
        client_id        TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        template_key     TEXT NOT NULL,
        modality         TEXT NOT NULL,
        synchronous      INTEGER NOT NULL,
        session_at       TEXT NOT NULL,
        duration_minutes INTEGER,
        content          TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
        consent_override TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        signed_at        TEXT,
        signed_by        TEXT,
        content_hash     TEXT,
        cosigned_at      TEXT,
        cosigned_by      TEXT
      ) STRICT;
      CREATE INDEX session_notes_by_client ON session_notes (client_id, session_at);

      -- A signed note is part of the record: only the co-signature may still be added.
      CREATE TRIGGER session_notes_signed_are_final BEFORE UPDATE ON session_notes
        WHEN OLD.status = 'signed' AND (
          NEW.content IS NOT OLD.content OR NEW.status IS NOT OLD.status OR
          NEW.template_key IS NOT OLD.template_key OR NEW.modality IS NOT OLD.modality OR
          NEW.session_at IS NOT OLD.session_at OR NEW.duration_minutes IS NOT OLD.duration_minutes OR
          NEW.signed_at IS NOT OLD.signed_at OR NEW.content_hash IS NOT OLD.content_hash OR
          NEW.client_id IS NOT OLD.client_id)
        BEGIN SELECT RAISE(ABORT, 'signed notes are final'); END;

      CREATE TABLE note_addenda (
        id           TEXT PRIMARY KEY,
        note_id      TEXT NOT NULL REFERENCES session_notes (id) ON DELETE CASCADE,
        text         TEXT NOT NULL,
        author       TEXT,
        created_at   TEXT NOT NULL,
        content_hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX note_addenda_by_note ON note_addenda (note_id, created_at);

      CREATE TABLE tasks (
        id         TEXT PRIMARY KEY,
        client_id  TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        note_id    TEXT REFERENCES session_notes (id) ON DELETE CASCADE,
        title      TEXT NOT NULL,
        due_on     TEXT NOT NULL,
        done_at    TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tasks_by_due ON tasks (done_at, due_on);

      -- What each full-text row belongs to; its id is the row's rowid in search_index.
      CREATE TABLE search_refs (
        id        INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL,
        ref_id    TEXT NOT NULL,
        client_id TEXT,
        UNIQUE (kind, ref_id)
      ) STRICT;
      CREATE INDEX search_refs_by_client ON search_refs (client_id);
      CREATE VIRTUAL TABLE search_index USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');
      -- Erased text must leave the index's own pages too, not only the rows.
      INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
    `);
  },
};
