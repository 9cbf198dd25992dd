import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  EventName,
  EventPayload,
  MethodOutput,
  MethodParams,
} from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type {
  BundleEntryKind,
  ReviewRequest,
  SignerStatus,
  TeamMember,
  TeamRole,
  exportTargetSchema,
} from '../../../shared/rpc/exchangeSchemas.std.ts';
import type { exchangeProgressSchema } from '../../../shared/rpc/exchangeSchemas.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { createNoteService } from '../notes/noteService.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { withStorageErrors } from '../storage/storageErrors.node.ts';
import { readSettings } from '../vault/settingsStore.node.ts';
import { openBundleFile, writeBundleFile } from './bundleFile.node.ts';
import type { BundleLock } from './bundleFile.node.ts';
import { bundleDamaged, containerChunks, describeEntry, signManifest } from './bundleFormat.node.ts';
import type { EntryBytes, Manifest } from './bundleFormat.node.ts';
import {
  bundleImported,
  deleteMember,
  getMember,
  insertBundle,
  insertIdentity,
  insertMember,
  insertSummary,
  listImportedSummaries,
  listMembers,
  markMemberVerified,
  memberByKeys,
  memberBySigningKey,
  readIdentity,
  updateIdentityCard,
} from './exchangeStore.node.ts';
import type { StoredIdentity } from './exchangeStore.node.ts';
import {
  cardQrSvg,
  cardText,
  generateExchangeKeys,
  makeCard,
  normaliseFingerprint,
  parseCard,
} from './identity.node.ts';
import { buildSummary, selectSummaries, summaryDocumentSchema, summaryMarkdown } from './summaries.node.ts';
import {
  getReviewRequest,
  insertReviewRequest,
  listReviewRequests,
  markDecisionsSent,
  recordDecision,
  reviewDecisionDocumentSchema,
  reviewRequestDocumentSchema,
  selectRepliesForReview,
  unsentDecisions,
} from './supervision.node.ts';
import type { ReviewDecisionDocument, ReviewRequestDocument } from './supervision.node.ts';
import { createReplyService } from '../replies/replyService.node.ts';
import { getReply } from '../replies/replyStore.node.ts';
import type { SummaryDocument } from './summaries.node.ts';

type Progress = z.output<typeof exchangeProgressSchema>;
type ExportTarget = z.output<typeof exportTargetSchema>;

export interface ExchangeServiceOptions {
  /** The open vault's database; throws VAULT_LOCKED when there is none. */
  database: () => VaultDatabase;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  now?: () => Date;
  /** Tests only: a cheaper scrypt for passphrase bundles (age's default is 18). */
  scryptWorkFactor?: number;
}

const PROGRESS_EVERY = 100;

function notFound(what: string): RpcError {
  return new RpcError({ code: 'NOT_FOUND', message: `${what} not found.` });
}

function cancelled(): RpcError {
  return new RpcError({ code: 'CANCELLED', message: 'Cancelled. Nothing was written or imported.' });
}

interface OpenedBundle {
  manifest: Manifest;
  manifestSha256: string;
  encryptedTo: 'recipients' | 'passphrase';
  summaries: { document: SummaryDocument; markdown: string; sha256: string }[];
  reviewRequests: { document: ReviewRequestDocument; sha256: string }[];
  decisions: ReviewDecisionDocument[];
  otherKinds: Map<BundleEntryKind, number>;
}

function parseEntry<T>(body: Buffer | undefined, schema: z.ZodType<T>, what: string): T {
  if (body === undefined) throw bundleDamaged(`${what} is missing`);
  try {
    return schema.parse(JSON.parse(body.toString('utf8')));
  } catch {
    throw bundleDamaged(`${what} is not in the expected form`);
  }
}

/** Every entry this version understands, each JSON checked against its schema. */
function readEntries(
  manifest: Manifest,
  entries: Map<string, Buffer>,
): Omit<OpenedBundle, 'manifest' | 'manifestSha256' | 'encryptedTo'> {
  const opened: Omit<OpenedBundle, 'manifest' | 'manifestSha256' | 'encryptedTo'> = {
    summaries: [],
    reviewRequests: [],
    decisions: [],
    otherKinds: new Map(),
  };
  for (const entry of manifest.entries) {
    if (entry.kind === 'vault_transfer') {
      opened.otherKinds.set(entry.kind, (opened.otherKinds.get(entry.kind) ?? 0) + 1);
      continue;
    }
    if (entry.mediaType !== 'application/json') continue;
    const body = entries.get(entry.name);
    if (entry.kind === 'session_summary') {
      const document = parseEntry(body, summaryDocumentSchema, 'a summary');
      const markdown = entries.get(entry.name.replace(/\.json$/, '.md'));
      if (markdown === undefined || !entry.name.endsWith('.json'))
        throw bundleDamaged('a summary is incomplete');
      opened.summaries.push({ document, markdown: markdown.toString('utf8'), sha256: entry.sha256 });
    } else if (entry.kind === 'reply_for_review') {
      const document = parseEntry(body, reviewRequestDocumentSchema, 'a reply for review');
      opened.reviewRequests.push({ document, sha256: entry.sha256 });
    } else if (entry.kind === 'review_decision') {
      opened.decisions.push(parseEntry(body, reviewDecisionDocumentSchema, 'a review decision'));
    }
  }
  return opened;
}

/**
 * Team exchange: this vault's identity and team directory, exporting session
 * summaries as signed age bundles (consent checked per client, every export
 * audited), and inspecting then accepting bundles from colleagues.
 */
export function createExchangeService(options: ExchangeServiceOptions) {
  const now = options.now ?? (() => new Date());
  const notes = createNoteService();
  const replies = createReplyService({ now });
  let running: { cancelled: boolean } | null = null;
  const progress = (payload: Progress) => options.emit('exchange.progress', payload);
  const db = () => options.database();

  async function ensureIdentity(): Promise<StoredIdentity> {
    const existing = readIdentity(db());
    if (existing !== undefined) return existing;
    const keys = await generateExchangeKeys();
    const database = db();
    const identity: StoredIdentity = {
      ...keys,
      displayName: readSettings(database).practitionerName || 'Outpost practitioner',
      role: 'practitioner',
      createdAt: now().toISOString(),
    };
    withStorageErrors(() =>
      database
        .transaction(() => {
          if (insertIdentity(database, identity)) {
            appendAudit(database, { action: 'exchange.identity_created', details: {} });
          }
        })
        .immediate(),
    );
    return readIdentity(database) as StoredIdentity;
  }

  async function describeIdentity(identity: StoredIdentity): Promise<MethodOutput<'exchange.identity'>> {
    const card = makeCard(identity.displayName, identity.role, identity);
    const text = cardText(card);
    return { card, cardText: text, qrSvg: await cardQrSvg(text), createdAt: identity.createdAt };
  }

  /** One export or import at a time; `cancel` stops it between steps. */
  async function exclusive<T>(fn: (job: { cancelled: boolean }) => Promise<T>): Promise<T> {
    if (running !== null) throw new RpcError({ code: 'BUSY', message: 'An exchange is already running.' });
    const job = { cancelled: false };
    running = job;
    try {
      return await fn(job);
    } finally {
      running = null;
    }
  }

  function resolveRecipients(database: VaultDatabase, memberIds: string[], recipients: string[]): string[] {
    const keys = new Set(recipients);
    for (const id of memberIds) {
      const member = getMember(database, id);
      if (member === undefined) throw notFound('Team member');
      if (!member.verified) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'to',
          message: `Compare fingerprints with ${member.displayName} before sending them anything.`,
        });
      }
      keys.add(member.ageRecipient);
    }
    return [...keys];
  }

  async function open(
    input: { file: string; bundlePassphrase?: string | undefined },
    job: { cancelled: boolean },
  ): Promise<OpenedBundle> {
    const identity = await ensureIdentity();
    progress({ operation: 'import', stage: 'decrypting', done: 0, total: 0 });
    const opened = await openBundleFile(
      input.file,
      { ageSecret: identity.ageSecret, passphrase: input.bundlePassphrase },
      {
        onEntry(done, total) {
          if (job.cancelled) throw cancelled();
          if (done % PROGRESS_EVERY === 0 || done === total)
            progress({ operation: 'import', stage: 'verifying', done, total });
        },
      },
    );
    return {
      manifest: opened.manifest,
      manifestSha256: opened.manifestSha256,
      encryptedTo: opened.encryptedTo,
      ...readEntries(opened.manifest, opened.entries),
    };
  }

  function signerOf(database: VaultDatabase, manifest: Manifest, identity: StoredIdentity) {
    const warnings: string[] = [];
    if (manifest.sender.signingKey === identity.signingKey) {
      return { status: 'verified' as const, member: null, warnings };
    }
    const member: TeamMember | undefined = memberBySigningKey(database, manifest.sender.signingKey);
    if (member === undefined) {
      warnings.push(
        `The sender "${manifest.sender.displayName}" is not in your team directory. Their signature is intact, but anyone can sign with a new key: compare the fingerprint ${manifest.sender.fingerprint} with them before trusting it.`,
      );
      return { status: 'unknown' as const, member: null, warnings };
    }
    if (member.ageRecipient !== manifest.sender.ageRecipient) {
      warnings.push(
        `${member.displayName}'s encryption key in this bundle differs from the one in your directory.`,
      );
    }
    if (!member.verified) {
      warnings.push(
        `${member.displayName} is in your team directory but their fingerprint has not been compared in person yet.`,
      );
      return { status: 'unverified' as const, member, warnings };
    }
    return {
      status: warnings.length === 0 ? ('verified' as const) : ('unverified' as const),
      member,
      warnings,
    };
  }

  /** Decisions move replies towards the client: only a verified supervisor's count. */
  function decisionsTrusted(member: TeamMember | null, status: SignerStatus): boolean {
    return member !== null && status === 'verified' && member.role === 'supervisor';
  }

  function describeBundle(opened: OpenedBundle, identity: StoredIdentity): MethodOutput<'exchange.inspect'> {
    const database = db();
    const signer = signerOf(database, opened.manifest, identity);
    const warnings = [...signer.warnings];
    const contents: MethodOutput<'exchange.inspect'>['contents'] = [];
    if (opened.summaries.length > 0)
      contents.push({ kind: 'session_summary', count: opened.summaries.length });
    if (opened.reviewRequests.length > 0)
      contents.push({ kind: 'reply_for_review', count: opened.reviewRequests.length });
    if (opened.decisions.length > 0) {
      contents.push({ kind: 'review_decision', count: opened.decisions.length });
      if (!decisionsTrusted(signer.member, signer.status))
        warnings.push(
          'This bundle holds review decisions, which are accepted only from a verified supervisor in your team directory.',
        );
    }
    for (const [kind, count] of opened.otherKinds) {
      contents.push({ kind, count });
      warnings.push(
        kind === 'vault_transfer'
          ? 'This is a whole-vault transfer, not something to import here: open it with “Move a vault from another computer” on the Create vault screen of the new computer. Nothing of it will be imported here.'
          : `This version of Outpost cannot import ${kind.replaceAll('_', ' ')} entries yet; they will be left out.`,
      );
    }
    return {
      bundleId: opened.manifest.bundleId,
      manifestSha256: opened.manifestSha256,
      formatVersion: opened.manifest.version,
      createdAt: opened.manifest.createdAt,
      encryptedTo: opened.encryptedTo,
      sender: {
        displayName: opened.manifest.sender.displayName,
        role: opened.manifest.sender.role,
        fingerprint: opened.manifest.sender.fingerprint,
        memberId: signer.member?.id ?? null,
      },
      signer: signer.status,
      warnings,
      contents,
      summaries: opened.summaries.map(({ document }) => ({
        summaryId: document.summaryId,
        clientLabel: document.client.label,
        pseudonymised: document.client.pseudonymised,
        sessionAt: document.session.at,
        template: document.session.template,
      })),
      alreadyImported: bundleImported(database, opened.manifest.bundleId),
    };
  }

  function resolveLock(database: VaultDatabase, to: ExportTarget): BundleLock {
    if ('passphrase' in to) return { passphrase: to.passphrase };
    const recipients = resolveRecipients(database, to.memberIds, to.recipients);
    if (recipients.length === 0) {
      throw new RpcError({ code: 'INVALID_INPUT', field: 'to', message: 'Choose at least one recipient.' });
    }
    return { recipients };
  }

  /** Signs the manifest and streams the encrypted bundle to disk; `perItem` entries make one progress step. */
  async function writeSigned(
    identity: StoredIdentity,
    lock: BundleLock,
    entries: readonly EntryBytes[],
    job: { cancelled: boolean },
    perItem: number,
    out: string,
  ): Promise<{ bundleId: string; bytes: number }> {
    const bundleId = randomUUID();
    const counts = new Map<BundleEntryKind, number>();
    for (const entry of entries)
      if (entry.mediaType === 'application/json') counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
    const { manifestBytes, signatureBytes } = signManifest(
      {
        bundleId,
        createdAt: now().toISOString(),
        sender: makeCard(identity.displayName, identity.role, identity),
        encryptedTo: 'passphrase' in lock ? 'passphrase' : 'recipients',
        recipients: 'passphrase' in lock ? [] : [...lock.recipients],
        contents: [...counts].map(([kind, count]) => ({ kind, count })),
        entries: entries.map(describeEntry),
      },
      identity.signingSecret,
    );
    const total = Math.ceil(entries.length / perItem);
    async function* bodies() {
      let written = 0;
      for (const entry of entries) {
        if (job.cancelled) throw cancelled();
        yield entry.bytes;
        written += 1;
        if (written % (PROGRESS_EVERY * perItem) === 0)
          progress({ operation: 'export', stage: 'encrypting', done: written / perItem, total });
      }
    }
    const { bytes } = await writeBundleFile(
      out,
      lock,
      containerChunks(manifestBytes, signatureBytes, bodies()),
      options.scryptWorkFactor === undefined ? {} : { scryptWorkFactor: options.scryptWorkFactor },
    );
    return { bundleId, bytes };
  }

  const jsonEntry = (name: string, kind: BundleEntryKind, value: unknown): EntryBytes => ({
    name,
    kind,
    mediaType: 'application/json',
    bytes: Buffer.from(JSON.stringify(value), 'utf8'),
  });

  return {
    async identity(): Promise<MethodOutput<'exchange.identity'>> {
      return describeIdentity(await ensureIdentity());
    },

    async updateIdentity(changes: { displayName?: string | undefined; role?: TeamRole | undefined }) {
      const identity = await ensureIdentity();
      const database = db();
      const displayName = changes.displayName ?? identity.displayName;
      const role = changes.role ?? identity.role;
      withStorageErrors(() => updateIdentityCard(database, displayName, role));
      return describeIdentity({ ...identity, displayName, role });
    },

    directory(): MethodOutput<'exchange.directory'> {
      return { members: listMembers(db()) };
    },

    async addMember(text: string): Promise<TeamMember> {
      const card = parseCard(text);
      const identity = await ensureIdentity();
      if (card.signingKey === identity.signingKey || card.ageRecipient === identity.ageRecipient) {
        throw new RpcError({ code: 'INVALID_INPUT', field: 'cardText', message: 'That is your own card.' });
      }
      const database = db();
      if (memberByKeys(database, card.ageRecipient, card.signingKey) !== undefined) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'cardText',
          message: 'Someone with one of these keys is already in your team directory.',
        });
      }
      const member = { id: randomUUID(), ...card, verifiedAt: null, addedAt: now().toISOString() };
      withStorageErrors(() =>
        database
          .transaction(() => {
            insertMember(database, member);
            appendAudit(database, {
              action: 'exchange.member_added',
              details: { memberId: member.id, role: member.role },
            });
          })
          .immediate(),
      );
      return getMember(database, member.id) as TeamMember;
    },

    /** The fingerprint read out or shown by the colleague in person must match their card. */
    verifyMember(id: string, fingerprint: string): TeamMember {
      const database = db();
      const member = getMember(database, id);
      if (member === undefined) throw notFound('Team member');
      if (normaliseFingerprint(fingerprint) !== member.fingerprint) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'fingerprint',
          message: 'The fingerprints do not match. Do not trust this card; ask for it again in person.',
        });
      }
      withStorageErrors(() =>
        database
          .transaction(() => {
            markMemberVerified(database, id, now().toISOString());
            appendAudit(database, { action: 'exchange.member_verified', details: { memberId: id } });
          })
          .immediate(),
      );
      return getMember(database, id) as TeamMember;
    },

    removeMember(id: string): Record<string, never> {
      const database = db();
      if (getMember(database, id) === undefined) throw notFound('Team member');
      withStorageErrors(() =>
        database
          .transaction(() => {
            deleteMember(database, id);
            appendAudit(database, { action: 'exchange.member_removed', details: { memberId: id } });
          })
          .immediate(),
      );
      return {};
    },

    previewExport(selection: MethodParams<'exchange.previewExport'>): MethodOutput<'exchange.previewExport'> {
      const { included, excluded } = selectSummaries(db(), selection, now());
      return {
        included: included.map(({ client, notes: list }) => ({
          clientId: client.id,
          displayName: client.displayName,
          summaries: list.length,
        })),
        excluded,
      };
    },

    exportSummaries(
      input: MethodParams<'exchange.exportSummaries'>,
    ): Promise<MethodOutput<'exchange.exportSummaries'>> {
      return exclusive(async (job) => {
        const identity = await ensureIdentity();
        const database = db();
        const lock = resolveLock(database, input.to);
        const { included, excluded } = selectSummaries(database, input, now());
        const total = included.reduce((sum, { notes: list }) => sum + list.length, 0);
        if (total === 0) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'clientIds',
            message: `There is nothing to share: ${excluded.length} chosen client(s) were left out (no team-sharing consent in force, or no signed notes in those dates).`,
          });
        }
        const templates = new Map(notes.templates(database).templates.map((t) => [t.key, t]));
        const entries: EntryBytes[] = [];
        let done = 0;
        progress({ operation: 'export', stage: 'collecting', done, total });
        for (const { client, notes: list } of included) {
          for (const note of list) {
            const summary = buildSummary(
              client,
              note,
              templates.get(note.templateKey),
              input.pseudonymise ? identity.pseudonymKey : null,
            );
            const base = `summaries/${summary.summaryId}`;
            entries.push(
              {
                name: `${base}.json`,
                kind: 'session_summary',
                mediaType: 'application/json',
                bytes: Buffer.from(JSON.stringify(summary), 'utf8'),
              },
              {
                name: `${base}.md`,
                kind: 'session_summary',
                mediaType: 'text/markdown',
                bytes: Buffer.from(summaryMarkdown(summary), 'utf8'),
              },
            );
            done += 1;
            if (done % PROGRESS_EVERY === 0)
              progress({ operation: 'export', stage: 'collecting', done, total });
          }
          if (job.cancelled) throw cancelled();
        }
        const { bundleId, bytes } = await writeSigned(identity, lock, entries, job, 2, input.out);
        progress({ operation: 'export', stage: 'encrypting', done: total, total });
        const after = db();
        withStorageErrors(() =>
          after
            .transaction(() => {
              appendAudit(after, {
                action: 'exchange.exported',
                details: {
                  bundleId,
                  summaries: total,
                  clients: included.length,
                  excluded: excluded.length,
                  encryptedTo: 'passphrase' in lock ? 'passphrase' : 'recipients',
                  recipients: 'passphrase' in lock ? 0 : lock.recipients.length,
                  pseudonymised: input.pseudonymise,
                },
              });
              for (const { client, notes: list } of included) {
                appendAudit(after, {
                  action: 'export.completed',
                  clientId: client.id,
                  details: { record: 'session_summary', bundleId, summaries: list.length },
                });
              }
            })
            .immediate(),
        );
        return {
          file: input.out,
          bytes,
          bundleId,
          summaries: total,
          clients: included.length,
          recipients: 'passphrase' in lock ? 0 : lock.recipients.length,
          excluded,
        };
      });
    },

    cancel(): { cancelled: boolean } {
      if (running === null) return { cancelled: false };
      running.cancelled = true;
      return { cancelled: true };
    },

    /** Decrypts and checks everything, then describes it; writes nothing. */
    inspect(input: MethodParams<'exchange.inspect'>): Promise<MethodOutput<'exchange.inspect'>> {
      return exclusive(async (job) => {
        const opened = await open(input, job);
        return describeBundle(opened, await ensureIdentity());
      });
    },

    /**
     * Opens and checks the bundle again (what is stored is what was just verified,
     * never a copy kept from the inspection), then stores it in one transaction.
     */
    accept(input: MethodParams<'exchange.accept'>): Promise<MethodOutput<'exchange.accept'>> {
      return exclusive(async (job) => {
        const opened = await open(input, job);
        if (opened.manifest.bundleId !== input.bundleId || opened.manifestSha256 !== input.manifestSha256) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'file',
            message: 'The bundle is not the one that was shown; inspect it again.',
          });
        }
        const identity = await ensureIdentity();
        const description = describeBundle(opened, identity);
        if (description.signer === 'unknown' && !input.trustUnknownSigner) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'trustUnknownSigner',
            message:
              'The sender is not in your team directory. Add and verify their card first, or confirm that you trust this bundle.',
          });
        }
        if (
          opened.decisions.length > 0 &&
          !decisionsTrusted(
            description.sender.memberId === null
              ? null
              : (getMember(db(), description.sender.memberId) ?? null),
            description.signer,
          )
        ) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'bundle',
            message:
              'Review decisions are accepted only from a supervisor in your team directory whose fingerprint you compared. Nothing was imported.',
          });
        }
        progress({ operation: 'import', stage: 'saving', done: 0, total: opened.summaries.length });
        const database = db();
        const at = now().toISOString();
        const { manifest } = opened;
        return withStorageErrors(() =>
          database
            .transaction(() => {
              if (bundleImported(database, manifest.bundleId)) {
                appendAudit(database, {
                  action: 'exchange.imported',
                  details: { bundleId: manifest.bundleId, duplicate: true, imported: 0 },
                });
                return {
                  bundleId: manifest.bundleId,
                  imported: 0,
                  alreadyHere: 0,
                  reviewRequests: 0,
                  decisionsApplied: 0,
                  alreadyImported: true,
                };
              }
              insertBundle(database, {
                bundleId: manifest.bundleId,
                manifestSha256: opened.manifestSha256,
                senderName: manifest.sender.displayName,
                senderRole: manifest.sender.role,
                signingKey: manifest.sender.signingKey,
                signerStatus: description.signer,
                createdAt: manifest.createdAt,
                importedAt: at,
                entries: manifest.entries.length,
                contents: JSON.stringify(description.contents),
              });
              let imported = 0;
              for (const summary of opened.summaries) {
                const stored = insertSummary(database, {
                  id: randomUUID(),
                  bundleId: manifest.bundleId,
                  signingKey: manifest.sender.signingKey,
                  summaryId: summary.document.summaryId,
                  contentSha256: summary.sha256,
                  clientRef: summary.document.client.ref,
                  clientLabel: summary.document.client.label,
                  pseudonymised: summary.document.client.pseudonymised ? 1 : 0,
                  sessionAt: summary.document.session.at,
                  payload: JSON.stringify(summary.document),
                  markdown: summary.markdown,
                  importedAt: at,
                });
                if (stored) imported += 1;
              }
              const alreadyHere = opened.summaries.length - imported;
              let reviewRequests = 0;
              for (const request of opened.reviewRequests) {
                const stored = insertReviewRequest(database, {
                  id: randomUUID(),
                  bundleId: manifest.bundleId,
                  signingKey: manifest.sender.signingKey,
                  replyId: request.document.replyId,
                  contentSha256: request.sha256,
                  senderName: manifest.sender.displayName,
                  payload: JSON.stringify(request.document),
                  receivedAt: at,
                });
                if (stored) reviewRequests += 1;
              }
              let decisionsApplied = 0;
              for (const decision of opened.decisions) {
                // A reply no longer awaiting review (or not in this vault) is left as it is.
                if (getReply(database, decision.replyId)?.status !== 'awaiting_review') continue;
                replies.applyReviewDecision(database, decision.replyId, {
                  approved: decision.approved,
                  comments: decision.comments,
                });
                decisionsApplied += 1;
              }
              appendAudit(database, {
                action: 'exchange.imported',
                details: {
                  bundleId: manifest.bundleId,
                  imported,
                  alreadyHere,
                  reviewRequests,
                  decisionsApplied,
                  signer: description.signer,
                  memberId: description.sender.memberId,
                  encryptedTo: opened.encryptedTo,
                },
              });
              return {
                bundleId: manifest.bundleId,
                imported,
                alreadyHere,
                reviewRequests,
                decisionsApplied,
                alreadyImported: false,
              };
            })
            .immediate(),
        );
      });
    },

    /** Supervision, practitioner side: replies awaiting review, to a supervisor. */
    exportReviewRequests(
      input: MethodParams<'exchange.exportReviewRequests'>,
    ): Promise<MethodOutput<'exchange.exportReviewRequests'>> {
      return exclusive(async (job) => {
        const identity = await ensureIdentity();
        const database = db();
        const lock = resolveLock(database, input.to);
        const { included, excluded } = selectRepliesForReview(database, input.replyIds, now());
        if (included.length === 0) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'replyIds',
            message: `No reply awaiting review can be shared (${excluded.length} left out for want of team-sharing consent).`,
          });
        }
        const entries = included.map((document) =>
          jsonEntry(`reviews/${document.replyId}.json`, 'reply_for_review', document),
        );
        const { bundleId, bytes } = await writeSigned(identity, lock, entries, job, 1, input.out);
        const after = db();
        withStorageErrors(() =>
          appendAudit(after, {
            action: 'exchange.exported',
            details: { bundleId, reviewRequests: included.length, excluded: excluded.length },
          }),
        );
        return { file: input.out, bytes, bundleId, entries: included.length, excluded };
      });
    },

    /** Supervision, supervisor side: what colleagues sent for review, newest first. */
    reviewRequests(): MethodOutput<'exchange.reviewRequests'> {
      return { requests: listReviewRequests(db()) };
    },

    /** Records the decision here; it reaches the colleague with exchange.exportReviewDecisions. */
    decideReview(input: MethodParams<'exchange.decideReview'>): MethodOutput<'exchange.decideReview'> {
      const database = db();
      const request = getReviewRequest(database, input.id);
      if (request === undefined) throw notFound('Review request');
      if (request.decisionSentAt !== null) {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'id',
          message: 'This decision was already sent back; it can no longer change.',
        });
      }
      if (!input.approved && (input.comments ?? '').trim() === '') {
        throw new RpcError({
          code: 'INVALID_INPUT',
          field: 'comments',
          message: 'Say what to change when returning a reply.',
        });
      }
      withStorageErrors(() =>
        recordDecision(
          database,
          input.id,
          input.approved ? 'approved' : 'returned',
          input.comments,
          now().toISOString(),
        ),
      );
      return getReviewRequest(database, input.id) as ReviewRequest;
    },

    exportReviewDecisions(
      input: MethodParams<'exchange.exportReviewDecisions'>,
    ): Promise<MethodOutput<'exchange.exportReviewDecisions'>> {
      return exclusive(async (job) => {
        const identity = await ensureIdentity();
        const database = db();
        const lock = resolveLock(database, input.to);
        // Sent to directory members, a bundle carries only the decisions they asked for.
        const askers =
          'memberIds' in input.to && input.to.recipients.length === 0
            ? new Set(input.to.memberIds.map((id) => getMember(database, id)?.signingKey))
            : null;
        const decisions = unsentDecisions(database).filter(
          (decision) => askers === null || askers.has(decision.signingKey),
        );
        if (decisions.length === 0) {
          throw new RpcError({
            code: 'INVALID_INPUT',
            field: 'to',
            message: 'There are no decided reviews to send back to them.',
          });
        }
        const entries = decisions.map(({ document }) =>
          jsonEntry(`decisions/${document.replyId}.json`, 'review_decision', document),
        );
        const { bundleId, bytes } = await writeSigned(identity, lock, entries, job, 1, input.out);
        const after = db();
        withStorageErrors(() =>
          after
            .transaction(() => {
              markDecisionsSent(
                after,
                decisions.map((decision) => decision.id),
                now().toISOString(),
              );
              appendAudit(after, {
                action: 'exchange.exported',
                details: { bundleId, reviewDecisions: decisions.length },
              });
            })
            .immediate(),
        );
        return { file: input.out, bytes, bundleId, entries: decisions.length, excluded: [] };
      });
    },

    /** For vault transfers (vaultTransfer.node.ts): this vault's identity, made on first use, and a lock. */
    signingIdentity: ensureIdentity,
    /** For vault transfers: one exchange job at a time, which `exchange.cancel` can stop. */
    runExclusive: exclusive,
    lockFor: (to: ExportTarget): BundleLock => resolveLock(db(), to),

    importedSummaries(
      input: MethodParams<'exchange.importedSummaries'>,
    ): MethodOutput<'exchange.importedSummaries'> {
      return listImportedSummaries(db(), input);
    },
  };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;
