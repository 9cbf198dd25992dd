import type Database from 'better-sqlite3-multiple-ciphers';
import type { VaultDatabase } from './database.node.ts';

const preparedStatements = new WeakMap<VaultDatabase, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on this connection, compiled on first use and reused after:
 * for statements that run once per imported item (10k emails would otherwise compile
 * tens of thousands). Forgotten with the connection.
 */
export function prepared(db: VaultDatabase, sql: string): Database.Statement {
  let statements = preparedStatements.get(db);
  if (statements === undefined) {
    statements = new Map();
    preparedStatements.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
