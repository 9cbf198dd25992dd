/**
 * Incoming messages: import (each file all-or-nothing, every message triaged and linked
 * to a client), the ordered queue, status changes, tier overrides and re-triage.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_RESPONSE_TARGETS, TIER_RANK, dueAt } from '../../../shared/domain/responseTargets.std.ts';
import type { ResponseTargets } from '../../../shared/domain/responseTargets.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { defaultTriageEngine, defaultTriageEngineBuilt } from '../../../shared/triage/defaultEngine.std.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import type { TriageEngine } from '../../../shared/triage/triageEngine.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { insertClient } from '../clients/clientStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import {
  BACKGROUND_AFTER,
  WAITING_LIMIT,
  SOURCE_TRIAGE_WORKER,
  createTriageThread,
  shareTriage,
} from './backgroundTriage.node.ts';
import type { TriageThread } from './backgroundTriage.node.ts';
import { readTriageJson, storedTriage } from './compactTriage.node.ts';
import type { StoredTriage } from './compactTriage.node.ts';
import { detectFileFormat } from './import/detectFormat.node.ts';
import { ImportFileError, throwIfCancelled } from './import/importFileError.node.ts';
import { buildItemOutcome } from './import/importedMessage.node.ts';
import type { ImportedMessage, MessageChannel, MessageFields } from './import/importedMessage.node.ts';
import { readImportFile } from './import/readImportFile.node.ts';
import { dropStaged, stageItems, stagedItems } from './importStaging.node.ts';
import type { ImportFileOptions } from './import/readImportFile.node.ts';
import {
  ageQueue,
  createImportRecord,
  findDuplicate,
  writeStamp,
  finishImportRecord,
  getMessage,
  getOverride,
  insertMessage,
  queuePage,
  queueCounts,
  recordTriage,
  saveOverride,
  setEffectiveTier,
  setStatus,
  triageHistory,
} from './messageStore.node.ts';
import type { MessageStatus, QueueCounts, QueueFilter, QueueRow } from './messageStore.node.ts';

/** Cancel and progress for a running import (messages.cancelImport, messages.importProgress). */
export interface ImportControl {
  signal?: AbortSignal | undefined;
  /** Items read (and triaged) so far in the current file; called at most every YIELD_EVERY_* items. */
  onProgress?: ((itemsDone: number) => void) | undefined;
}

/** One stored item: the new message, or for a duplicate the one already here (if known). */
export interface StoredItem {
  id: string | null;
  duplicate: boolean;
  tier: Tier | null;
}

const YIELD_EVERY_ITEMS = 200;
const YIELD_EVERY_MS = 100;
/** Read messages checked for duplicates together, in one read transaction. */
const CHECK_TOGETHER = 50;
/**
 * About one message in an export file: a file as big as BACKGROUND_AFTER of them starts
 * the triage thread before it is read, so the thread is ready when the messages are.
 */
const TYPICAL_MESSAGE_BYTES = 1024;
/**
 * Text held in memory before a file is staged in parts: about 16,000 typical messages,
 * some 100 MB of memory with their triage results. Staging costs time (each staged
 * message is written, read back and securely deleted), so only files bigger than this
 * pay it; a 1 GB mailbox held whole would take gigabytes.
 */
const STAGE_AFTER_CHARS = 16_000_000;

export interface FileReport {
  file: string;
  format: string | null;
  /** "imported" even when some items were rejected; "failed" and "cancelled" mean nothing was kept. */
  outcome: 'imported' | 'failed' | 'cancelled';
  imported: number;
  duplicates: number;
  rejected: { item: number; reason: string }[];
  error: string | null;
  /** Ids of crisis-tier messages this file brought in, so the app can raise an alert. */
  crisis: string[];
}

/** How a message's channel maps onto the kinds of contact detail a client record keeps. */
const CLIENT_CHANNEL: Record<MessageChannel, 'email' | 'phone' | 'chat' | 'social'> = {
  email: 'email',
  sms: 'phone',
  chat: 'chat',
  social_post: 'social',
  social_dm: 'social',
  web_form: 'email',
};

function normaliseHandle(kind: string, value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (kind === 'phone') return trimmed.replace(/[^\d+]/g, '');
  if (kind === 'social' || kind === 'chat') return trimmed.replace(/^@/, '');
  return trimmed;
}

/** Every client's addresses and handles, so each imported message finds its client in one lookup. */
function clientDirectory(db: VaultDatabase): Map<string, string> {
  const directory = new Map<string, string>();
  const rows = db.prepare("SELECT id, channels FROM clients WHERE status = 'active'").all() as {
    id: string;
    channels: string;
  }[];
  for (const row of rows) {
    for (const channel of JSON.parse(row.channels) as { kind: string; value: string }[]) {
      directory.set(`${channel.kind}:${normaliseHandle(channel.kind, channel.value)}`, row.id);
    }
  }
  return directory;
}

export interface MessageServiceOptions {
  now?: () => Date;
  engine?: TriageEngine;
  /**
   * The import's triage thread (messages/triageWorker.node.ts, or its bundled file in the
   * packaged app); null triages on the importing thread only.
   */
  triageWorkerUrl?: string | null;
  /**
   * Read messages held in memory, in characters of text, before the settled ones are
   * staged in the vault (importStaging.node.ts); tests lower it.
   */
  stageAfterChars?: number;
}

/** A file's report before anything is read from it. */
export function emptyFileReport(path: string, format: string | null): FileReport {
  return {
    file: basename(path),
    format,
    outcome: 'imported',
    imported: 0,
    duplicates: 0,
    rejected: [],
    error: null,
    crisis: [],
  };
}

/** How often the first page of the queue re-applies ageing (and wakes snoozed messages). */
export const AGEING_INTERVAL_MS = 15_000;

/** Two read messages are the same if the source gave them one id on one channel, or, without ids, one content. */
function dedupeKeyOf(message: ImportedMessage): string {
  return message.sourceId === null ? `h:${message.contentHash}` : `s:${message.channel}:${message.sourceId}`;
}

export function createMessageService(options: MessageServiceOptions = {}) {
  const now = options.now ?? (() => new Date());
  const lastAged = new WeakMap<VaultDatabase, number>();
  const engine = () => options.engine ?? defaultTriageEngine();
  const stageAfterChars = options.stageAfterChars ?? STAGE_AFTER_CHARS;
  const triageWorkerUrl =
    options.triageWorkerUrl === undefined ? SOURCE_TRIAGE_WORKER : options.triageWorkerUrl;
  let sharedThread: TriageThread | null = null;
  /** The thread imports share triage with; none for a custom engine (tests, evaluation): it has the shipped rules. */
  const triageThread = () =>
    options.engine !== undefined || triageWorkerUrl === null
      ? null
      : (sharedThread ??= createTriageThread(triageWorkerUrl));

  function linkClient(
    db: VaultDatabase,
    directory: Map<string, string>,
    message: ImportedMessage,
    tier: Tier,
    at: Date,
  ): string | null {
    if (message.from === null) return null;
    const kind = CLIENT_CHANNEL[message.channel];
    const key = `${kind}:${normaliseHandle(kind, message.from)}`;
    const known = directory.get(key);
    if (known !== undefined) return known;
    // Spam and bare acknowledgements from strangers do not become clients.
    if (tier === 'none') return null;
    const client = insertClient(
      db,
      {
        displayName: `Client ${message.contentHash.slice(0, 6).toUpperCase()}`,
        pseudonymous: true,
        legalName: null,
        channels: [{ kind, value: message.from.slice(0, 200) }],
        capability: null,
        complexity: null,
        readinessNotes: '',
        assignedPractitioner: null,
        tags: ['imported'],
      },
      at,
    );
    directory.set(key, client.id);
    return client.id;
  }

  /**
   * Stores read items in one synchronous transaction: de-duplicated, linked to a client
   * and triaged (items triaged while reading reuse that result). Shared by file imports
   * and typed messages, so both store the same way.
   *
   * `checkedAt` is the vault's write stamp from before the reader looked each triaged item
   * up: if nothing was written since, those items are still new and are not looked up again.
   */
  function storeItems(
    db: VaultDatabase,
    items: Iterable<{ message: ImportedMessage; triage?: StoredTriage | undefined }>,
    report: FileReport,
    started: Date,
    targets: ResponseTargets,
    checkedAt?: string,
  ): StoredItem[] {
    const at = started.toISOString();
    const stored: StoredItem[] = [];
    db.transaction(() => {
      const checkedStillNew = checkedAt !== undefined && writeStamp(db) === checkedAt;
      const importId = createImportRecord(db, { fileName: report.file, format: report.format, at });
      const directory = clientDirectory(db);
      const seen = new Map<string, string | null>();
      for (const { message, triage: triagedEarlier } of items) {
        const dedupeKey = dedupeKeyOf(message);
        const existing = seen.has(dedupeKey)
          ? (seen.get(dedupeKey) ?? null)
          : checkedStillNew && triagedEarlier !== undefined
            ? null
            : findDuplicate(db, message);
        if (seen.has(dedupeKey) || existing !== null) {
          report.duplicates++;
          stored.push({ id: existing, duplicate: true, tier: null });
          continue;
        }
        const triage = triagedEarlier ?? storedTriage(message.text, engine().triage(message.text));
        const receivedAt = message.receivedAt ?? at;
        const clientId = linkClient(db, directory, message, triage.tier, started);
        const id = insertMessage(db, {
          message,
          receivedAt,
          importedAt: at,
          clientId,
          importId,
          triage,
          dueAt: dueAt(new Date(receivedAt), triage.tier, targets).toISOString(),
        });
        seen.set(dedupeKey, id);
        stored.push({ id, duplicate: false, tier: triage.tier });
        if (triage.tier === 'crisis') report.crisis.push(id);
        report.imported++;
      }
      finishImportRecord(db, importId, {
        imported: report.imported,
        duplicates: report.duplicates,
        rejected: report.rejected.length,
        report: { rejected: report.rejected.slice(0, 1000) },
      });
      appendAudit(db, {
        action: 'import.completed',
        details: {
          kind: 'messages',
          format: report.format,
          imported: report.imported,
          duplicates: report.duplicates,
          rejected: report.rejected.length,
        },
      });
    }).immediate();
    return stored;
  }

  /**
   * Imports one file in one transaction: if the file fails part-way (cancelled,
   * unreadable, malformed beyond single items), nothing from it is kept.
   *
   * Reading and triage (the slow parts) happen before the transaction and give the
   * event loop a turn every YIELD_EVERY_ITEMS items or YIELD_EVERY_MS, so a cancel
   * request reaches the worker; no transaction stays open across an await, because
   * other requests share the connection and would otherwise write inside it. A big file
   * is staged in the vault in parts as it is read (importStaging.node.ts), so memory
   * stays bounded; the final transaction moves the staged parts in with the rest.
   */
  async function importFile(
    db: VaultDatabase,
    path: string,
    targets: ResponseTargets,
    readOptions: ImportFileOptions,
    control: ImportControl = {},
  ): Promise<FileReport> {
    const report = emptyFileReport(path, null);
    const started = now();
    /** Read and not yet staged; `pending` while its triage is out. */
    let items: { message: ImportedMessage; triage: StoredTriage | undefined; pending: boolean }[] = [];
    let heldChars = 0;
    const seen = new Set<string>();
    let checkedAt: string | undefined;
    const triaging = shareTriage(engine, triageThread(), {
      // What waits for the triage thread cannot be staged yet: it counts against the same bound.
      waitingLimit: { texts: WAITING_LIMIT.texts, chars: Math.min(WAITING_LIMIT.chars, stageAfterChars / 2) },
      // Unlocking builds the rules here (to re-triage after an update), so in the app it helps.
      helpAtEnd: defaultTriageEngineBuilt,
    });
    const stagingKey = randomUUID();
    let staged = 0;

    /** Moves the settled items at the front (triaged, or read as duplicates) to the vault. */
    const stageSettled = () => {
      let settled = 0;
      while (settled < items.length && !(items[settled] as (typeof items)[number]).pending) settled++;
      if (settled === 0) return;
      // Staging is this import's own write: items checked before it are still new after it.
      const stillNew = checkedAt !== undefined && writeStamp(db) === checkedAt;
      stageItems(db, stagingKey, staged, items.slice(0, settled));
      if (stillNew) checkedAt = writeStamp(db);
      staged += settled;
      items = items.slice(settled);
      heldChars = items.reduce((sum, item) => sum + item.message.text.length, 0);
    };
    const dropStagedQuietly = () => {
      if (staged === 0) return;
      try {
        dropStaged(db, stagingKey);
      } catch {
        // The vault closed (a lock cancelled the import) or is failing: the next unlock clears them.
      }
    };
    try {
      throwIfCancelled(control.signal);
      const format = readOptions.format ?? (await detectFileFormat(path));
      report.format = format;
      if (format !== 'eml' && (await stat(path)).size >= BACKGROUND_AFTER * TYPICAL_MESSAGE_BYTES)
        triaging.expectMany();
      checkedAt = writeStamp(db);
      let lastYield = performance.now();
      let itemsDone = 0;
      /** Read, and not yet checked for duplicates: see checkRead. */
      let read: ImportedMessage[] = [];
      /**
       * Checks the messages read since the last call against the vault in one read
       * transaction (each lookup in a transaction of its own cost several times the lookup),
       * then holds them and triages the new ones. Duplicates are not triaged; the final
       * transaction checks again.
       */
      const checkRead = () => {
        if (read.length === 0) return;
        const batch = read;
        read = [];
        const firstSeen = batch.map((message) => {
          const dedupeKey = dedupeKeyOf(message);
          const first = !seen.has(dedupeKey);
          seen.add(dedupeKey);
          return first;
        });
        const inVault = db.transaction(() =>
          batch.map((message, i) => firstSeen[i] === true && findDuplicate(db, message) !== null),
        )();
        batch.forEach((message, i) => {
          const duplicate = firstSeen[i] !== true || inVault[i] === true;
          const item: (typeof items)[number] = { message, triage: undefined, pending: !duplicate };
          items.push(item);
          heldChars += message.text.length;
          if (!duplicate)
            triaging.add(message.text, (result) => {
              item.triage = result;
              item.pending = false;
            });
        });
        if (heldChars >= stageAfterChars) stageSettled();
      };
      for await (const outcome of readImportFile(path, { ...readOptions, format, signal: control.signal })) {
        // A lock closes the database and cancels in the same turn: check before touching it.
        throwIfCancelled(control.signal);
        if (outcome.kind === 'rejected')
          report.rejected.push({ item: outcome.index + 1, reason: outcome.reason });
        else {
          read.push(outcome.message);
          if (read.length >= CHECK_TOGETHER) checkRead();
        }
        itemsDone++;
        if (itemsDone % YIELD_EVERY_ITEMS === 0 || performance.now() - lastYield >= YIELD_EVERY_MS) {
          checkRead();
          control.onProgress?.(itemsDone);
          await new Promise((resolve) => setImmediate(resolve));
          throwIfCancelled(control.signal);
          lastYield = performance.now();
        }
      }
      throwIfCancelled(control.signal);
      checkRead();
      await triaging.finish(control.signal);
      throwIfCancelled(control.signal);
      control.onProgress?.(itemsDone);
    } catch (error) {
      triaging.cancel();
      dropStagedQuietly();
      const cancelled = error instanceof ImportFileError && error.code === 'CANCELLED';
      report.outcome = cancelled ? 'cancelled' : 'failed';
      report.error = cancelled
        ? 'The import was cancelled; nothing from this file was kept.'
        : error instanceof ImportFileError
          ? error.message
          : 'The file could not be read.';
      report.rejected = [];
      return report;
    }
    if (staged === 0) {
      storeItems(db, items, report, started, targets, checkedAt);
      return report;
    }
    try {
      // storeItems' transaction nests in this one, so the staged rows go as the file commits.
      db.transaction(() => {
        storeItems(db, concat(stagedItems(db, stagingKey), items), report, started, targets, checkedAt);
        dropStaged(db, stagingKey);
      }).immediate();
    } catch (error) {
      dropStagedQuietly();
      throw error;
    }
    return report;
  }

  /**
   * Triages the selected rows again, keeping each earlier result; an override still decides
   * the queue tier. One transaction, audited once. `seen` counts the rows selected (at most
   * `limit` of them are triaged).
   */
  function retriageRows(
    db: VaultDatabase,
    sql: string,
    params: unknown[],
    targets: ResponseTargets,
    limit = Number.POSITIVE_INFINITY,
  ): { retriaged: number; changed: number; seen: number } {
    const at = now().toISOString();
    let retriaged = 0;
    let changed = 0;
    let seen = 0;
    db.transaction(() => {
      const rows = db.prepare(sql).all(...params) as {
        id: string;
        body: string;
        tier: Tier;
        received_at: string;
        override: Tier | null;
      }[];
      seen = rows.length;
      for (const row of rows.slice(0, limit)) {
        const triage = engine().triage(row.body);
        recordTriage(db, row.id, storedTriage(row.body, triage), at);
        const effective = row.override ?? triage.tier;
        if (effective !== row.tier) changed++;
        setEffectiveTier(
          db,
          row.id,
          effective,
          triage.score,
          dueAt(new Date(row.received_at), effective, targets).toISOString(),
        );
        retriaged++;
      }
      if (retriaged > 0)
        appendAudit(db, {
          action: 'message.retriaged',
          details: { rulesVersion: engine().version, retriaged, changed },
        });
    }).immediate();
    return { retriaged, changed, seen };
  }

  return {
    rulesVersion: () => engine().version,

    /**
     * Starts the imports' triage thread ahead of an import (the import dialog opened, the
     * CLI was asked to import): choosing a file takes longer than the thread takes to load
     * its rules, so the import finds it ready. Resolves once it is (at once if there is none).
     */
    prepareImport(): Promise<void> {
      return triageThread()?.warm() ?? Promise.resolve();
    },

    /** Stops the imports' triage thread now (the vault locked); the next big file starts it again. */
    stopTriageThread(): void {
      sharedThread?.stop();
    },

    async importFiles(
      db: VaultDatabase,
      paths: readonly string[],
      targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS,
      readOptions: ImportFileOptions = {},
      control: ImportControl = {},
    ): Promise<FileReport[]> {
      const reports: FileReport[] = [];
      for (const path of paths) reports.push(await importFile(db, path, targets, readOptions, control));
      return reports;
    },

    /** A message typed or pasted in, stored exactly as an imported one (a one-item import). */
    addMessage(
      db: VaultDatabase,
      fields: MessageFields,
      targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS,
    ): { report: FileReport; stored: StoredItem } {
      const outcome = buildItemOutcome(0, 'The message', fields);
      if (outcome.kind === 'rejected') {
        throw new RpcError({ code: 'INVALID_INPUT', message: outcome.reason, field: 'text' });
      }
      const report: FileReport = {
        file: 'Typed or pasted message',
        format: 'typed',
        outcome: 'imported',
        imported: 0,
        duplicates: 0,
        rejected: [],
        error: null,
        crisis: [],
      };
      const [stored] = storeItems(db, [{ message: outcome.message }], report, now(), targets);
      if (stored?.id == null) throw new Error('a one-item import stored nothing');
      const tier = stored.tier ?? getMessage(db, stored.id)?.tier ?? null;
      return { report, stored: { ...stored, tier } };
    },

    queue(
      db: VaultDatabase,
      filter: QueueFilter,
      limit: number,
      after?: { queueRank: number; dueAt: string; id: string },
    ): QueueRow[] {
      // Ageing rewrites every overdue row it raises, so it runs for a first page at most
      // once per AGEING_INTERVAL_MS, not on every read; later pages keep the order they started with.
      const at = now();
      const last = lastAged.get(db) ?? Number.NEGATIVE_INFINITY;
      if (after === undefined && (at.getTime() - last >= AGEING_INTERVAL_MS || at.getTime() < last)) {
        ageQueue(db, at.toISOString());
        lastAged.set(db, at.getTime());
      }
      return queuePage(db, filter, { limit, after });
    },

    counts(db: VaultDatabase, filter: QueueFilter): QueueCounts {
      return queueCounts(db, filter, now().toISOString());
    },

    get(db: VaultDatabase, id: string) {
      const message = getMessage(db, id);
      if (message === undefined) throw new RpcError({ code: 'NOT_FOUND', message: 'No such message.' });
      const history = triageHistory(db, id).map((row) => ({
        rulesVersion: row.rules_version,
        tier: row.tier,
        score: row.score,
        triagedAt: row.triaged_at,
        result: readTriageJson(message.body, row.result),
      }));
      return { message, history, override: getOverride(db, id) ?? null };
    },

    setStatus(
      db: VaultDatabase,
      id: string,
      status: MessageStatus,
      extra: { assignee?: string | null | undefined; snoozedUntil?: string | null | undefined } = {},
    ): void {
      if (getMessage(db, id) === undefined)
        throw new RpcError({ code: 'NOT_FOUND', message: 'No such message.' });
      if (status === 'snoozed' && (extra.snoozedUntil ?? null) === null) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          message: 'Say until when to snooze.',
          field: 'snoozedUntil',
        });
      }
      setStatus(db, id, status, extra, now().toISOString());
    },

    /** A practitioner's tier, with the reason; audited, and kept through re-triage. */
    overrideTier(
      db: VaultDatabase,
      id: string,
      tier: Tier,
      reason: string,
      by: string | null,
      targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS,
    ): void {
      const message = getMessage(db, id);
      if (message === undefined) throw new RpcError({ code: 'NOT_FOUND', message: 'No such message.' });
      const at = now().toISOString();
      db.transaction(() => {
        saveOverride(db, id, { tier, reason, overridden_by: by, overridden_at: at });
        setEffectiveTier(
          db,
          id,
          tier,
          message.score,
          dueAt(new Date(message.received_at), tier, targets).toISOString(),
        );
        appendAudit(db, {
          action: 'message.tier_overridden',
          clientId: message.client_id,
          details: { from: message.tier, to: tier },
        });
      }).immediate();
    },

    /**
     * New response targets: every open message is due by them from now on (closed ones
     * keep the due time they had). Ranks return to their tier's and are aged again on the
     * next read, since a later due time can undo an overdue step.
     */
    applyResponseTargets(db: VaultDatabase, targets: ResponseTargets): number {
      let updated = 0;
      db.transaction(() => {
        const rows = db
          .prepare("SELECT id, tier, received_at FROM messages WHERE status <> 'closed'")
          .all() as { id: string; tier: Tier; received_at: string }[];
        const update = db.prepare('UPDATE messages SET due_at = ?, queue_rank = ? WHERE id = ?');
        for (const row of rows) {
          update.run(
            dueAt(new Date(row.received_at), row.tier, targets).toISOString(),
            TIER_RANK[row.tier],
            row.id,
          );
          updated++;
        }
      }).immediate();
      lastAged.delete(db);
      return updated;
    },

    /**
     * Triage every message again with the current rules: each keeps its earlier results,
     * and an override still decides the queue tier.
     */
    retriageAll(
      db: VaultDatabase,
      targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS,
    ): { retriaged: number; changed: number } {
      const { retriaged, changed } = retriageRows(
        db,
        `SELECT m.id, m.body, m.tier, m.received_at, o.tier AS override
         FROM messages m LEFT JOIN tier_overrides o ON o.message_id = m.id`,
        [],
        targets,
      );
      return { retriaged, changed };
    },

    /**
     * Re-triages up to `limit` messages that have no result from the current rules yet
     * (after an update brought new rules), so a long catch-up can run in short steps
     * between other requests. `remaining` says whether more are waiting.
     */
    retriageOutdated(
      db: VaultDatabase,
      targets: ResponseTargets,
      limit: number,
    ): { retriaged: number; changed: number; remaining: boolean } {
      const version = engine().version;
      const outcome = retriageRows(
        db,
        `SELECT m.id, m.body, m.tier, m.received_at, o.tier AS override
         FROM messages m LEFT JOIN tier_overrides o ON o.message_id = m.id
         WHERE NOT EXISTS (SELECT 1 FROM message_triage t WHERE t.message_id = m.id AND t.rules_version = ?)
         LIMIT ?`,
        [version, limit + 1],
        targets,
        limit,
      );
      return { retriaged: outcome.retriaged, changed: outcome.changed, remaining: outcome.seen > limit };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;

function* concat<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}
