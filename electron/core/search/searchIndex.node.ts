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

/** Replaces a document's entry, so the index always holds the latest text once. */
export function indexDocument(db: VaultDatabase, doc: SearchDocument): void {
  removeDocument(db, doc.kind, doc.refId);
  db.prepare(
    'INSERT INTO search_index (kind, ref_id, client_id, title, body) VALUES (@kind, @refId, @clientId, @title, @body)',
  ).run(doc);
}

export function removeDocument(db: VaultDatabase, kind: SearchKind, refId: string): void {
  db.prepare('DELETE FROM search_index WHERE kind = ? AND ref_id = ?').run(kind, refId);
}

export function removeClientDocuments(db: VaultDatabase, clientId: string): void {
  db.prepare('DELETE FROM search_index WHERE client_id = ?').run(clientId);
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
    conditions.push(`kind IN (${options.kinds.map(() => '?').join(', ')})`);
    params.push(...options.kinds);
  }
  if (options.clientId) {
    conditions.push('client_id = ?');
    params.push(options.clientId);
  }
  // Title matches weigh more than body matches; \u0002 and \u0003 mark the matched words.
  return db
    .prepare(
      `SELECT kind, ref_id AS refId, client_id AS clientId, title,
              snippet(search_index, 4, char(2), char(3), '…', 16) AS snippet
       FROM search_index WHERE ${conditions.join(' AND ')}
       ORDER BY bm25(search_index, 0, 0, 0, 4.0, 1.0) LIMIT ?`,
    )
    .all(...params, options.limit) as SearchHit[];
}
