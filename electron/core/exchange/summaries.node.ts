import { createHmac } from 'node:crypto';
import { consentStatus, currentRecord, isInForce } from '../../../shared/domain/consent.std.ts';
import type { NoteTemplate } from '../../../shared/domain/noteTemplates.std.ts';
import { z as zod } from 'zod';
import type { exclusionSchema, summarySelectionSchema } from '../../../shared/rpc/exchangeSchemas.std.ts';
import type { Client, Note } from '../../../shared/rpc/recordSchemas.std.ts';
import { getClient, listClients } from '../clients/clientStore.node.ts';
import { consentsForClient } from '../consent/consentStore.node.ts';
import { notesForClient } from '../notes/noteStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

export type SummarySelection = zod.output<typeof summarySelectionSchema>;
export type Exclusion = zod.output<typeof exclusionSchema>;

export interface SelectedClient {
  client: Client;
  notes: Note[];
}

/**
 * Who may be shared: only clients whose team-sharing consent is in force now, and
 * of them only signed notes in the chosen dates (a draft is not a record yet).
 * Everyone chosen but left out is named with the reason.
 */
export function selectSummaries(
  db: VaultDatabase,
  selection: SummarySelection,
  now: Date,
): { included: SelectedClient[]; excluded: Exclusion[] } {
  const explicit = selection.clientIds !== undefined;
  const clients = explicit
    ? [...new Set(selection.clientIds)].map((id) => getClient(db, id)).filter((c) => c !== undefined)
    : listClients(db, { status: 'active', limit: 1_000_000, offset: 0 }).clients;
  const included: SelectedClient[] = [];
  const excluded: Exclusion[] = [];
  for (const client of clients) {
    const status = consentStatus(currentRecord(consentsForClient(db, client.id), 'team_sharing'), now, 0);
    if (!isInForce(status)) {
      const reason =
        status === 'withdrawn'
          ? 'consent_withdrawn'
          : status === 'expired'
            ? 'consent_expired'
            : 'consent_missing';
      excluded.push({ clientId: client.id, displayName: client.displayName, reason });
      continue;
    }
    const notes = notesForClient(db, client.id).filter((note) => {
      const day = note.sessionAt.slice(0, 10);
      return (
        note.status === 'signed' &&
        (selection.since === undefined || day >= selection.since) &&
        (selection.until === undefined || day <= selection.until)
      );
    });
    if (notes.length === 0) {
      if (explicit)
        excluded.push({ clientId: client.id, displayName: client.displayName, reason: 'no_signed_notes' });
      continue;
    }
    included.push({ client, notes: notes.sort((a, b) => a.sessionAt.localeCompare(b.sessionAt)) });
  }
  return { included, excluded };
}

const ALIAS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The same client always gets the same alias from this vault; the key never leaves it. */
export function aliasFor(pseudonymKey: string, clientId: string): string {
  const digest = createHmac('sha256', Buffer.from(pseudonymKey, 'hex')).update(clientId).digest();
  const letters = [...digest.subarray(0, 8)].map((byte) => ALIAS_ALPHABET[byte % 32]).join('');
  return `Client ${letters.slice(0, 4)}-${letters.slice(4)}`;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
const HANDLE = /(^|\s)@[A-Za-z0-9_.]{2,}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the direct identifiers Outpost knows about: the client's names (whole and
 * each part of three letters or more) become the alias; their recorded contacts and
 * anything shaped like an email address, phone number or @handle become
 * "[contact removed]". Other people named in free text are not detected.
 */
export function makeScrubber(client: Client, alias: string): (text: string) => string {
  const names = [client.displayName, client.legalName ?? '']
    .flatMap((name) => [name, ...name.split(/[\s,.-]+/)])
    .map((part) => part.trim())
    .filter((part) => part.length >= 3)
    .sort((a, b) => b.length - a.length);
  const contacts = client.channels.map((channel) => channel.value).filter((value) => value.length >= 3);
  const namePattern =
    names.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => {
    let out = text;
    for (const contact of contacts) out = out.split(contact).join('[contact removed]');
    out = out.replace(EMAIL, '[contact removed]').replace(PHONE, '[contact removed]');
    out = out.replace(HANDLE, '$1[contact removed]');
    if (namePattern !== null) out = out.replace(namePattern, alias);
    return out;
  };
}

export interface SummaryDocument {
  kind: 'session_summary';
  version: 1;
  summaryId: string;
  client: { ref: string; label: string; pseudonymised: boolean };
  session: {
    at: string;
    modality: string;
    synchronous: boolean;
    durationMinutes: number | null;
    template: string;
  };
  sections: { key: string; label: string; text: string }[];
  addenda: { at: string; text: string }[];
  signedAt: string | null;
  signedBy: string | null;
  cosignedBy: string | null;
}

export function buildSummary(
  client: Client,
  note: Note,
  template: NoteTemplate | undefined,
  pseudonymKey: string | null,
): SummaryDocument {
  const alias = pseudonymKey === null ? null : aliasFor(pseudonymKey, client.id);
  const scrub = alias === null ? (text: string) => text : makeScrubber(client, alias);
  const sectionList =
    template?.sections.map((section) => ({ key: section.key, label: section.label })) ??
    Object.keys(note.content).map((key) => ({ key, label: key }));
  return {
    kind: 'session_summary',
    version: 1,
    summaryId: note.id,
    client:
      alias === null
        ? { ref: client.id, label: client.displayName, pseudonymised: false }
        : { ref: alias, label: alias, pseudonymised: true },
    session: {
      at: note.sessionAt,
      modality: note.modality,
      synchronous: note.synchronous,
      durationMinutes: note.durationMinutes,
      template: template?.name ?? note.templateKey,
    },
    sections: sectionList.map((section) => ({ ...section, text: scrub(note.content[section.key] ?? '') })),
    addenda: note.addenda.map((addendum) => ({ at: addendum.createdAt, text: scrub(addendum.text) })),
    signedAt: note.signedAt,
    signedBy: note.signedBy,
    cosignedBy: note.cosignedBy,
  };
}

export function summaryMarkdown(summary: SummaryDocument): string {
  const lines = [
    `# ${summary.session.template} session summary: ${summary.client.label}`,
    '',
    `- Session: ${summary.session.at} (${summary.session.modality}${summary.session.durationMinutes === null ? '' : `, ${summary.session.durationMinutes} min`})`,
    `- Signed: ${summary.signedAt ?? 'not signed'}${summary.signedBy === null ? '' : ` by ${summary.signedBy}`}`,
  ];
  if (summary.cosignedBy !== null) lines.push(`- Co-signed by ${summary.cosignedBy}`);
  if (summary.client.pseudonymised) lines.push('- Pseudonymised: direct identifiers removed');
  for (const section of summary.sections)
    lines.push('', `## ${section.label}`, '', section.text || '_(empty)_');
  if (summary.addenda.length > 0) {
    lines.push('', '## Addenda');
    for (const addendum of summary.addenda) lines.push('', `**${addendum.at}**`, '', addendum.text);
  }
  return `${lines.join('\n')}\n`;
}

const text = (max: number) => zod.string().max(max);
/** What an imported summary must look like before it is stored; anything else is refused. */
export const summaryDocumentSchema = zod.strictObject({
  kind: zod.literal('session_summary'),
  version: zod.literal(1),
  summaryId: text(100).min(1),
  client: zod.strictObject({ ref: text(100).min(1), label: text(200).min(1), pseudonymised: zod.boolean() }),
  session: zod.strictObject({
    at: zod.iso.datetime({ offset: true }),
    modality: text(40),
    synchronous: zod.boolean(),
    durationMinutes: zod.number().int().min(0).max(1440).nullable(),
    template: text(80),
  }),
  sections: zod.array(zod.strictObject({ key: text(40), label: text(80), text: text(100_000) })).max(20),
  addenda: zod
    .array(zod.strictObject({ at: zod.iso.datetime({ offset: true }), text: text(20_000) }))
    .max(500),
  signedAt: zod.iso.datetime({ offset: true }).nullable(),
  signedBy: text(120).nullable(),
  cosignedBy: text(120).nullable(),
}) satisfies zod.ZodType<SummaryDocument>;
