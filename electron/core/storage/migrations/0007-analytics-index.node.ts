import type { Migration } from '../migrate.node.ts';

/**
 * Analytics reads every message received in a period, but only a few narrow columns; the
 * rows themselves carry the message text. An index on the arrival time holding those
 * columns lets a period be answered from the index alone, without reading any text.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'analytics-index',
  up(db) {
    db.exec(`
      CREATE INDEX messages_by_received
        ON messages (received_at, tier, channel, due_at, first_response_at, closed_at, id);
    `);
  },
};
