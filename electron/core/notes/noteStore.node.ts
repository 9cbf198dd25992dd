import type { Modality } from '../../../shared/domain/consent.std.ts';
import type { Note, Task } from '../../../shared/rpc/recordSchemas.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

interface NoteRow {
  id: string;
  client_id: string;
  template_key: string;
  modality: Modality;
  synchronous: number;
  session_at: string;
  duration_minutes: number | null;
  content: string;
  status: 'draft' | 'signed';
  consent_override: string | null;
  created_at: string;
  updated_at: string;
  signed_at: string | null;
  signed_by: string | null;
  content_hash: string | null;
  cosigned_at: string | null;
  cosigned_by: string | null;
}

function addendaOf(db: VaultDatabase, noteId: string): Note['addenda'] {
  return db
    .prepare(
      'SELECT id, text, author, created_at AS createdAt FROM note_addenda WHERE note_id = ? ORDER BY created_at',
    )
    .all(noteId) as Note['addenda'];
}

function toNote(db: VaultDatabase, row: NoteRow): Note {
  return {
    id: row.id,
    clientId: row.client_id,
    templateKey: row.template_key,
    modality: row.modality,
    synchronous: row.synchronous === 1,
    sessionAt: row.session_at,
    durationMinutes: row.duration_minutes,
    content: JSON.parse(row.content) as Record<string, string>,
    status: row.status,
    consentOverride: row.consent_override,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    signedAt: row.signed_at,
    signedBy: row.signed_by,
    contentHash: row.content_hash,
    cosignedAt: row.cosigned_at,
    cosignedBy: row.cosigned_by,
    addenda: addendaOf(db, row.id),
  };
}

export function getNote(db: VaultDatabase, id: string): Note | undefined {
  const row = db.prepare('SELECT * FROM session_notes WHERE id = ?').get(id) as NoteRow | undefined;
  return row === undefined ? undefined : toNote(db, row);
}

export function notesForClient(db: VaultDatabase, clientId: string): Note[] {
  const rows = db
    .prepare('SELECT * FROM session_notes WHERE client_id = ? ORDER BY session_at DESC')
    .all(clientId) as NoteRow[];
  return rows.map((row) => toNote(db, row));
}

export function insertNote(db: VaultDatabase, note: Omit<Note, 'addenda'>): void {
  db.prepare(
    `INSERT INTO session_notes (id, client_id, template_key, modality, synchronous, session_at, duration_minutes,
       content, status, consent_override, created_at, updated_at, signed_at, signed_by, content_hash, cosigned_at, cosigned_by)
     VALUES (@id, @clientId, @templateKey, @modality, @synchronous, @sessionAt, @durationMinutes,
       @content, @status, @consentOverride, @createdAt, @updatedAt, @signedAt, @signedBy, @contentHash, @cosignedAt, @cosignedBy)`,
  ).run({ ...note, synchronous: note.synchronous ? 1 : 0, content: JSON.stringify(note.content) });
}

export function updateDraftContent(
  db: VaultDatabase,
  id: string,
  content: Record<string, string>,
  durationMinutes: number | null | undefined,
  at: string,
): void {
  db.prepare(
    `UPDATE session_notes SET content = ?, duration_minutes = coalesce(?, duration_minutes), updated_at = ?
     WHERE id = ? AND status = 'draft'`,
  ).run(JSON.stringify(content), durationMinutes ?? null, at, id);
}

export function markSigned(
  db: VaultDatabase,
  id: string,
  signedBy: string,
  contentHash: string,
  at: string,
): void {
  db.prepare(
    "UPDATE session_notes SET status = 'signed', signed_at = ?, signed_by = ?, content_hash = ?, updated_at = ? WHERE id = ?",
  ).run(at, signedBy, contentHash, at, id);
}

export function markCosigned(db: VaultDatabase, id: string, supervisor: string, at: string): void {
  db.prepare('UPDATE session_notes SET cosigned_at = ?, cosigned_by = ?, updated_at = ? WHERE id = ?').run(
    at,
    supervisor,
    at,
    id,
  );
}

export function insertAddendum(
  db: VaultDatabase,
  addendum: {
    id: string;
    noteId: string;
    text: string;
    author: string | null;
    createdAt: string;
    contentHash: string;
  },
): void {
  db.prepare(
    `INSERT INTO note_addenda (id, note_id, text, author, created_at, content_hash)
     VALUES (@id, @noteId, @text, @author, @createdAt, @contentHash)`,
  ).run(addendum);
}

export function deleteDraftRow(db: VaultDatabase, id: string): void {
  db.prepare("DELETE FROM session_notes WHERE id = ? AND status = 'draft'").run(id);
}

export function customTemplates(db: VaultDatabase): { key: string; name: string; sections: string }[] {
  return db.prepare('SELECT key, name, sections FROM note_templates ORDER BY name').all() as {
    key: string;
    name: string;
    sections: string;
  }[];
}

export function insertNoteTemplate(
  db: VaultDatabase,
  key: string,
  name: string,
  sections: string,
  at: string,
): void {
  db.prepare('INSERT INTO note_templates (key, name, sections, created_at) VALUES (?, ?, ?, ?)').run(
    key,
    name,
    sections,
    at,
  );
}

interface TaskRow {
  id: string;
  client_id: string;
  note_id: string | null;
  title: string;
  due_on: string;
  done_at: string | null;
}

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    clientId: row.client_id,
    noteId: row.note_id,
    title: row.title,
    dueOn: row.due_on,
    doneAt: row.done_at,
  };
}

export function insertTask(db: VaultDatabase, task: Task & { createdAt: string }): void {
  db.prepare(
    `INSERT INTO tasks (id, client_id, note_id, title, due_on, done_at, created_at)
     VALUES (@id, @clientId, @noteId, @title, @dueOn, @doneAt, @createdAt)`,
  ).run(task);
}

export function getTask(db: VaultDatabase, id: string): Task | undefined {
  const row = db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
  return row === undefined ? undefined : toTask(row);
}

export function completeTaskRow(db: VaultDatabase, id: string, at: string): void {
  db.prepare('UPDATE tasks SET done_at = coalesce(done_at, ?) WHERE id = ?').run(at, id);
}

export function listTasks(
  db: VaultDatabase,
  options: { clientId?: string | undefined; openOnly: boolean },
): Task[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (options.clientId) {
    conditions.push('client_id = ?');
    params.push(options.clientId);
  }
  if (options.openOnly) conditions.push('done_at IS NULL');
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return (db.prepare(`SELECT * FROM tasks ${where} ORDER BY due_on, title`).all(...params) as TaskRow[]).map(
    toTask,
  );
}
