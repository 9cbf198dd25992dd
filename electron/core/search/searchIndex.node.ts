import type { VaultDatabase } from '../storage/database.node.ts';

export type SearchKind = 'note' | 'client' | 'message';

export interface SearchDocument {
  kind: SearchKind;
  refId: string;
  clientId: string | null;
  title: string;
  body: string;
}

export interface SearchHit {
  kind: SearchKind;
  refId: string;
  clientId: string | null;
  title: string;
  snippet: string;
}

/**
 * Replaces a document's entry, so the index always holds the latest text once.
 * search_refs maps (kind, ref_id) to the FTS rowid, so updates and erasure touch
 * only their own rows instead of scanning the index.
 */
export function indexDocument(db: VaultDatabase, doc: SearchDocument): void {
  removeDocument(db, doc.kind, doc.refId);
  const { lastInsertRowid } = db
    .prepare('INSERT INTO search_refs (kind, ref_id, client_id) VALUES (?, ?, ?)')
    .run(doc.kind, doc.refId, doc.clientId);
  db.prepare('INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)').run(
    lastInsertRowid,
    doc.title,
    doc.body,
  );
}

function removeRows(db: VaultDatabase, ids: readonly number[]): void {
  const fromIndex = db.prepare('DELETE FROM search_index WHERE rowid = ?');
  const fromRefs = db.prepare('DELETE FROM search_refs WHERE id = ?');
  for (const id of ids) {
    fromIndex.run(id);
    fromRefs.run(id);
  }
}

export function removeDocument(db: VaultDatabase, kind: SearchKind, refId: string): void {
  const row = db.prepare('SELECT id FROM search_refs WHERE kind = ? AND ref_id = ?').get(kind, refId) as
    { id: number } | undefined;
  if (row !== undefined) removeRows(db, [row.id]);
}

export function removeClientDocuments(db: VaultDatabase, clientId: string): void {
  const rows = db.prepare('SELECT id FROM search_refs WHERE client_id = ?').all(clientId) as { id: number }[];
  removeRows(
    db,
    rows.map((row) => row.id),
  );
}

/**
 * People type words, not FTS5 syntax: each word becomes a quoted prefix term and
 * all must match, so quotes, dashes or "NEAR" in a query can never be an error.
 */
export function toMatchQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((word) => `"${word}"*`)
    .join(' ');
}

export function searchIndex(
  db: VaultDatabase,
  text: string,
  options: { kinds?: readonly SearchKind[] | undefined; clientId?: string | undefined; limit: number },
): SearchHit[] {
  const match = toMatchQuery(text);
  if (match === null) return [];
  const conditions = ['search_index MATCH ?'];
  const params: unknown[] = [match];
  if (options.kinds && options.kinds.length > 0) {
    conditions.push(`r.kind IN (${options.kinds.map(() => '?').join(', ')})`);
    params.push(...options.kinds);
  }
  if (options.clientId) {
    conditions.push('r.client_id = ?');
    params.push(options.clientId);
  }
  // Title matches weigh more than body matches; \u0002 and \u0003 mark the matched words.
  return db
    .prepare(
      `SELECT r.kind, r.ref_id AS refId, r.client_id AS clientId, search_index.title AS title,
              snippet(search_index, 1, char(2), char(3), '…', 16) AS snippet
       FROM search_index JOIN search_refs r ON r.id = search_index.rowid
       WHERE ${conditions.join(' AND ')}
       ORDER BY bm25(search_index, 4.0, 1.0) LIMIT ?`,
    )
    .all(...params, options.limit) as SearchHit[];
}
