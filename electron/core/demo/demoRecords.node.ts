import { randomUUID } from 'node:crypto';
import { CONSENT_KINDS, DISTANCE_CHECKLIST } from '../../../shared/domain/consent.std.ts';
import type { Modality } from '../../../shared/domain/consent.std.ts';
import { BUILTIN_NOTE_TEMPLATES } from '../../../shared/domain/noteTemplates.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import { indexClient } from '../clients/clientService.node.ts';
import { insertClient, touchClient } from '../clients/clientStore.node.ts';
import { createConsentService } from '../consent/consentService.node.ts';
import { insertConsent } from '../consent/consentStore.node.ts';
import { noteContentHash } from '../notes/noteService.node.ts';
import { insertNote, markSigned } from '../notes/noteStore.node.ts';
import { indexDocument } from '../search/searchIndex.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

const FIRST_NAMES = [
  'Amara',
  'Tomas',
  'Lena',
  'Kofi',
  'Priya',
  'Sione',
  'Marta',
  'Jonah',
  'Aroha',
  'Dmitri',
  'Fatima',
  'Liam',
  'Nia',
  'Mateo',
  'Yuki',
  'Grace',
  'Omar',
  'Ingrid',
  'Tane',
  'Rosa',
];
const LAST_NAMES = [
  'Nwosu',
  'Keller',
  'Okafor',
  'Mensah',
  'Sharma',
  'Fifita',
  'Novak',
  'Reid',
  'Walker',
  'Petrov',
  'Haddad',
  'Byrne',
  'Adeyemi',
  'Ruiz',
  'Tanaka',
  'Osei',
  'Lind',
  'Ngata',
  'Costa',
  'Moreau',
];
const ALIASES = ['Blue Heron', 'River', 'Night Owl', 'Kestrel', 'Juniper', 'Harbour', 'Willow', 'North Star'];
const TAGS = [
  'youth',
  'rural',
  'career change',
  'apprenticeship',
  'redundancy',
  'graduate',
  'returning to work',
  'newcomer',
];

/** Phrases that read like real case notes, combined per section. */
const PHRASES: Record<string, string[]> = {
  data: [
    'Client described feeling stuck after the redundancy and unsure where to start.',
    'Reported two interviews this month; one went well, the other felt rushed.',
    'Said family expects them to take over the farm, which conflicts with their wish to study nursing.',
    'Shared a draft CV by email before the session.',
    'Mentioned money is tight and childcare limits hours to school times.',
  ],
  assessment: [
    'Moderate readiness: good self-knowledge, limited knowledge of local options.',
    'Decision-making confusion is the main barrier rather than lack of options.',
    'Commitment anxiety appears when options are narrowed to two.',
    'External conflict with significant others is shaping the choice.',
    'Motivated and resourceful; visa conditions add complexity.',
  ],
  plan: [
    'Agreed to research three apprenticeship providers and bring notes next time.',
    'Will practise interview answers using the STAR outline.',
    'Refer to the regional jobs board and the retraining fund.',
    'Next contact by chat in two weeks.',
    'Client will talk with their partner about the study costs before we meet again.',
  ],
};

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function textFor(random: () => number, sectionKey: string): string {
  const bank = PHRASES[sectionKey] ?? [...(PHRASES.data ?? []), ...(PHRASES.plan ?? [])];
  return [pick(random, bank), pick(random, bank)].join(' ');
}

const MODALITIES: Modality[] = ['email', 'chat', 'phone', 'video', 'in_person'];

/**
 * Clients (about one in five pseudonymous), consent records in every state, and
 * signed session notes in every built-in template, all through the same stores the
 * app uses, in one transaction so large demo vaults build quickly.
 */
export function generateDemoRecords(
  db: VaultDatabase,
  random: () => number,
  request: { clients: number; notes: number; days: number },
): { clients: number; consents: number; notes: number } {
  const nowMs = Date.now();
  const start = nowMs - request.days * 86_400_000;
  const isoAt = (ms: number) => new Date(ms).toISOString();
  const { templates } = createConsentService().templates(db);
  const templateFor = (kind: string) => templates.filter((t) => t.kind === kind).at(-1);
  const clientIds: string[] = [];
  let consents = 0;

  for (let i = 0; i < request.clients; i++) {
    const pseudonymous = random() < 0.2;
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    const client = insertClient(
      db,
      {
        displayName: pseudonymous ? `${pick(random, ALIASES)} ${i + 1}` : name,
        pseudonymous,
        legalName: pseudonymous ? null : name,
        channels: [
          {
            kind: pseudonymous ? 'chat' : 'email',
            value: pseudonymous ? `@client${i + 1}` : `client${i + 1}@example.org`,
          },
        ],
        capability: random() < 0.5 ? 'high' : 'low',
        complexity: random() < 0.5 ? 'high' : 'low',
        readinessNotes: pick(random, PHRASES.assessment ?? []),
        assignedPractitioner: null,
        tags: [pick(random, TAGS)],
      },
      new Date(start),
    );
    clientIds.push(client.id);
    indexClient(db, client);
    // Cycle through every state: active, expiring soon, expired, withdrawn, missing.
    const state = i % 5;
    const distance = templateFor('distance_counselling');
    if (state !== 4 && distance !== undefined) {
      const givenAt = state === 2 ? nowMs - 400 * 86_400_000 : start;
      const expiresAt =
        state === 1
          ? nowMs + 10 * 86_400_000
          : state === 2
            ? nowMs - 30 * 86_400_000
            : nowMs + 300 * 86_400_000;
      insertConsent(db, {
        id: randomUUID(),
        clientId: client.id,
        templateId: distance.id,
        kind: 'distance_counselling',
        modalities: ['email', 'chat', 'phone', 'video'],
        givenAt: isoAt(givenAt),
        method: 'electronic',
        explained: DISTANCE_CHECKLIST.map((item) => item.key),
        expiresAt: isoAt(expiresAt),
        withdrawnAt: state === 3 ? isoAt(nowMs - 5 * 86_400_000) : null,
        withdrawalReason: state === 3 ? 'Client prefers to meet in person from now on.' : null,
        evidence: null,
        createdAt: isoAt(givenAt),
      });
      consents++;
    }
    for (const kind of CONSENT_KINDS.slice(1)) {
      const template = templateFor(kind);
      if (template === undefined || random() < 0.5) continue;
      insertConsent(db, {
        id: randomUUID(),
        clientId: client.id,
        templateId: template.id,
        kind,
        modalities: [],
        givenAt: isoAt(start),
        method: 'verbal',
        explained: template.checklist.map((item) => item.key),
        expiresAt: null,
        withdrawnAt: null,
        withdrawalReason: null,
        evidence: null,
        createdAt: isoAt(start),
      });
      consents++;
    }
    appendAudit(db, {
      action: 'record.created',
      clientId: client.id,
      details: { record: 'client', change: 'created' },
      at: new Date(start),
    });
  }

  let notes = 0;
  for (let n = 0; n < request.notes && clientIds.length > 0; n++) {
    const template = BUILTIN_NOTE_TEMPLATES[n % BUILTIN_NOTE_TEMPLATES.length]!;
    const clientId = clientIds[n % clientIds.length]!;
    const sessionAt = isoAt(start + Math.floor(random() * (nowMs - start)));
    const note = {
      id: randomUUID(),
      clientId,
      templateKey: template.key,
      // Notes for clients without distance consent in force are in-person sessions.
      modality: (clientIds.indexOf(clientId) % 5 === 0 ? pick(random, MODALITIES) : 'in_person') as Modality,
      synchronous: random() < 0.6,
      sessionAt,
      durationMinutes: 30 + Math.floor(random() * 4) * 15,
      content: Object.fromEntries(
        template.sections.map((section) => [section.key, textFor(random, section.key)]),
      ),
      status: 'draft' as const,
      consentOverride: null,
      createdAt: sessionAt,
      updatedAt: sessionAt,
      signedAt: null,
      signedBy: null,
      contentHash: null,
      cosignedAt: null,
      cosignedBy: null,
    };
    insertNote(db, note);
    markSigned(db, note.id, 'Demo Practitioner', noteContentHash(note), sessionAt);
    indexDocument(db, {
      kind: 'note',
      refId: note.id,
      clientId,
      title: `${template.name} note, ${sessionAt.slice(0, 10)}`,
      body: Object.values(note.content).join('\n\n'),
    });
    touchClient(db, clientId, sessionAt);
    notes++;
  }
  return { clients: clientIds.length, consents, notes };
}
