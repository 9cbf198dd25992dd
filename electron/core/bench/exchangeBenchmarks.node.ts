import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { contract } from '../../../shared/rpc/contract.std.ts';
import { createClientService } from '../clients/clientService.node.ts';
import { createConsentService } from '../consent/consentService.node.ts';
import { seededRandom } from '../demo/seededRandom.node.ts';
import { createExchangeService } from '../exchange/exchangeService.node.ts';
import { buildSummary, selectSummaries } from '../exchange/summaries.node.ts';
import { createNoteService } from '../notes/noteService.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import type { Benchmark } from './runner.node.ts';
import { round, withBaseline } from './runner.node.ts';

const SUMMARIES = 1000;
const CLIENTS = 200;
const RECIPIENTS = 5;
const PHRASES = [
  'Talked through the redundancy and what the severance covers.',
  'Practised answers for the warehouse supervisor interview.',
  'Worried about money and the rent; wants part-time work first.',
  'Compared the apprenticeship with the college course.',
  'Family expects a law degree; client prefers design.',
  'Updated the CV and two cover letters together.',
];

function openBenchVault(folder: string, name: string): VaultDatabase {
  const db = openEncryptedDatabase(join(folder, `${name}.db`), randomBytes(32), { create: true });
  migrate(db);
  return db;
}

/** 200 consenting clients with five signed DAP notes each, made through the real services. */
function fillSender(db: VaultDatabase): void {
  const clients = createClientService();
  const consent = createConsentService();
  const notes = createNoteService();
  const random = seededRandom(8);
  const phrase = () => PHRASES[Math.floor(random() * PHRASES.length)] as string;
  const template = consent.templates(db).templates.find((t) => t.kind === 'team_sharing');
  if (template === undefined) throw new Error('no team-sharing template');
  for (let c = 0; c < CLIENTS; c++) {
    const client = clients.create(
      db,
      contract['clients.create'].input.parse({ displayName: `Client ${c}`, pseudonymous: true }),
    );
    consent.record(
      db,
      contract['consent.record'].input.parse({
        clientId: client.id,
        templateId: template.id,
        givenAt: '2026-01-02T09:00:00.000Z',
        method: 'written',
      }),
    );
    for (let n = 0; n < SUMMARIES / CLIENTS; n++) {
      const note = notes.createDraft(
        db,
        contract['notes.createDraft'].input.parse({
          clientId: client.id,
          templateKey: 'dap',
          modality: 'in_person',
          synchronous: true,
          sessionAt: new Date(Date.parse('2026-02-01T09:00:00Z') + (c * 5 + n) * 3_600_000).toISOString(),
          durationMinutes: 50,
        }),
      );
      notes.saveDraft(db, {
        id: note.id,
        content: { data: `${phrase()} ${phrase()}`, assessment: phrase(), plan: phrase() },
      });
      notes.sign(db, note.id);
    }
  }
}

/**
 * Exporting 1,000 summaries to five recipients, and importing them (inspect, then
 * accept: the bundle is decrypted and checked twice). The baseline is the plain
 * thing without the exchange: the same summaries written as one JSON file, and
 * read back and parsed.
 */
export const exchangeBenchmarks: Benchmark = {
  name: 'exchange',
  async run() {
    const folder = mkdtempSync(join(tmpdir(), 'outpost-bench-exchange-'));
    const sender = openBenchVault(folder, 'sender');
    const receiver = openBenchVault(folder, 'receiver');
    try {
      fillSender(sender);
      const emit = () => undefined;
      const from = createExchangeService({ database: () => sender, emit });
      const to = createExchangeService({ database: () => receiver, emit });
      const receiverCard = await to.identity();
      const senderCard = await from.identity();
      const member = await to.addMember(senderCard.cardText);
      to.verifyMember(member.id, senderCard.card.fingerprint);
      const others = await Promise.all(
        Array.from({ length: RECIPIENTS - 1 }, async () => identityToRecipient(await generateIdentity())),
      );
      const recipients = [receiverCard.card.ageRecipient, ...others];

      const jsonFile = join(folder, 'plain.json');
      let started = performance.now();
      const { included } = selectSummaries(sender, {}, new Date());
      const plain = included.flatMap(({ client, notes }) =>
        notes.map((note) => buildSummary(client, note, undefined, null)),
      );
      await writeFile(jsonFile, JSON.stringify(plain));
      const baselineExport = performance.now() - started;

      const bundle = join(folder, 'bench.outpost-bundle');
      started = performance.now();
      const exported = await from.exportSummaries(
        contract['exchange.exportSummaries'].input.parse({ to: { recipients }, out: bundle }),
      );
      const exportMs = performance.now() - started;
      if (exported.summaries !== SUMMARIES) throw new Error(`exported ${exported.summaries} summaries`);

      started = performance.now();
      const parsed = JSON.parse(await readFile(jsonFile, 'utf8')) as unknown[];
      const baselineImport = performance.now() - started;
      if (parsed.length !== SUMMARIES) throw new Error('baseline read back the wrong count');

      started = performance.now();
      const inspection = await to.inspect({ file: bundle });
      const accepted = await to.accept(
        contract['exchange.accept'].input.parse({
          file: bundle,
          bundleId: inspection.bundleId,
          manifestSha256: inspection.manifestSha256,
        }),
      );
      const importMs = performance.now() - started;
      if (accepted.imported !== SUMMARIES) throw new Error(`imported ${accepted.imported} summaries`);

      return [
        withBaseline({ name: 'exchange.export_1k_ms', value: round(exportMs), unit: 'ms' }, baselineExport),
        withBaseline({ name: 'exchange.import_1k_ms', value: round(importMs), unit: 'ms' }, baselineImport),
      ];
    } finally {
      sender.close();
      receiver.close();
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
