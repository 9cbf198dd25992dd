import type { MethodOutput, MethodParams } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { Client } from '../../../shared/rpc/recordSchemas.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { consentsForClient } from '../consent/consentStore.node.ts';
import { requireClient } from '../consent/consentService.node.ts';
import { listTasks, notesForClient } from '../notes/noteStore.node.ts';
import { indexDocument, removeClientDocuments } from '../search/searchIndex.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import {
  clientInput,
  deleteClientRows,
  inactiveSince,
  insertClient,
  listClients,
  setClientStatus,
  updateClientRow,
} from './clientStore.node.ts';
import type { ClientInput } from './clientStore.node.ts';

export function indexClient(db: VaultDatabase, client: Client): void {
  indexDocument(db, {
    kind: 'client',
    refId: client.id,
    clientId: client.id,
    title: client.displayName,
    body: [
      client.legalName ?? '',
      ...client.channels.map((c) => c.value),
      ...client.tags,
      client.readinessNotes,
    ]
      .filter(Boolean)
      .join('\n'),
  });
}

type TimelineEntry = MethodOutput<'clients.timeline'>['entries'][number];

export function createClientService(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());

  function save(
    db: VaultDatabase,
    work: () => Client,
    audit: { action: 'record.created' | 'record.updated'; what: string },
  ) {
    return db
      .transaction(() => {
        const client = work();
        indexClient(db, client);
        appendAudit(db, {
          action: audit.action,
          clientId: client.id,
          details: { record: 'client', change: audit.what },
        });
        return client;
      })
      .immediate();
  }

  return {
    list: (db: VaultDatabase, input: MethodParams<'clients.list'>) => listClients(db, input),
    get: (db: VaultDatabase, id: string) => requireClient(db, id),

    create(db: VaultDatabase, input: ClientInput): Client {
      return save(db, () => insertClient(db, input, now()), { action: 'record.created', what: 'created' });
    },

    update(
      db: VaultDatabase,
      id: string,
      changes: { [K in keyof ClientInput]?: ClientInput[K] | undefined },
    ): Client {
      const current = requireClient(db, id);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      return save(
        db,
        () => {
          updateClientRow(db, id, { ...clientInput(current), ...defined }, now());
          return requireClient(db, id);
        },
        { action: 'record.updated', what: 'details' },
      );
    },

    setArchived(db: VaultDatabase, id: string, archived: boolean): Client {
      requireClient(db, id);
      return save(
        db,
        () => {
          setClientStatus(db, id, archived ? 'archived' : 'active', now());
          return requireClient(db, id);
        },
        { action: 'record.updated', what: archived ? 'archived' : 'restored' },
      );
    },

    /**
     * Erasure: every row and index entry of the client goes, with secure delete on,
     * so the text is overwritten, not just unlinked. The audit log keeps only the fact.
     */
    erase(db: VaultDatabase, id: string, confirmDisplayName: string): { erased: true } {
      const client = requireClient(db, id);
      if (confirmDisplayName.trim() !== client.displayName) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'confirmDisplayName',
          message: "To erase a client, type the client's name exactly as shown.",
        });
      }
      db.transaction(() => {
        removeClientDocuments(db, id);
        deleteClientRows(db, id);
        appendAudit(db, { action: 'client.erased', clientId: id });
      }).immediate();
      return { erased: true };
    },

    retentionCandidates(db: VaultDatabase, inactiveYears: number) {
      const cutoff = new Date(now());
      cutoff.setUTCFullYear(cutoff.getUTCFullYear() - inactiveYears);
      return { candidates: inactiveSince(db, cutoff.toISOString()) };
    },

    timeline(db: VaultDatabase, id: string): { entries: TimelineEntry[] } {
      const client = requireClient(db, id);
      const entries: TimelineEntry[] = [
        { at: client.createdAt, kind: 'client_created', refId: id, title: 'Client added', detail: '' },
      ];
      for (const note of notesForClient(db, id)) {
        entries.push({
          at: note.sessionAt,
          kind: 'note',
          refId: note.id,
          title: `Session (${note.modality.replaceAll('_', ' ')}, ${note.synchronous ? 'live' : 'written'})`,
          detail: note.status === 'signed' ? `Signed by ${note.signedBy ?? 'practitioner'}` : 'Draft',
        });
        for (const addendum of note.addenda) {
          entries.push({
            at: addendum.createdAt,
            kind: 'addendum',
            refId: note.id,
            title: 'Addendum to a session note',
            detail: '',
          });
        }
      }
      for (const consent of consentsForClient(db, id)) {
        entries.push({
          at: consent.givenAt,
          kind: 'consent_given',
          refId: consent.id,
          title: `Consent given: ${consent.kind.replaceAll('_', ' ')}`,
          detail: `Version ${consent.templateVersion}, ${consent.method}`,
        });
        if (consent.withdrawnAt !== null) {
          entries.push({
            at: consent.withdrawnAt,
            kind: 'consent_withdrawn',
            refId: consent.id,
            title: `Consent withdrawn: ${consent.kind.replaceAll('_', ' ')}`,
            detail: '',
          });
        }
      }
      for (const task of listTasks(db, { clientId: id, openOnly: false })) {
        entries.push({
          at: `${task.dueOn}T00:00:00.000Z`,
          kind: 'task',
          refId: task.id,
          title: task.title,
          detail: task.doneAt === null ? 'Due' : 'Done',
        });
      }
      entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      return { entries };
    },
  };
}

export type ClientService = ReturnType<typeof createClientService>;
