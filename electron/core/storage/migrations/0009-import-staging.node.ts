import type { Migration } from '../migrate.node.ts';

/**
 * Where a big file's messages wait, already read and triaged, until the file's one
 * transaction moves them into the queue (see messages/importStaging.node.ts): importing
 * a 1 GB mailbox then holds a few megabytes of it in memory, not all of it.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'import-staging',
  up(db) {
    db.exec(`
      CREATE TABLE message_import_staging (
        import_key TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        item       TEXT NOT NULL,
        PRIMARY KEY (import_key, seq)
      ) STRICT;
    `);
  },
};
