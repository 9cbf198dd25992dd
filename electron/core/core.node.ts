import { contract, events, HOST_METHODS } from '../../shared/rpc/contract.std.ts';
import type { CoreMethod, EventName, EventPayload } from '../../shared/rpc/contract.std.ts';
import type { RpcEventMessage, RpcReply } from '../../shared/rpc/envelope.std.ts';
import { describeApp } from './app/appInfo.node.ts';
import type { AppIdentity } from './app/appInfo.node.ts';
import { auditToCsv, listAudit, verifyAuditChain } from './audit/auditLog.node.ts';
import { appendAudit } from './audit/auditLog.node.ts';
import { createBackupService } from './backup/backupService.node.ts';
import { createClientService } from './clients/clientService.node.ts';
import { createConsentService } from './consent/consentService.node.ts';
import { generateDemoData } from './demo/demoData.node.ts';
import { createMessageService } from './messages/messageService.node.ts';
import { toMessageDetail, toQueueItem } from './messages/messageViews.node.ts';
import { createNoteService } from './notes/noteService.node.ts';
import { searchIndex } from './search/searchIndex.node.ts';
import type { VaultDatabase } from './storage/database.node.ts';
import { createDispatcher } from './rpc/dispatcher.node.ts';
import { toStorageError, withStorageErrors } from './storage/storageErrors.node.ts';
import { assessPassphrase } from './vault/passphraseStrength.node.ts';
import { readSettings } from './vault/settingsStore.node.ts';
import { createVaultService } from './vault/vaultService.node.ts';

export interface CoreOptions extends AppIdentity {
  /** The folder of this profile's vault (key file, database, WAL). */
  vaultDir: string;
}

export type EventListener = (message: RpcEventMessage) => void;

export interface Core {
  dispatch(request: unknown): Promise<RpcReply>;
  onEvent(listener: EventListener): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): void;
}

/** The contract minus the methods a host (Electron main, the harness) answers itself. */
export const coreContract = Object.fromEntries(
  Object.entries(contract).filter(([name]) => !(HOST_METHODS as readonly string[]).includes(name)),
) as { [M in CoreMethod]: (typeof contract)[M] };

const SCHEDULE_INTERVAL_MS = 60_000;

/**
 * The engine: plain Node, never Electron. Each capability contributes handlers for
 * its contract methods; transports (worker thread, CLI) only move requests in and
 * replies and events out.
 */
export function createCore(options: CoreOptions): Core {
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const message = { event, payload: events[event].parse(payload) };
    for (const listener of listeners) listener(message);
  };

  const vault = createVaultService({ vaultDir: options.vaultDir, appVersion: options.version, emit });
  const backups = createBackupService({ vault, appVersion: options.version, emit });
  const clients = createClientService();
  const consent = createConsentService();
  const notes = createNoteService();
  const messages = createMessageService();
  /** Runs a data method against the open vault, with storage failures as plain codes. */
  const data =
    <T>(fn: (db: VaultDatabase) => T) =>
    (): T =>
      withStorageErrors(() => fn(vault.requireDatabase()));
  const schedule = setInterval(() => void backups.runSchedule().catch(() => undefined), SCHEDULE_INTERVAL_MS);
  schedule.unref();

  const dispatcher = createDispatcher(
    coreContract,
    {
      'app.info': () => describeApp(options, vault.state()),

      'vault.status': () => vault.status(),
      'vault.assessPassphrase': ({ passphrase }) => assessPassphrase(passphrase),
      'vault.create': ({ passphrase, purpose }) => vault.create(passphrase, purpose),
      'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
      'vault.recover': ({ recoveryKey, newPassphrase }) => vault.recover(recoveryKey, newPassphrase),
      'vault.rotateRecoveryKey': ({ passphrase }) => vault.rotateRecoveryKey(passphrase),
      'vault.lock': ({ reason }) => vault.lock(reason),
      'vault.changePassphrase': ({ currentPassphrase, newPassphrase }) =>
        vault.changePassphrase(currentPassphrase, newPassphrase),
      'vault.getSettings': () => vault.getSettings(),
      'vault.updateSettings': (changes) => vault.updateSettings(stripUndefined(changes)),
      'vault.checkIntegrity': () => vault.checkIntegrity(),

      'backup.create': ({ folder }) => backups.create(folder),
      'backup.cancel': () => backups.cancel(),
      'backup.list': () => backups.list(),
      'backup.verify': ({ file, passphrase }) => backups.verify(file, passphrase),
      'backup.restore': ({ file, passphrase }) => backups.restore(file, passphrase),

      'audit.list': ({ filter, limit, beforeSeq }) =>
        withStorageErrors(() => listAudit(vault.requireDatabase(), { filter, limit, beforeSeq })),
      'audit.verify': () => withStorageErrors(() => verifyAuditChain(vault.requireDatabase())),
      'audit.exportCsv': ({ filter }) =>
        withStorageErrors(() => {
          const db = vault.requireDatabase();
          const exported = auditToCsv(db, filter);
          appendAudit(db, { action: 'audit.exported', details: { rows: exported.rows } });
          return exported;
        }),

      'vault.enableDeviceUnlock': async () => ({
        deviceSecret: (await vault.enableDeviceUnlock()).deviceSecret.toString('base64'),
      }),
      'vault.disableDeviceUnlock': () => vault.disableDeviceUnlock(),
      'vault.unlockWithDevice': ({ deviceSecret }) =>
        vault.unlockWithDevice(Buffer.from(deviceSecret, 'base64')),

      'clients.list': (input) => data((db) => clients.list(db, input))(),
      'clients.get': ({ id }) => data((db) => clients.get(db, id))(),
      'clients.create': (input) => data((db) => clients.create(db, input))(),
      'clients.update': ({ id, changes }) => data((db) => clients.update(db, id, changes))(),
      'clients.setArchived': ({ id, archived }) => data((db) => clients.setArchived(db, id, archived))(),
      'clients.erase': ({ id, confirmDisplayName }) =>
        data((db) => clients.erase(db, id, confirmDisplayName))(),
      'clients.retentionCandidates': ({ inactiveYears }) =>
        data((db) => clients.retentionCandidates(db, inactiveYears))(),
      'clients.timeline': ({ id }) => data((db) => clients.timeline(db, id))(),

      'consent.templates': () => data((db) => consent.templates(db))(),
      'consent.saveTemplate': (input) => data((db) => consent.saveTemplate(db, input))(),
      'consent.compareTemplates': ({ fromId, toId }) =>
        data((db) => consent.compareTemplates(db, fromId, toId))(),
      'consent.record': (input) => data((db) => consent.record(db, input))(),
      'consent.evidence': ({ id }) => data((db) => consent.evidence(db, id))(),
      'consent.withdraw': (input) => data((db) => consent.withdraw(db, input))(),
      'consent.forClient': ({ clientId }) => data((db) => consent.forClient(db, clientId))(),
      'consent.reminders': () => data((db) => consent.reminders(db))(),

      'notes.templates': () => data((db) => notes.templates(db))(),
      'notes.saveTemplate': (input) => data((db) => notes.saveTemplate(db, input))(),
      'notes.createDraft': (input) => data((db) => notes.createDraft(db, input))(),
      'notes.saveDraft': (input) => data((db) => notes.saveDraft(db, input))(),
      'notes.get': ({ id }) => data((db) => notes.get(db, id))(),
      'notes.forClient': ({ clientId }) => data((db) => notes.forClient(db, clientId))(),
      'notes.deleteDraft': ({ id }) => data((db) => notes.deleteDraft(db, id))(),
      'notes.sign': ({ id }) => data((db) => notes.sign(db, id))(),
      'notes.addAddendum': ({ id, text }) => data((db) => notes.addAddendum(db, id, text))(),
      'notes.cosign': ({ id, supervisorName }) => data((db) => notes.cosign(db, id, supervisorName))(),

      'tasks.create': (input) => data((db) => notes.createTask(db, input))(),
      'tasks.complete': ({ id }) => data((db) => notes.completeTask(db, id))(),
      'tasks.list': (input) => data((db) => notes.listTasks(db, input))(),

      'messages.import': async ({ files, defaultChannel, csvMapping }) => {
        const db = vault.requireDatabase();
        const { responseTargets } = readSettings(db);
        const reports = await messages.importFiles(db, files, responseTargets, {
          defaultChannel,
          csvMapping:
            csvMapping === undefined ? undefined : { ...stripUndefined(csvMapping), text: csvMapping.text },
        });
        const count = reports.reduce((sum, report) => sum + report.imported, 0);
        if (count > 0)
          emit('messages.arrived', { count, crisis: reports.flatMap((report) => report.crisis) });
        return { files: reports };
      },
      'messages.queue': ({ filter, limit, after }) =>
        data((db) => {
          const rows = messages.queue(db, filter, limit + 1, after);
          const now = new Date().toISOString();
          const items = rows.slice(0, limit).map((row) => toQueueItem(row, now));
          const last = rows.length > limit ? rows[limit - 1] : undefined;
          return {
            items,
            next: last === undefined ? null : { queueRank: last.queue_rank, dueAt: last.due_at, id: last.id },
          };
        })(),
      'messages.get': ({ id }) => data((db) => toMessageDetail(messages.get(db, id)))(),
      'messages.setStatus': ({ ids, status, assignee, snoozedUntil }) =>
        data((db) =>
          db
            .transaction(() => {
              for (const id of ids) messages.setStatus(db, id, status, { assignee, snoozedUntil });
              return { updated: ids.length };
            })
            .immediate(),
        )(),
      'messages.overrideTier': ({ id, tier, reason }) =>
        data((db) => {
          const settings = readSettings(db);
          messages.overrideTier(
            db,
            id,
            tier,
            reason,
            settings.practitionerName || null,
            settings.responseTargets,
          );
          return { ok: true as const };
        })(),
      'messages.retriage': () =>
        data((db) => ({
          rulesVersion: messages.rulesVersion(),
          ...messages.retriageAll(db, readSettings(db).responseTargets),
        }))(),

      'search.query': ({ text, kinds, clientId, limit }) =>
        data((db) => ({ hits: searchIndex(db, text, { kinds, clientId, limit }) }))(),

      'demo.generate': (request) =>
        withStorageErrors(() => generateDemoData(vault.requireDatabase(), request)),
    },
    {
      mapError: toStorageError,
      onRpcError: (method, error) => {
        // A damaged backup file says nothing about the vault itself.
        if (!method.startsWith('backup.verify') && !method.startsWith('backup.restore'))
          vault.noteIfCorrupt(error);
      },
      onInternalError: (method, error) => {
        const kind = error instanceof Error ? error.name : typeof error;
        const code = (error as { code?: unknown })?.code;
        console.error(
          `[outpost core] ${method} failed unexpectedly (${kind}${typeof code === 'string' ? ` ${code}` : ''})`,
        );
      },
    },
  );

  return {
    dispatch: (request) => dispatcher.dispatch(request),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    close() {
      clearInterval(schedule);
      vault.close();
      listeners.clear();
    },
  };
}

/** zod's partial() yields explicit undefineds; settings updates take only what was sent. */
function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
