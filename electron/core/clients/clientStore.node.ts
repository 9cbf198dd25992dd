import { timeOrderedId } from '../storage/timeOrderedId.node.ts';
import type { z } from 'zod';
import { assignServiceLevel } from '../../../shared/domain/readiness.std.ts';
import type { Client } from '../../../shared/rpc/recordSchemas.std.ts';
import type { clientInputSchema } from '../../../shared/rpc/recordSchemas.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { prepared } from '../storage/preparedStatement.node.ts';

export type ClientInput = z.output<typeof clientInputSchema>;

interface ClientRow {
  id: string;
  display_name: string;
  pseudonymous: number;
  legal_name: string | null;
  channels: string;
  capability: 'high' | 'low' | null;
  complexity: 'high' | 'low' | null;
  readiness_notes: string;
  assigned_practitioner: string | null;
  status: 'active' | 'archived';
  tags: string;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
}

function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    displayName: row.display_name,
    pseudonymous: row.pseudonymous === 1,
    legalName: row.legal_name,
    channels: JSON.parse(row.channels) as Client['channels'],
    capability: row.capability,
    complexity: row.complexity,
    readinessNotes: row.readiness_notes,
    serviceLevel:
      row.capability !== null && row.complexity !== null
        ? assignServiceLevel(row.capability, row.complexity)
        : null,
    assignedPractitioner: row.assigned_practitioner,
    status: row.status,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
  };
}

function toRow(input: ClientInput) {
  return {
    display_name: input.displayName,
    pseudonymous: input.pseudonymous ? 1 : 0,
    // A pseudonymous client's record never holds a legal name.
    legal_name: input.pseudonymous ? null : input.legalName,
    channels: JSON.stringify(input.channels),
    capability: input.capability,
    complexity: input.complexity,
    readiness_notes: input.readinessNotes,
    assigned_practitioner: input.assignedPractitioner,
    tags: JSON.stringify([...new Set(input.tags)]),
  };
}

const INSERT_CLIENT = `INSERT INTO clients (id, display_name, pseudonymous, legal_name, channels, capability, complexity,
       readiness_notes, assigned_practitioner, tags, created_at, updated_at, last_activity_at)
     VALUES (@id, @display_name, @pseudonymous, @legal_name, @channels, @capability, @complexity,
       @readiness_notes, @assigned_practitioner, @tags, @created_at, @updated_at, @last_activity_at)`;

export function insertClient(db: VaultDatabase, input: ClientInput, now: Date): Client {
  const at = now.toISOString();
  // Time-ordered, like message ids: an import that creates many clients appends to the index.
  const row = { id: timeOrderedId(), ...toRow(input), created_at: at, updated_at: at, last_activity_at: at };
  prepared(db, INSERT_CLIENT).run(row);
  return getClient(db, row.id) as Client;
}

export function getClient(db: VaultDatabase, id: string): Client | undefined {
  const row = prepared(db, 'SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
  return row === undefined ? undefined : toClient(row);
}

export function clientInput(client: Client): ClientInput {
  return {
    displayName: client.displayName,
    pseudonymous: client.pseudonymous,
    legalName: client.legalName,
    channels: client.channels,
    capability: client.capability,
    complexity: client.complexity,
    readinessNotes: client.readinessNotes,
    assignedPractitioner: client.assignedPractitioner,
    tags: client.tags,
  };
}

export function updateClientRow(db: VaultDatabase, id: string, input: ClientInput, now: Date): void {
  db.prepare(
    `UPDATE clients SET display_name = @display_name, pseudonymous = @pseudonymous, legal_name = @legal_name,
       channels = @channels, capability = @capability, complexity = @complexity, readiness_notes = @readiness_notes,
       assigned_practitioner = @assigned_practitioner, tags = @tags, updated_at = @updated_at
     WHERE id = @id`,
  ).run({ id, ...toRow(input), updated_at: now.toISOString() });
}

export function setClientStatus(
  db: VaultDatabase,
  id: string,
  status: 'active' | 'archived',
  now: Date,
): void {
  db.prepare('UPDATE clients SET status = ?, updated_at = ? WHERE id = ?').run(status, now.toISOString(), id);
}

export function touchClient(db: VaultDatabase, id: string, at: string): void {
  db.prepare('UPDATE clients SET last_activity_at = max(last_activity_at, ?) WHERE id = ?').run(at, id);
}

export function listClients(
  db: VaultDatabase,
  options: { status: 'active' | 'archived' | 'all'; tag?: string | undefined; limit: number; offset: number },
): { clients: Client[]; total: number } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (options.status !== 'all') {
    conditions.push('status = ?');
    params.push(options.status);
  }
  if (options.tag) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(clients.tags) WHERE value = ?)');
    params.push(options.tag);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const rows = db
    .prepare(`SELECT * FROM clients ${where} ORDER BY display_name COLLATE NOCASE LIMIT ? OFFSET ?`)
    .all(...params, options.limit, options.offset) as ClientRow[];
  const { total } = db.prepare(`SELECT count(*) AS total FROM clients ${where}`).get(...params) as {
    total: number;
  };
  return { clients: rows.map(toClient), total };
}

/** Every row of the client goes: consents, notes, addenda and tasks follow by cascade. */
export function deleteClientRows(db: VaultDatabase, id: string): void {
  db.prepare('DELETE FROM clients WHERE id = ?').run(id);
}

export function inactiveSince(
  db: VaultDatabase,
  before: string,
): { id: string; displayName: string; lastActivityAt: string }[] {
  return db
    .prepare(
      `SELECT id, display_name AS displayName, last_activity_at AS lastActivityAt FROM clients
       WHERE last_activity_at < ? ORDER BY last_activity_at`,
    )
    .all(before) as { id: string; displayName: string; lastActivityAt: string }[];
}
