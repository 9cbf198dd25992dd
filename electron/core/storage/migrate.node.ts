import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { VaultDatabase } from './database.node.ts';
import { migration0001 } from './migrations/0001-initial.node.ts';
import { migration0002 } from './migrations/0002-records.node.ts';
import { migration0003 } from './migrations/0003-messages.node.ts';
import { migration0004 } from './migrations/0004-replies.node.ts';
import { migration0005 } from './migrations/0005-exchange.node.ts';
import { migration0006 } from './migrations/0006-practice.node.ts';
import { migration0007 } from './migrations/0007-analytics-index.node.ts';
import { migration0008 } from './migrations/0008-queue-indexes.node.ts';
import { migration0009 } from './migrations/0009-import-staging.node.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: VaultDatabase): void;
}

/** In order; a migration is never edited once released, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
];

export function schemaVersion(db: VaultDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date, one transaction per migration (schema change and
 * version bump commit together, so a crash leaves the previous version intact).
 * A database from a newer app is refused before anything is written.
 */
export function migrate(
  db: VaultDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new RpcError({
      code: 'VAULT_TOO_NEW',
      message: `The vault has schema version ${from}; this app knows up to ${latest}.`,
    });
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
