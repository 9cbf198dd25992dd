import type { ConsentKind, ConsentMethod, Modality } from '../../../shared/domain/consent.std.ts';
import type { ConsentTemplate } from '../../../shared/rpc/recordSchemas.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

export interface StoredConsent {
  id: string;
  clientId: string;
  templateId: string;
  templateVersion: number;
  kind: ConsentKind;
  modalities: Modality[];
  givenAt: string;
  method: ConsentMethod;
  explained: string[];
  expiresAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  evidence: { name: string; sha256: string; bytes: number } | null;
}

interface TemplateRow {
  id: string;
  kind: ConsentKind;
  version: number;
  title: string;
  body: string;
  checklist: string;
  created_at: string;
}

function toTemplate(row: TemplateRow): ConsentTemplate {
  return {
    id: row.id,
    kind: row.kind,
    version: row.version,
    title: row.title,
    body: row.body,
    checklist: JSON.parse(row.checklist) as ConsentTemplate['checklist'],
    createdAt: row.created_at,
  };
}

export function listTemplates(db: VaultDatabase): ConsentTemplate[] {
  return (db.prepare('SELECT * FROM consent_templates ORDER BY kind, version').all() as TemplateRow[]).map(
    toTemplate,
  );
}

export function getTemplate(db: VaultDatabase, id: string): ConsentTemplate | undefined {
  const row = db.prepare('SELECT * FROM consent_templates WHERE id = ?').get(id) as TemplateRow | undefined;
  return row === undefined ? undefined : toTemplate(row);
}

export function insertTemplate(db: VaultDatabase, template: ConsentTemplate): void {
  db.prepare(
    `INSERT INTO consent_templates (id, kind, version, title, body, checklist, created_at)
     VALUES (@id, @kind, @version, @title, @body, @checklist, @createdAt)`,
  ).run({ ...template, checklist: JSON.stringify(template.checklist) });
}

export function latestVersion(db: VaultDatabase, kind: ConsentKind): number {
  const row = db
    .prepare('SELECT max(version) AS version FROM consent_templates WHERE kind = ?')
    .get(kind) as {
    version: number | null;
  };
  return row.version ?? 0;
}

const RECORD_COLUMNS = `r.id, r.client_id AS clientId, r.template_id AS templateId, t.version AS templateVersion,
  r.kind, r.modalities, r.given_at AS givenAt, r.method, r.explained, r.expires_at AS expiresAt,
  r.withdrawn_at AS withdrawnAt, r.withdrawal_reason AS withdrawalReason, r.evidence_name AS evidenceName,
  r.evidence_sha256 AS evidenceSha256, length(r.evidence) AS evidenceBytes`;

type RecordRow = Omit<StoredConsent, 'modalities' | 'explained' | 'evidence'> & {
  modalities: string;
  explained: string;
  evidenceName: string | null;
  evidenceSha256: string | null;
  evidenceBytes: number | null;
};

function toRecord(row: RecordRow): StoredConsent {
  const { evidenceName, evidenceSha256, evidenceBytes, ...rest } = row;
  return {
    ...rest,
    modalities: JSON.parse(row.modalities) as Modality[],
    explained: JSON.parse(row.explained) as string[],
    evidence:
      evidenceName !== null && evidenceSha256 !== null
        ? { name: evidenceName, sha256: evidenceSha256, bytes: evidenceBytes ?? 0 }
        : null,
  };
}

export function insertConsent(
  db: VaultDatabase,
  record: Omit<StoredConsent, 'templateVersion' | 'evidence'> & {
    evidence: { name: string; bytes: Buffer; sha256: string } | null;
    createdAt: string;
  },
): void {
  db.prepare(
    `INSERT INTO consent_records (id, client_id, template_id, kind, modalities, given_at, method, explained,
       expires_at, withdrawn_at, withdrawal_reason, evidence, evidence_name, evidence_sha256, created_at)
     VALUES (@id, @clientId, @templateId, @kind, @modalities, @givenAt, @method, @explained,
       @expiresAt, @withdrawnAt, @withdrawalReason, @evidence, @evidenceName, @evidenceSha256, @createdAt)`,
  ).run({
    ...record,
    modalities: JSON.stringify(record.modalities),
    explained: JSON.stringify(record.explained),
    evidence: record.evidence?.bytes ?? null,
    evidenceName: record.evidence?.name ?? null,
    evidenceSha256: record.evidence?.sha256 ?? null,
  });
}

export function getConsent(db: VaultDatabase, id: string): StoredConsent | undefined {
  const row = db
    .prepare(
      `SELECT ${RECORD_COLUMNS} FROM consent_records r JOIN consent_templates t ON t.id = r.template_id WHERE r.id = ?`,
    )
    .get(id) as RecordRow | undefined;
  return row === undefined ? undefined : toRecord(row);
}

export function consentsForClient(db: VaultDatabase, clientId: string): StoredConsent[] {
  return (
    db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM consent_records r JOIN consent_templates t ON t.id = r.template_id
         WHERE r.client_id = ? ORDER BY r.given_at DESC`,
      )
      .all(clientId) as RecordRow[]
  ).map(toRecord);
}

export function allConsents(db: VaultDatabase): StoredConsent[] {
  return (
    db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM consent_records r JOIN consent_templates t ON t.id = r.template_id`,
      )
      .all() as RecordRow[]
  ).map(toRecord);
}

export function getEvidence(
  db: VaultDatabase,
  id: string,
): { clientId: string; name: string; bytes: Buffer; sha256: string } | undefined {
  const row = db
    .prepare(
      `SELECT client_id AS clientId, evidence_name AS name, evidence AS bytes, evidence_sha256 AS sha256
       FROM consent_records WHERE id = ? AND evidence IS NOT NULL`,
    )
    .get(id) as { clientId: string; name: string; bytes: Buffer; sha256: string } | undefined;
  return row;
}

export function markWithdrawn(db: VaultDatabase, id: string, at: string, reason: string): void {
  db.prepare('UPDATE consent_records SET withdrawn_at = ?, withdrawal_reason = ? WHERE id = ?').run(
    at,
    reason,
    id,
  );
}
