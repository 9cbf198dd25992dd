/**
 * Incoming messages: import (each file all-or-nothing, every message triaged and linked
 * to a client), the ordered queue, status changes, tier overrides and re-triage.
 */
import { basename } from 'node:path';
import { DEFAULT_RESPONSE_TARGETS, dueAt } from '../../../shared/domain/responseTargets.std.ts';
import type { ResponseTargets } from '../../../shared/domain/responseTargets.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';
import type { TriageEngine, TriageResult } from '../../../shared/triage/triageEngine.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { insertClient } from '../clients/clientStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { detectFileFormat } from './import/detectFormat.node.ts';
import { ImportFileError } from './import/importFileError.node.ts';
import type { ImportedMessage, MessageChannel } from './import/importedMessage.node.ts';
import { readImportFile } from './import/readImportFile.node.ts';
import type { ImportFileOptions } from './import/readImportFile.node.ts';
import {
  ageQueue,
  createImportRecord,
  findDuplicate,
  finishImportRecord,
  getMessage,
  getOverride,
  insertMessage,
  queuePage,
  recordTriage,
  saveOverride,
  setEffectiveTier,
  setStatus,
  triageHistory,
} from './messageStore.node.ts';
import type { MessageStatus, QueueFilter, QueueRow } from './messageStore.node.ts';

export interface FileReport {
  file: string;
  format: string | null;
  /** "imported" even when some items were rejected; "failed" means nothing was kept. */
  outcome: 'imported' | 'failed';
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
}

export function createMessageService(options: MessageServiceOptions = {}) {
  const now = options.now ?? (() => new Date());
  const engine = () => options.engine ?? defaultTriageEngine();

  function linkClient(
    db: VaultDatabase,
    directory: Map<string, string>,
    message: ImportedMessage,
    triage: TriageResult,
    at: Date,
  ): string | null {
    if (message.from === null) return null;
    const kind = CLIENT_CHANNEL[message.channel];
    const key = `${kind}:${normaliseHandle(kind, message.from)}`;
    const known = directory.get(key);
    if (known !== undefined) return known;
    // Spam and bare acknowledgements from strangers do not become clients.
    if (triage.tier === 'none') return null;
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
   * Imports one file in one transaction: if the file fails part-way (cancelled,
   * unreadable, malformed beyond single items), nothing from it is kept.
   */
  async function importFile(
    db: VaultDatabase,
    path: string,
    targets: ResponseTargets,
    readOptions: ImportFileOptions,
  ): Promise<FileReport> {
    const report: FileReport = {
      file: basename(path),
      format: null,
      outcome: 'imported',
      imported: 0,
      duplicates: 0,
      rejected: [],
      error: null,
      crisis: [],
    };
    const started = now();
    // Items are read first, then written in one synchronous transaction, so a failure
    // while reading leaves the vault untouched.
    const items: { index: number; message: ImportedMessage }[] = [];
    try {
      const format = readOptions.format ?? (await detectFileFormat(path));
      report.format = format;
      for await (const outcome of readImportFile(path, { ...readOptions, format })) {
        if (outcome.kind === 'rejected')
          report.rejected.push({ item: outcome.index + 1, reason: outcome.reason });
        else items.push({ index: outcome.index, message: outcome.message });
      }
    } catch (error) {
      report.outcome = 'failed';
      report.error = error instanceof ImportFileError ? error.message : 'The file could not be read.';
      report.rejected = [];
      return report;
    }
    const at = started.toISOString();
    db.transaction(() => {
      const importId = createImportRecord(db, { fileName: report.file, format: report.format, at });
      const directory = clientDirectory(db);
      const seen = new Set<string>();
      for (const { message } of items) {
        const dedupeKey =
          message.sourceId === null ? `h:${message.contentHash}` : `s:${message.channel}:${message.sourceId}`;
        if (seen.has(dedupeKey) || findDuplicate(db, message) !== null) {
          report.duplicates++;
          continue;
        }
        seen.add(dedupeKey);
        const triage = engine().triage(message.text);
        const receivedAt = message.receivedAt ?? at;
        const clientId = linkClient(db, directory, message, triage, started);
        const id = insertMessage(db, {
          message,
          receivedAt,
          importedAt: at,
          clientId,
          importId,
          triage,
          dueAt: dueAt(new Date(receivedAt), triage.tier, targets).toISOString(),
        });
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
    return report;
  }

  return {
    rulesVersion: () => engine().version,

    async importFiles(
      db: VaultDatabase,
      paths: readonly string[],
      targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS,
      readOptions: ImportFileOptions = {},
    ): Promise<FileReport[]> {
      const reports: FileReport[] = [];
      for (const path of paths) reports.push(await importFile(db, path, targets, readOptions));
      return reports;
    },

    queue(
      db: VaultDatabase,
      filter: QueueFilter,
      limit: number,
      after?: { queueRank: number; dueAt: string; id: string },
    ): QueueRow[] {
      ageQueue(db, now().toISOString());
      return queuePage(db, filter, { limit, after });
    },

    get(db: VaultDatabase, id: string) {
      const message = getMessage(db, id);
      if (message === undefined) throw new RpcError({ code: 'NOT_FOUND', message: 'No such message.' });
      const history = triageHistory(db, id).map((row) => ({
        rulesVersion: row.rules_version,
        tier: row.tier,
        score: row.score,
        triagedAt: row.triaged_at,
        result: JSON.parse(row.result) as TriageResult,
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
      setStatus(db, id, status, extra);
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
     * Triage every message again with the current rules: each keeps its earlier results,
     * and an override still decides the queue tier.
     */
    retriageAll(
      db: VaultDatabase,
      targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS,
    ): { retriaged: number; changed: number } {
      const at = now().toISOString();
      let retriaged = 0;
      let changed = 0;
      db.transaction(() => {
        const rows = db
          .prepare(
            `SELECT m.id, m.body, m.tier, m.received_at, o.tier AS override
             FROM messages m LEFT JOIN tier_overrides o ON o.message_id = m.id`,
          )
          .all() as { id: string; body: string; tier: Tier; received_at: string; override: Tier | null }[];
        for (const row of rows) {
          const triage = engine().triage(row.body);
          recordTriage(db, row.id, triage, at);
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
        appendAudit(db, {
          action: 'message.retriaged',
          details: { rulesVersion: engine().version, retriaged, changed },
        });
      }).immediate();
      return { retriaged, changed };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
