import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { auditDetailsSchema } from '../../../shared/rpc/contract.std.ts';
import type { AuditAction, AuditDetails, AuditEntry, AuditFilter } from '../../../shared/rpc/contract.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

/** The chain starts from this value, so the first entry has a well-defined predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  action: string;
  client_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditInput {
  action: AuditAction;
  clientId?: string | null;
  /** Ids, counts and reasons only: never client content. */
  details?: AuditDetails;
  at?: Date;
}

/** Keys sorted, so the same details always hash the same. */
function canonicalDetails(details: AuditDetails): string {
  return JSON.stringify(Object.fromEntries(Object.entries(details).sort(([a], [b]) => a.localeCompare(b))));
}

export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify([row.seq, row.at, row.action, row.client_id, row.details, row.prev_hash]))
    .digest('hex');
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    action: row.action as AuditAction,
    clientId: row.client_id,
    details: JSON.parse(row.details) as AuditDetails,
    hash: row.hash,
  };
}

/** Appends one entry chained to the last; runs inside the caller's transaction if there is one. */
export function appendAudit(db: VaultDatabase, input: AuditInput): AuditEntry {
  const details = canonicalDetails(auditDetailsSchema.parse(input.details ?? {}));
  const append = db.transaction(() => {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: (input.at ?? new Date()).toISOString(),
      action: input.action,
      client_id: input.clientId ?? null,
      details,
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const full: AuditRow = { ...row, hash: entryHash(row) };
    db.prepare(
      `INSERT INTO audit_log (seq, at, action, client_id, details, prev_hash, hash)
       VALUES (@seq, @at, @action, @client_id, @details, @prev_hash, @hash)`,
    ).run(full);
    return toEntry(full);
  });
  return append.immediate();
}

function filterClause(
  filter: AuditFilter | undefined,
  beforeSeq?: number,
): { where: string; params: unknown[] } {
  const conditions: [string, ...unknown[]][] = [];
  if (filter?.from) conditions.push(['at >= ?', new Date(filter.from).toISOString()]);
  if (filter?.to) conditions.push(['at <= ?', new Date(filter.to).toISOString()]);
  if (filter?.clientId) conditions.push(['client_id = ?', filter.clientId]);
  if (filter?.actions && filter.actions.length > 0) {
    conditions.push([`action IN (${filter.actions.map(() => '?').join(', ')})`, ...filter.actions]);
  }
  if (beforeSeq !== undefined) conditions.push(['seq < ?', beforeSeq]);
  return {
    where: conditions.length === 0 ? '' : `WHERE ${conditions.map(([sql]) => sql).join(' AND ')}`,
    params: conditions.flatMap(([, ...values]) => values),
  };
}

/** Newest first, a page at a time. */
export function listAudit(
  db: VaultDatabase,
  options: { filter?: AuditFilter | undefined; limit: number; beforeSeq?: number | undefined },
): { entries: AuditEntry[]; hasMore: boolean } {
  const { where, params } = filterClause(options.filter, options.beforeSeq);
  const rows = db
    .prepare(`SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT ?`)
    .all(...params, options.limit + 1) as AuditRow[];
  return { entries: rows.slice(0, options.limit).map(toEntry), hasMore: rows.length > options.limit };
}

export function countAudit(db: VaultDatabase): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/**
 * Walks the whole chain in order. An edited entry no longer matches its own hash;
 * a deleted one leaves a gap in the sequence and a successor whose link points nowhere.
 */
export function verifyAuditChain(db: VaultDatabase): ChainVerdict {
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    checked++;
    const broken = (reason: string): ChainVerdict => ({
      ok: false,
      checked,
      firstBroken: { seq: row.seq, reason },
    });
    if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing before entry ${row.seq}`);
    if (row.prev_hash !== previousHash)
      return broken(`entry ${row.seq} does not link to the entry before it`);
    if (entryHash(row) !== row.hash) return broken(`entry ${row.seq} was changed after it was written`);
    previousHash = row.hash;
    expectedSeq++;
  }
  return { ok: true, checked, firstBroken: null };
}

/** All matching entries, oldest first, as CSV for a supervisor or an auditor. */
export function auditToCsv(
  db: VaultDatabase,
  filter: AuditFilter | undefined,
): { csv: string; rows: number } {
  const { where, params } = filterClause(filter);
  const rows = db.prepare(`SELECT * FROM audit_log ${where} ORDER BY seq`).all(...params) as AuditRow[];
  const csv = stringify(
    rows.map((row) => [row.seq, row.at, row.action, row.client_id ?? '', row.details, row.hash]),
    { header: true, columns: ['seq', 'time', 'action', 'client', 'details', 'hash'] },
  );
  return { csv, rows: rows.length };
}
