import { createHash, randomUUID } from 'node:crypto';
import { BUILTIN_NOTE_TEMPLATES } from '../../../shared/domain/noteTemplates.std.ts';
import type { NoteTemplate } from '../../../shared/domain/noteTemplates.std.ts';
import type { MethodOutput, MethodParams } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { Note, Task } from '../../../shared/rpc/recordSchemas.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { touchClient } from '../clients/clientStore.node.ts';
import { assertConsent, requireClient } from '../consent/consentService.node.ts';
import { indexDocument, removeDocument } from '../search/searchIndex.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { readSettings } from '../vault/settingsStore.node.ts';
import {
  completeTaskRow,
  customTemplates,
  deleteDraftRow,
  getNote,
  getTask,
  insertAddendum,
  insertNote,
  insertNoteTemplate,
  insertTask,
  listTasks,
  markCosigned,
  markSigned,
  notesForClient,
  updateDraftContent,
} from './noteStore.node.ts';

function notFound(what: string): RpcError {
  return new RpcError({ code: 'NOT_FOUND', message: `${what} not found.` });
}

function signedError(): RpcError {
  return new RpcError({ code: 'NOTE_SIGNED', message: 'The note is signed; add an addendum instead.' });
}

/** The hash covers what was signed: content and the session's facts. */
export function noteContentHash(
  note: Pick<Note, 'clientId' | 'templateKey' | 'modality' | 'sessionAt' | 'content'>,
): string {
  const content = Object.fromEntries(Object.entries(note.content).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256')
    .update(JSON.stringify([note.clientId, note.templateKey, note.modality, note.sessionAt, content]))
    .digest('hex');
}

export function createNoteService(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());

  function allTemplates(db: VaultDatabase): (NoteTemplate & { builtin: boolean })[] {
    return [
      ...BUILTIN_NOTE_TEMPLATES.map((template) => ({ ...template, builtin: true })),
      ...customTemplates(db).map((row) => ({
        key: row.key,
        name: row.name,
        sections: JSON.parse(row.sections) as NoteTemplate['sections'],
        builtin: false,
      })),
    ];
  }

  function templateFor(db: VaultDatabase, key: string): NoteTemplate {
    const template = allTemplates(db).find((t) => t.key === key);
    if (template === undefined) {
      throw new RpcError({
        code: 'INVALID_INPUT',
        field: 'templateKey',
        message: 'There is no note template with that key.',
      });
    }
    return template;
  }

  function requireNote(db: VaultDatabase, id: string): Note {
    const note = getNote(db, id);
    if (note === undefined) throw notFound('Note');
    return note;
  }

  function reindex(db: VaultDatabase, note: Note): void {
    const template = templateFor(db, note.templateKey);
    const sections = template.sections.map((section) => note.content[section.key] ?? '').filter(Boolean);
    indexDocument(db, {
      kind: 'note',
      refId: note.id,
      clientId: note.clientId,
      title: `${template.name} note, ${note.sessionAt.slice(0, 10)}`,
      body: [...sections, ...note.addenda.map((addendum) => addendum.text)].join('\n\n'),
    });
  }

  /**
   * Consent is checked when the note is started and again when it is signed (it may
   * have been withdrawn in between); a recorded override reason lets a crisis contact through.
   */
  function checkConsent(
    db: VaultDatabase,
    note: Pick<Note, 'clientId' | 'modality' | 'consentOverride'>,
  ): void {
    try {
      assertConsent(db, note.clientId, { modality: note.modality }, now());
    } catch (error) {
      if (note.consentOverride === null) throw error;
    }
  }

  return {
    templates(db: VaultDatabase): MethodOutput<'notes.templates'> {
      return { templates: allTemplates(db) };
    },

    saveTemplate(db: VaultDatabase, input: MethodParams<'notes.saveTemplate'>): { key: string } {
      const key = `custom_${randomUUID().slice(0, 8)}`;
      insertNoteTemplate(db, key, input.name, JSON.stringify(input.sections), now().toISOString());
      return { key };
    },

    createDraft(db: VaultDatabase, input: MethodParams<'notes.createDraft'>): Note {
      requireClient(db, input.clientId);
      const template = templateFor(db, input.templateKey);
      checkConsent(db, input);
      const at = now().toISOString();
      const note: Omit<Note, 'addenda'> = {
        id: randomUUID(),
        ...input,
        content: Object.fromEntries(template.sections.map((section) => [section.key, ''])),
        status: 'draft',
        createdAt: at,
        updatedAt: at,
        signedAt: null,
        signedBy: null,
        contentHash: null,
        cosignedAt: null,
        cosignedBy: null,
      };
      db.transaction(() => {
        insertNote(db, note);
        touchClient(db, input.clientId, input.sessionAt);
        appendAudit(db, {
          action: 'record.created',
          clientId: input.clientId,
          details: { record: 'note', noteId: note.id },
        });
        if (input.consentOverride !== null) {
          // The reason itself stays in the note; the audit log records only that consent was overridden.
          appendAudit(db, {
            action: 'consent.override',
            clientId: input.clientId,
            details: { noteId: note.id, modality: input.modality },
          });
        }
      }).immediate();
      return requireNote(db, note.id);
    },

    saveDraft(db: VaultDatabase, input: MethodParams<'notes.saveDraft'>): { savedAt: string } {
      const note = requireNote(db, input.id);
      if (note.status === 'signed') throw signedError();
      const at = now().toISOString();
      db.transaction(() => {
        updateDraftContent(db, input.id, input.content, input.durationMinutes, at);
        reindex(db, requireNote(db, input.id));
      }).immediate();
      return { savedAt: at };
    },

    get: (db: VaultDatabase, id: string): Note => requireNote(db, id),

    forClient(db: VaultDatabase, clientId: string): { notes: Note[] } {
      requireClient(db, clientId);
      return { notes: notesForClient(db, clientId) };
    },

    deleteDraft(db: VaultDatabase, id: string): Record<string, never> {
      const note = requireNote(db, id);
      if (note.status === 'signed') throw signedError();
      db.transaction(() => {
        removeDocument(db, 'note', id);
        deleteDraftRow(db, id);
        appendAudit(db, {
          action: 'record.deleted',
          clientId: note.clientId,
          details: { record: 'note', noteId: id },
        });
      }).immediate();
      return {};
    },

    sign(db: VaultDatabase, id: string): Note {
      const note = requireNote(db, id);
      if (note.status === 'signed') throw signedError();
      checkConsent(db, note);
      const signer = readSettings(db).practitionerName || 'Practitioner';
      const hash = noteContentHash(note);
      db.transaction(() => {
        markSigned(db, id, signer, hash, now().toISOString());
        appendAudit(db, {
          action: 'record.signed',
          clientId: note.clientId,
          details: { record: 'note', noteId: id },
        });
      }).immediate();
      return requireNote(db, id);
    },

    addAddendum(db: VaultDatabase, id: string, text: string): Note {
      const note = requireNote(db, id);
      if (note.status !== 'signed') {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'id',
          message: 'A draft is edited directly; addenda are for signed notes.',
        });
      }
      const at = now().toISOString();
      const author = readSettings(db).practitionerName || null;
      db.transaction(() => {
        insertAddendum(db, {
          id: randomUUID(),
          noteId: id,
          text,
          author,
          createdAt: at,
          contentHash: createHash('sha256')
            .update(`${note.contentHash ?? ''}\n${at}\n${text}`)
            .digest('hex'),
        });
        reindex(db, requireNote(db, id));
        appendAudit(db, {
          action: 'record.updated',
          clientId: note.clientId,
          details: { record: 'addendum', noteId: id },
        });
      }).immediate();
      return requireNote(db, id);
    },

    cosign(db: VaultDatabase, id: string, supervisorName: string): Note {
      const note = requireNote(db, id);
      if (note.status !== 'signed') {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'id',
          message: 'A note is co-signed after it is signed.',
        });
      }
      if (note.cosignedAt !== null) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'id',
          message: 'This note is already co-signed.',
        });
      }
      db.transaction(() => {
        markCosigned(db, id, supervisorName, now().toISOString());
        appendAudit(db, {
          action: 'record.signed',
          clientId: note.clientId,
          details: { record: 'cosignature', noteId: id },
        });
      }).immediate();
      return requireNote(db, id);
    },

    createTask(db: VaultDatabase, input: MethodParams<'tasks.create'>): Task {
      requireClient(db, input.clientId);
      if (input.noteId !== null && getNote(db, input.noteId)?.clientId !== input.clientId)
        throw notFound('Note');
      const task: Task = { id: randomUUID(), ...input, doneAt: null };
      db.transaction(() => {
        insertTask(db, { ...task, createdAt: now().toISOString() });
        appendAudit(db, {
          action: 'record.created',
          clientId: input.clientId,
          details: { record: 'task', taskId: task.id },
        });
      }).immediate();
      return task;
    },

    completeTask(db: VaultDatabase, id: string): Task {
      const task = getTask(db, id);
      if (task === undefined) throw notFound('Task');
      db.transaction(() => {
        completeTaskRow(db, id, now().toISOString());
        appendAudit(db, {
          action: 'record.updated',
          clientId: task.clientId,
          details: { record: 'task', taskId: id },
        });
      }).immediate();
      return getTask(db, id) as Task;
    },

    listTasks: (db: VaultDatabase, options: MethodParams<'tasks.list'>) => ({
      tasks: listTasks(db, options),
    }),
  };
}

export type NoteService = ReturnType<typeof createNoteService>;
