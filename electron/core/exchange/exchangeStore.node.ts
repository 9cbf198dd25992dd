import type {
  ImportedSummary,
  SignerStatus,
  TeamMember,
  TeamRole,
} from '../../../shared/rpc/exchangeSchemas.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import type { ExchangeKeys } from './identity.node.ts';

export interface StoredIdentity extends ExchangeKeys {
  displayName: string;
  role: TeamRole;
  createdAt: string;
}

export function readIdentity(db: VaultDatabase): StoredIdentity | undefined {
  return db
    .prepare(
      `SELECT display_name AS displayName, role, age_secret AS ageSecret, age_recipient AS ageRecipient,
         signing_secret AS signingSecret, signing_key AS signingKey, pseudonym_key AS pseudonymKey,
         created_at AS createdAt
       FROM exchange_identity WHERE id = 1`,
    )
    .get() as StoredIdentity | undefined;
}

/** Inserts only if there is none yet, so two racing first calls keep one identity. */
export function insertIdentity(db: VaultDatabase, identity: StoredIdentity): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO exchange_identity (id, display_name, role, age_secret, age_recipient, signing_secret,
           signing_key, pseudonym_key, created_at)
         VALUES (1, @displayName, @role, @ageSecret, @ageRecipient, @signingSecret, @signingKey, @pseudonymKey,
           @createdAt)`,
      )
      .run(identity).changes === 1
  );
}

export function updateIdentityCard(db: VaultDatabase, displayName: string, role: TeamRole): void {
  db.prepare('UPDATE exchange_identity SET display_name = ?, role = ? WHERE id = 1').run(displayName, role);
}

interface MemberRow {
  id: string;
  display_name: string;
  role: TeamRole;
  age_recipient: string;
  signing_key: string;
  fingerprint: string;
  verified_at: string | null;
  added_at: string;
}

function toMember(row: MemberRow): TeamMember {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    ageRecipient: row.age_recipient,
    signingKey: row.signing_key,
    fingerprint: row.fingerprint,
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at,
    addedAt: row.added_at,
  };
}

export function listMembers(db: VaultDatabase): TeamMember[] {
  return (
    db.prepare('SELECT * FROM exchange_members ORDER BY display_name COLLATE NOCASE, id').all() as MemberRow[]
  ).map(toMember);
}

export function getMember(db: VaultDatabase, id: string): TeamMember | undefined {
  const row = db.prepare('SELECT * FROM exchange_members WHERE id = ?').get(id) as MemberRow | undefined;
  return row === undefined ? undefined : toMember(row);
}

export function memberBySigningKey(db: VaultDatabase, signingKey: string): TeamMember | undefined {
  const row = db.prepare('SELECT * FROM exchange_members WHERE signing_key = ?').get(signingKey) as
    MemberRow | undefined;
  return row === undefined ? undefined : toMember(row);
}

export function memberByKeys(
  db: VaultDatabase,
  ageRecipient: string,
  signingKey: string,
): TeamMember | undefined {
  const row = db
    .prepare('SELECT * FROM exchange_members WHERE age_recipient = ? OR signing_key = ? LIMIT 1')
    .get(ageRecipient, signingKey) as MemberRow | undefined;
  return row === undefined ? undefined : toMember(row);
}

export function insertMember(db: VaultDatabase, member: Omit<TeamMember, 'verified'>): void {
  db.prepare(
    `INSERT INTO exchange_members (id, display_name, role, age_recipient, signing_key, fingerprint, verified_at, added_at)
     VALUES (@id, @displayName, @role, @ageRecipient, @signingKey, @fingerprint, @verifiedAt, @addedAt)`,
  ).run(member);
}

export function markMemberVerified(db: VaultDatabase, id: string, at: string): void {
  db.prepare('UPDATE exchange_members SET verified_at = ? WHERE id = ?').run(at, id);
}

export function deleteMember(db: VaultDatabase, id: string): void {
  db.prepare('DELETE FROM exchange_members WHERE id = ?').run(id);
}

export function bundleImported(db: VaultDatabase, bundleId: string): boolean {
  return db.prepare('SELECT 1 FROM exchange_bundles WHERE bundle_id = ?').get(bundleId) !== undefined;
}

export interface BundleRow {
  bundleId: string;
  manifestSha256: string;
  senderName: string;
  senderRole: TeamRole;
  signingKey: string;
  signerStatus: SignerStatus;
  createdAt: string;
  importedAt: string;
  entries: number;
  contents: string;
}

export function insertBundle(db: VaultDatabase, bundle: BundleRow): void {
  db.prepare(
    `INSERT INTO exchange_bundles (bundle_id, manifest_sha256, sender_name, sender_role, signing_key, signer_status,
       created_at, imported_at, entries, contents)
     VALUES (@bundleId, @manifestSha256, @senderName, @senderRole, @signingKey, @signerStatus, @createdAt,
       @importedAt, @entries, @contents)`,
  ).run(bundle);
}

export interface SummaryRow {
  id: string;
  bundleId: string;
  signingKey: string;
  summaryId: string;
  contentSha256: string;
  clientRef: string;
  clientLabel: string;
  pseudonymised: number;
  sessionAt: string;
  payload: string;
  markdown: string;
  importedAt: string;
}

/** False when this version of this summary from this sender is already here. */
export function insertSummary(db: VaultDatabase, row: SummaryRow): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO exchange_summaries (id, bundle_id, signing_key, summary_id, content_sha256, client_ref,
           client_label, pseudonymised, session_at, payload, markdown, imported_at)
         VALUES (@id, @bundleId, @signingKey, @summaryId, @contentSha256, @clientRef, @clientLabel, @pseudonymised,
           @sessionAt, @payload, @markdown, @importedAt)`,
      )
      .run(row).changes === 1
  );
}

export function listImportedSummaries(
  db: VaultDatabase,
  options: { bundleId?: string | undefined; limit: number; offset: number },
): { summaries: ImportedSummary[]; total: number } {
  const where = options.bundleId === undefined ? '' : 'WHERE s.bundle_id = ?';
  const params = options.bundleId === undefined ? [] : [options.bundleId];
  const rows = db
    .prepare(
      `SELECT s.id, s.bundle_id AS bundleId, b.sender_name AS senderName, b.signer_status AS signer,
         s.client_ref AS clientRef, s.client_label AS clientLabel, s.pseudonymised, s.session_at AS sessionAt,
         s.markdown, s.payload, s.imported_at AS importedAt
       FROM exchange_summaries s JOIN exchange_bundles b ON b.bundle_id = s.bundle_id
       ${where} ORDER BY s.session_at DESC, s.id LIMIT ? OFFSET ?`,
    )
    .all(...params, options.limit, options.offset) as (Omit<ImportedSummary, 'pseudonymised' | 'summary'> & {
    pseudonymised: number;
    payload: string;
  })[];
  const total = db
    .prepare(`SELECT count(*) FROM exchange_summaries s ${where}`)
    .pluck()
    .get(...params) as number;
  return {
    summaries: rows.map(({ payload, pseudonymised, ...row }) => ({
      ...row,
      pseudonymised: pseudonymised === 1,
      summary: JSON.parse(payload) as Record<string, unknown>,
    })),
    total,
  };
}
