import type { MethodOutput, MethodParams } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { appendAudit } from '../audit/auditLog.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { writeSettings } from '../vault/settingsStore.node.ts';
import { readVaultMeta } from '../vault/vaultMeta.node.ts';
import { generateDemoMessages } from './demoMessages.node.ts';
import { generateDemoRecords } from './demoRecords.node.ts';
import { generateDemoReplies } from './demoReplies.node.ts';
import { seededRandom } from './seededRandom.node.ts';

type DemoRequest = MethodParams<'demo.generate'>;

/**
 * Fills a demo vault with what this version stores: a counsellor's working pattern
 * (unlocks and locks on working days, weekly backups) in the audit log, settings,
 * clients, consents in every state, signed notes in every template, and messages in
 * every channel, tier and queue state.
 */
export function generateDemoData(db: VaultDatabase, request: DemoRequest): MethodOutput<'demo.generate'> {
  if (readVaultMeta(db, 'purpose') !== 'demo') {
    throw new RpcError({
      code: 'FORBIDDEN',
      message: 'Synthetic data goes only into a vault created for demos (outpost demo creates one).',
    });
  }
  const random = seededRandom(20261122);
  const start = Date.now() - request.days * 86_400_000;
  let entries = 0;
  db.transaction(() => {
    writeSettings(db, {
      autoLockMinutes: 10,
      backupEveryHours: 24 * 7,
      backupKeep: 8,
      practitionerName: 'Demo Practitioner',
    });
    for (let day = 0; day < request.days; day++) {
      const date = new Date(start + day * 86_400_000);
      const weekday = date.getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      let clock = start + day * 86_400_000 + (8 + random() * 2) * 3_600_000;
      const sittings = 1 + Math.floor(random() * 3);
      for (let sitting = 0; sitting < sittings; sitting++) {
        if (random() < 0.08) {
          appendAudit(db, { action: 'vault.unlock_failed', details: { attempts: 1 }, at: new Date(clock) });
          entries++;
        }
        appendAudit(db, { action: 'vault.unlocked', at: new Date(clock) });
        clock += (40 + random() * 120) * 60_000;
        const reason = random() < 0.5 ? 'idle' : 'manual';
        appendAudit(db, { action: 'vault.locked', details: { reason }, at: new Date(clock) });
        clock += (30 + random() * 90) * 60_000;
        entries += 2;
      }
      if (weekday === 5) {
        appendAudit(db, {
          action: 'backup.created',
          details: { scheduled: true, bytes: Math.round(2e6 + random() * 5e5), file: 'demo' },
          at: new Date(clock),
        });
        entries++;
      }
    }
  }).immediate();
  const records = db.transaction(() => generateDemoRecords(db, random, request)).immediate();
  const messages = db
    .transaction(() => {
      const count = generateDemoMessages(db, random, request);
      // Sent replies, drafts and outbox items, with response and closing times to match.
      generateDemoReplies(db, random);
      return count;
    })
    .immediate();
  return { auditEntries: entries, ...records, messages, days: request.days };
}
