import type { Migration } from '../migrate.node.ts';

/**
 * Writing-help practice: each attempt at a practice message keeps the reply (in the vault
 * only, like everything else) and its score, so progress (attempts, best scores, dates)
 * survives restarts. Practice messages ship with the app, so message_id names one of
 * them rather than a row here.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'practice',
  up(db) {
    db.exec(`
      CREATE TABLE practice_attempts (
        id              TEXT PRIMARY KEY,
        message_id      TEXT NOT NULL,
        reply           TEXT NOT NULL,
        total           INTEGER NOT NULL CHECK (total BETWEEN 0 AND 100),
        -- Per check: status, points and possible points (JSON), as scored when saved.
        checks          TEXT NOT NULL CHECK (json_valid(checks)),
        scoring_version INTEGER NOT NULL,
        attempted_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX practice_attempts_by_message ON practice_attempts (message_id, total DESC, attempted_at);
      CREATE INDEX practice_attempts_by_time ON practice_attempts (attempted_at DESC);
    `);
  },
};
