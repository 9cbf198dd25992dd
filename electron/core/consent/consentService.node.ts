import { createHash, randomUUID } from 'node:crypto';
import { diffLines } from 'diff';
import {
  CONSENT_KINDS,
  consentStatus,
  currentRecord,
  distanceConsentCovers,
  isInForce,
} from '../../../shared/domain/consent.std.ts';
import type { ConsentKind, ConsentStatus, Modality } from '../../../shared/domain/consent.std.ts';
import type { MethodOutput, MethodParams } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { ConsentRecord, ConsentTemplate } from '../../../shared/rpc/recordSchemas.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { getClient, listClients, touchClient } from '../clients/clientStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { readSettings } from '../vault/settingsStore.node.ts';
import { DEFAULT_CONSENT_TEMPLATES } from './defaultTemplates.node.ts';
import {
  allConsents,
  consentsForClient,
  getConsent,
  getEvidence,
  getTemplate,
  insertConsent,
  insertTemplate,
  latestVersion,
  listTemplates,
  markWithdrawn,
} from './consentStore.node.ts';
import type { StoredConsent } from './consentStore.node.ts';

const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

function notFound(what: string): RpcError {
  return new RpcError({ code: 'NOT_FOUND', message: `${what} not found.` });
}

export function requireClient(db: VaultDatabase, id: string) {
  const client = getClient(db, id);
  if (client === undefined) throw notFound('Client');
  return client;
}

/** The first time consent is used in a vault, version 1 of each text is put in place. */
function ensureTemplates(db: VaultDatabase, now: Date): void {
  for (const kind of CONSENT_KINDS) {
    if (latestVersion(db, kind) > 0) continue;
    const text = DEFAULT_CONSENT_TEMPLATES[kind];
    insertTemplate(db, { id: randomUUID(), kind, version: 1, ...text, createdAt: now.toISOString() });
  }
}

function withStatus(record: StoredConsent, now: Date, warningDays: number): ConsentRecord {
  return { ...record, status: consentStatus(record, now, warningDays) };
}

/** What each kind of consent is for this client, from its newest record. */
export function consentStatusByKind(records: readonly StoredConsent[], now: Date, warningDays: number) {
  return Object.fromEntries(
    CONSENT_KINDS.map((kind) => [kind, consentStatus(currentRecord(records, kind), now, warningDays)]),
  ) as Record<ConsentKind, ConsentStatus>;
}

/**
 * The core's rule, whatever the UI shows: a distance session needs distance consent
 * covering its modality, and sharing with the team needs team-sharing consent.
 */
export function assertConsent(
  db: VaultDatabase,
  clientId: string,
  need: { modality: Modality } | { kind: 'team_sharing' },
  now: Date,
): void {
  const records = consentsForClient(db, clientId);
  const allowed =
    'modality' in need
      ? distanceConsentCovers(currentRecord(records, 'distance_counselling'), need.modality, now)
      : isInForce(consentStatus(currentRecord(records, 'team_sharing'), now, 0));
  if (!allowed) {
    throw new RpcError({
      code: 'CONSENT_REQUIRED',
      message:
        'modality' in need
          ? `No distance-counselling consent in force covers ${need.modality} for this client.`
          : 'No team-sharing consent is in force for this client.',
    });
  }
}

export function createConsentService(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());

  return {
    templates(db: VaultDatabase): { templates: ConsentTemplate[] } {
      ensureTemplates(db, now());
      return { templates: listTemplates(db) };
    },

    saveTemplate(db: VaultDatabase, input: MethodParams<'consent.saveTemplate'>): ConsentTemplate {
      return db
        .transaction(() => {
          ensureTemplates(db, now());
          const template: ConsentTemplate = {
            id: randomUUID(),
            version: latestVersion(db, input.kind) + 1,
            createdAt: now().toISOString(),
            ...input,
          };
          insertTemplate(db, template);
          return template;
        })
        .immediate();
    },

    compareTemplates(
      db: VaultDatabase,
      fromId: string,
      toId: string,
    ): MethodOutput<'consent.compareTemplates'> {
      const from = getTemplate(db, fromId);
      const to = getTemplate(db, toId);
      if (from === undefined || to === undefined) throw notFound('Consent template');
      const render = (t: ConsentTemplate) =>
        [t.title, '', t.body, '', ...t.checklist.map((item) => `• ${item.label}`)].join('\n') + '\n';
      return {
        changes: diffLines(render(from), render(to)).flatMap((part) =>
          part.value
            .replace(/\n$/, '')
            .split('\n')
            .map(
              (text) => ({ change: part.added ? 'added' : part.removed ? 'removed' : 'same', text }) as const,
            ),
        ),
      };
    },

    record(db: VaultDatabase, input: MethodParams<'consent.record'>): ConsentRecord {
      requireClient(db, input.clientId);
      const template = getTemplate(db, input.templateId);
      if (template === undefined) throw notFound('Consent template');
      if (template.kind === 'distance_counselling' && input.modalities.length === 0) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'modalities',
          message: 'Distance-counselling consent must name the modalities it covers.',
        });
      }
      // A little clock drift between devices is tolerated; a date days ahead is a typing slip.
      if (Date.parse(input.givenAt) > now().getTime() + 10 * 60_000) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'givenAt',
          message: 'Consent cannot be given in the future.',
        });
      }
      if (input.expiresAt !== null && Date.parse(input.expiresAt) <= Date.parse(input.givenAt)) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'expiresAt',
          message: 'Expiry must come after the date given.',
        });
      }
      let evidence: { name: string; bytes: Buffer; sha256: string } | null = null;
      if (input.evidence !== null) {
        const bytes = Buffer.from(input.evidence.base64, 'base64');
        if (bytes.length > MAX_EVIDENCE_BYTES) {
          throw new RpcError({ code: 'PAYLOAD_TOO_LARGE', message: 'Evidence files can be at most 10 MB.' });
        }
        evidence = {
          name: input.evidence.name,
          bytes,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        };
      }
      const id = randomUUID();
      db.transaction(() => {
        insertConsent(db, {
          id,
          clientId: input.clientId,
          templateId: template.id,
          kind: template.kind,
          modalities: input.modalities,
          givenAt: input.givenAt,
          method: input.method,
          explained: input.explained,
          expiresAt: input.expiresAt,
          withdrawnAt: null,
          withdrawalReason: null,
          evidence,
          createdAt: now().toISOString(),
        });
        touchClient(db, input.clientId, input.givenAt);
        appendAudit(db, {
          action: 'consent.changed',
          clientId: input.clientId,
          details: { change: 'given', kind: template.kind, version: template.version, consentId: id },
        });
      }).immediate();
      return withStatus(getConsent(db, id) as StoredConsent, now(), readSettings(db).consentWarningDays);
    },

    evidence(db: VaultDatabase, id: string): MethodOutput<'consent.evidence'> {
      const evidence = getEvidence(db, id);
      if (evidence === undefined) throw notFound('Consent evidence');
      if (createHash('sha256').update(evidence.bytes).digest('hex') !== evidence.sha256) {
        throw new RpcError({
          code: 'VAULT_CORRUPT',
          message: 'The evidence file no longer matches its recorded hash.',
        });
      }
      appendAudit(db, {
        action: 'export.completed',
        clientId: evidence.clientId,
        details: { record: 'consent_evidence', consentId: id },
      });
      return { name: evidence.name, base64: evidence.bytes.toString('base64'), sha256: evidence.sha256 };
    },

    withdraw(db: VaultDatabase, input: MethodParams<'consent.withdraw'>): ConsentRecord {
      const record = getConsent(db, input.id);
      if (record === undefined) throw notFound('Consent record');
      if (record.withdrawnAt !== null) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'id',
          message: 'This consent was already withdrawn.',
        });
      }
      const at = input.withdrawnAt ?? now().toISOString();
      db.transaction(() => {
        markWithdrawn(db, input.id, at, input.reason);
        appendAudit(db, {
          action: 'consent.changed',
          clientId: record.clientId,
          details: { change: 'withdrawn', kind: record.kind, consentId: record.id },
        });
      }).immediate();
      return withStatus(
        getConsent(db, input.id) as StoredConsent,
        now(),
        readSettings(db).consentWarningDays,
      );
    },

    forClient(db: VaultDatabase, clientId: string): MethodOutput<'consent.forClient'> {
      requireClient(db, clientId);
      const records = consentsForClient(db, clientId);
      const warningDays = readSettings(db).consentWarningDays;
      return {
        records: records.map((record) => withStatus(record, now(), warningDays)),
        byKind: consentStatusByKind(records, now(), warningDays),
      };
    },

    reminders(db: VaultDatabase): MethodOutput<'consent.reminders'> {
      const warningDays = readSettings(db).consentWarningDays;
      const byClient = new Map<string, StoredConsent[]>();
      for (const record of allConsents(db)) {
        byClient.set(record.clientId, [...(byClient.get(record.clientId) ?? []), record]);
      }
      const expiringSoon: MethodOutput<'consent.reminders'>['expiringSoon'] = [];
      const withoutConsent: MethodOutput<'consent.reminders'>['withoutConsent'] = [];
      for (const client of listClients(db, { status: 'active', limit: 100_000, offset: 0 }).clients) {
        const records = byClient.get(client.id) ?? [];
        for (const kind of CONSENT_KINDS) {
          const current = currentRecord(records, kind);
          if (current !== undefined && consentStatus(current, now(), warningDays) === 'expiring_soon') {
            expiringSoon.push({ ...withStatus(current, now(), warningDays), clientName: client.displayName });
          }
        }
        if (!isInForce(consentStatus(currentRecord(records, 'distance_counselling'), now(), warningDays))) {
          withoutConsent.push({ clientId: client.id, clientName: client.displayName });
        }
      }
      expiringSoon.sort((a, b) => Date.parse(a.expiresAt ?? '') - Date.parse(b.expiresAt ?? ''));
      return { expiringSoon, withoutConsent };
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
