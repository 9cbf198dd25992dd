import { contract, events, HOST_METHODS } from '../../shared/rpc/contract.std.ts';
import type { CoreMethod, EventName, EventPayload } from '../../shared/rpc/contract.std.ts';
import type { RpcEventMessage, RpcReply } from '../../shared/rpc/envelope.std.ts';
import { describeApp } from './app/appInfo.node.ts';
import type { AppIdentity } from './app/appInfo.node.ts';
import { auditToCsv, listAudit, verifyAuditChain } from './audit/auditLog.node.ts';
import { appendAudit } from './audit/auditLog.node.ts';
import { createAnalyticsService } from './analytics/analyticsService.node.ts';
import { createBackupService } from './backup/backupService.node.ts';
import { createClientService } from './clients/clientService.node.ts';
import { createConsentService } from './consent/consentService.node.ts';
import { generateDemoData } from './demo/demoData.node.ts';
import { createExchangeService } from './exchange/exchangeService.node.ts';
import { createVaultTransfer } from './exchange/vaultTransfer.node.ts';
import { createMessageService } from './messages/messageService.node.ts';
import { clearStaging } from './messages/importStaging.node.ts';
import { keepUnseenArrivals, takeUnseenArrivals } from './messages/unseenArrivals.node.ts';
import { toMessageDetail, toQueueItem } from './messages/messageViews.node.ts';
import { queuePreviews } from './messages/queuePreview.node.ts';
import { threadOf } from './messages/threadView.node.ts';
import { createNoteService } from './notes/noteService.node.ts';
import { inspectCsv } from './messages/csvMappings.node.ts';
import { createInboxWatch, validateWatchFolder } from './messages/inboxFolder.node.ts';
import { createImportRunner } from './messages/importRunner.node.ts';
import { createReplyService } from './replies/replyService.node.ts';
import { searchIndex } from './search/searchIndex.node.ts';
import type { VaultDatabase } from './storage/database.node.ts';
import { createDispatcher } from './rpc/dispatcher.node.ts';
import { toStorageError, withStorageErrors } from './storage/storageErrors.node.ts';
import { assessPassphrase } from './vault/passphraseStrength.node.ts';
import { readSettings } from './vault/settingsStore.node.ts';
import { createVaultService } from './vault/vaultService.node.ts';
import { createWritingService } from './writing/writingService.node.ts';

export interface CoreOptions extends AppIdentity {
  /** The folder of this profile's vault (key file, database, WAL). */
  vaultDir: string;
  /** The import's triage thread (see messages/backgroundTriage.node.ts); from source it is found. */
  triageWorkerUrl?: string | undefined;
  /** The vault's checkpoint thread (see storage/walCheckpointer.node.ts); from source it is found. */
  checkpointWorkerUrl?: string | undefined;
  /**
   * No window shows this core's events (the command line): its arrivals are kept in the
   * vault, and the app raises the crisis alert for them at its next unlock.
   */
  noWindow?: boolean;
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
/** Messages re-triaged per step of the background catch-up after a rules update. */
const RETRIAGE_STEP = 500;

/** Work no request waits for failed: its error code only, never a message that could quote client text. */
function logBackgroundFailure(what: string, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  console.error(`[outpost core] ${what}: ${typeof code === 'string' ? code : 'error'}`);
}

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

  const vault = createVaultService({
    vaultDir: options.vaultDir,
    appVersion: options.version,
    emit,
    checkpointWorkerUrl: options.checkpointWorkerUrl,
  });
  const backups = createBackupService({ vault, appVersion: options.version, emit });
  const clients = createClientService();
  const consent = createConsentService();
  const notes = createNoteService();
  const messages = createMessageService(
    options.triageWorkerUrl === undefined ? {} : { triageWorkerUrl: options.triageWorkerUrl },
  );
  // Replies, import progress/cancel and the watched inbox folder (issue 6).
  const replies = createReplyService();
  const imports = createImportRunner({ messages, emit });
  const inbox = createInboxWatch({
    currentFolder: () =>
      vault.state() === 'unlocked' ? readSettings(vault.requireDatabase()).watchFolder : null,
    importFile: async (path, signal) => {
      const db = () => vault.requireDatabase();
      const [report] = await imports.importQuietly(
        db,
        { files: [path], targets: readSettings(db()).responseTargets },
        signal,
      );
      if (report === undefined) throw new Error('an import of one file reported nothing');
      return report;
    },
    onError: (error) => logBackgroundFailure('inbox folder', error),
    onArriving: () => void messages.prepareImport(),
  });
  /**
   * After an update brings new triage rules, every stored message is triaged again in the
   * background, in short steps so the app stays responsive; each keeps its earlier results.
   */
  async function catchUpTriage(): Promise<void> {
    let retriaged = 0;
    let changed = 0;
    for (;;) {
      if (vault.state() !== 'unlocked') return;
      const db = vault.requireDatabase();
      const step = messages.retriageOutdated(db, readSettings(db).responseTargets, RETRIAGE_STEP);
      retriaged += step.retriaged;
      changed += step.changed;
      if (!step.remaining) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (retriaged > 0)
      emit('messages.retriaged', { rulesVersion: messages.rulesVersion(), retriaged, changed });
  }

  listeners.add((message) => {
    if (message.event === 'vault.unlocked') {
      // Before any import can start: staged parts of files whose import a crash cut short.
      try {
        clearStaging(vault.requireDatabase());
      } catch (error) {
        logBackgroundFailure('import staging', error);
      }
      void inbox.sync();
      void catchUpTriage().catch((error: unknown) => {
        vault.noteIfCorrupt(toStorageError(error));
        logBackgroundFailure('re-triage', error);
      });
    }
    if (options.noWindow === true && message.event === 'messages.arrived' && vault.state() === 'unlocked') {
      const { count, crisis } = message.payload as EventPayload<'messages.arrived'>;
      // The messages are stored already; failing to keep the note loses only the alert.
      try {
        keepUnseenArrivals(vault.requireDatabase(), { count, crisis });
      } catch (error) {
        logBackgroundFailure('unseen arrivals', error);
      }
    }
    if (message.event === 'vault.locked') {
      imports.cancel();
      void inbox.stop();
      messages.stopTriageThread();
    }
  });
  const exchange = createExchangeService({ database: () => vault.requireDatabase(), emit });
  const vaultTransfer = createVaultTransfer({ vault, backups, exchange, emit });
  const analytics = createAnalyticsService();
  const writing = createWritingService();
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
      'vault.updateSettings': async (changes) => {
        if (changes.watchFolder !== undefined) await validateWatchFolder(changes.watchFolder);
        const settings = vault.updateSettings(stripUndefined(changes));
        if (changes.watchFolder !== undefined) await inbox.sync();
        if (changes.responseTargets !== undefined)
          data((db) => messages.applyResponseTargets(db, settings.responseTargets))();
        return settings;
      },
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
        const db = () => vault.requireDatabase();
        const reports = await imports.importFiles(db, {
          files,
          defaultChannel,
          csvMapping:
            csvMapping === undefined ? undefined : { ...stripUndefined(csvMapping), text: csvMapping.text },
          targets: readSettings(db()).responseTargets,
        });
        return { files: reports };
      },
      'messages.queue': ({ filter, limit, after }) =>
        data((db) => {
          const rows = messages.queue(db, filter, limit + 1, after);
          const now = new Date().toISOString();
          const pageRows = rows.slice(0, limit);
          const previews = queuePreviews(
            db,
            pageRows.map((row) => row.id),
          );
          const items = pageRows.map((row) => toQueueItem(row, now, previews.get(row.id)));
          const last = rows.length > limit ? rows[limit - 1] : undefined;
          return {
            items,
            next: last === undefined ? null : { queueRank: last.queue_rank, dueAt: last.due_at, id: last.id },
          };
        })(),
      'messages.queueCounts': ({ filter }) => data((db) => messages.counts(db, filter))(),
      'messages.get': ({ id }) =>
        data((db) => {
          const found = messages.get(db, id);
          return toMessageDetail(found, threadOf(db, id, found.message.thread_key));
        })(),
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

      'analytics.summary': (period) => data((db) => analytics.summary(db, period))(),
      'analytics.exportCsv': (period) => data((db) => analytics.exportCsv(db, period))(),

      'messages.add': ({ text, channel, from, fromName, receivedAt, subject }) =>
        data((db) => {
          const { stored } = messages.addMessage(
            db,
            {
              text,
              channel,
              from,
              fromName,
              subject,
              receivedAt: receivedAt === undefined ? null : new Date(receivedAt).toISOString(),
            },
            readSettings(db).responseTargets,
          );
          const id = stored.id ?? '';
          if (!stored.duplicate)
            emit('messages.arrived', { count: 1, crisis: stored.tier === 'crisis' ? [id] : [] });
          return { id, duplicate: stored.duplicate, tier: stored.tier ?? 'routine' };
        })(),
      'messages.takeUnseenArrivals': () => data((db) => takeUnseenArrivals(db))(),
      'messages.prepareImport': () => {
        void messages.prepareImport();
        return {};
      },
      'messages.cancelImport': () => ({ cancelled: imports.cancel() }),
      'messages.inspectCsv': ({ file }) => inspectCsv(vault.requireDatabase(), file),
      'replies.get': ({ messageId }) => data((db) => replies.get(db, messageId))(),
      'replies.saveDraft': (input) => data((db) => replies.saveDraft(db, input))(),
      'replies.submitForReview': ({ id, checklist }) =>
        data((db) => replies.submitForReview(db, id, checklist))(),
      'replies.markReady': ({ id, checklist }) => data((db) => replies.markReady(db, id, checklist))(),
      'replies.returnToDraft': ({ id }) => data((db) => replies.returnToDraft(db, id))(),
      'replies.discardDraft': ({ id }) =>
        data((db) => {
          replies.discardDraft(db, id);
          return {};
        })(),
      'replies.outbox': () => data((db) => ({ items: replies.outbox(db) }))(),
      'replies.exportEml': async ({ ids, folder }) => ({
        files: await replies.exportEml(vault.requireDatabase(), ids, folder),
      }),
      'replies.markSent': ({ ids }) => data((db) => ({ replies: replies.markSent(db, ids) }))(),

      'search.query': ({ text, kinds, clientId, limit }) =>
        data((db) => ({ hits: searchIndex(db, text, { kinds, clientId, limit }) }))(),

      'exchange.identity': () => exchange.identity(),
      'exchange.updateIdentity': (changes) => exchange.updateIdentity(changes),
      'exchange.directory': () => exchange.directory(),
      'exchange.addMember': ({ cardText }) => exchange.addMember(cardText),
      'exchange.verifyMember': ({ id, fingerprint }) => exchange.verifyMember(id, fingerprint),
      'exchange.removeMember': ({ id }) => exchange.removeMember(id),
      'exchange.previewExport': (selection) => exchange.previewExport(selection),
      'exchange.exportSummaries': (input) => exchange.exportSummaries(input),
      'exchange.cancel': () => exchange.cancel(),
      'exchange.inspect': (input) => exchange.inspect(input),
      'exchange.accept': (input) => exchange.accept(input),
      'exchange.exportReviewRequests': (input) => exchange.exportReviewRequests(input),
      'exchange.reviewRequests': () => exchange.reviewRequests(),
      'exchange.decideReview': (input) => exchange.decideReview(input),
      'exchange.exportReviewDecisions': (input) => exchange.exportReviewDecisions(input),
      'exchange.importedSummaries': (input) => exchange.importedSummaries(input),
      // Whole-vault transfer (issue 8, payload (d)): inspect and import work with no vault here.
      'exchange.exportVaultTransfer': (input) => vaultTransfer.exportVaultTransfer(input),
      'exchange.inspectVaultTransfer': (input) => vaultTransfer.inspectVaultTransfer(input),
      'exchange.importVaultTransfer': (input) => vaultTransfer.importVaultTransfer(input),

      'writing.analyse': ({ text }) => writing.analyse(text),
      'practice.list': () => ({ messages: writing.listPractice() }),
      'practice.saveAttempt': (input) => data((db) => writing.saveAttempt(db, input))(),
      'practice.progress': () => data((db) => writing.progress(db))(),

      'demo.generate': (request) =>
        withStorageErrors(() => generateDemoData(vault.requireDatabase(), request)),
    },
    {
      mapError: toStorageError,
      onRpcError: (method, error) => {
        // A damaged backup file (or vault transfer) says nothing about the vault itself.
        if (
          !method.startsWith('backup.verify') &&
          !method.startsWith('backup.restore') &&
          !method.endsWith('VaultTransfer')
        )
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
      void inbox.stop();
      // A thread started for an import that never came (a wrong passphrase) must not hold the process.
      messages.stopTriageThread();
      vault.close();
      listeners.clear();
    },
  };
}

/** zod's partial() yields explicit undefineds; settings updates take only what was sent. */
function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
