/**
 * Demo messages: every channel, tier and queue state, some threaded, all linked to
 * demo clients and triaged by the real engine so the queue looks like a working week.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_RESPONSE_TARGETS, dueAt } from '../../../shared/domain/responseTargets.std.ts';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import type { ImportedMessage, MessageChannel } from '../messages/import/importedMessage.node.ts';
import { storedTriage } from '../messages/compactTriage.node.ts';
import { MESSAGE_STATUSES, insertMessage, setStatus } from '../messages/messageStore.node.ts';
import type { MessageStatus } from '../messages/messageStore.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

/** Written for the demo; every tier is represented, crisis rarely, as in a real inbox. */
const TEXTS: readonly { weight: number; text: string }[] = [
  {
    weight: 30,
    text: 'Hi, is there funding for an HGV licence if I am over 25? I work nights in a warehouse.',
  },
  { weight: 30, text: 'Could we move Thursday to the afternoon? I have a shift until 1.' },
  {
    weight: 25,
    text: 'Got the apprenticeship!!! Thank you so much for all your help with the application 🎉',
  },
  { weight: 25, text: 'Where can I find part-time courses in bookkeeping near Kendal?' },
  {
    weight: 20,
    text: 'My interview is on Friday and I am really nervous. Could you do a mock interview with me before then?',
  },
  {
    weight: 20,
    text: 'I have no idea what to do after college. My parents want me to do law but I want to be an electrician.',
  },
  { weight: 15, text: "They told me I'm too old for the role, I'm 57. Is that even allowed?" },
  {
    weight: 15,
    text: 'A recruiter on WhatsApp says I need to pay £200 for training before I start. Is this legit?',
  },
  {
    weight: 15,
    text: 'I was made redundant last month and the bills are piling up. I keep applying and hear nothing back.',
  },
  { weight: 12, text: 'ok thanks 👍' },
  { weight: 10, text: 'Boost your website traffic with our SEO services! Limited offer, click here.' },
  {
    weight: 6,
    text: "I can't cope any more. I've been crying in the toilets at work all week and I can't stop shaking.",
  },
  {
    weight: 5,
    text: "Some days I wish I just wouldn't wake up. I'm not going to do anything, it's just how it feels.",
  },
  {
    weight: 4,
    text: 'My manager keeps grabbing my waist when no one is looking and says my shifts will dry up if I tell anyone.',
  },
  {
    weight: 3,
    text: 'My boyfriend takes my wages every Friday and checks my phone. I want a job he does not know about.',
  },
  {
    weight: 1,
    text: "I've got 40 paracetamol lined up for tonight. Thank you for trying with my CV. Sorry.",
  },
];
const TOTAL_WEIGHT = TEXTS.reduce((sum, entry) => sum + entry.weight, 0);
const CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'chat', 'social_dm', 'social_post', 'web_form'];
/** Crisis messages stay new in the demo, so the alert and the top of the queue show them. */
const LATER_STATES: readonly MessageStatus[] = MESSAGE_STATUSES.filter((status) => status !== 'snoozed');

function pickText(random: () => number): string {
  let roll = random() * TOTAL_WEIGHT;
  for (const entry of TEXTS) {
    roll -= entry.weight;
    if (roll <= 0) return entry.text;
  }
  return (TEXTS[0] as { text: string }).text;
}

export function generateDemoMessages(
  db: VaultDatabase,
  random: () => number,
  request: { messages: number; days: number },
): number {
  const clients = db.prepare('SELECT id, channels FROM clients').all() as { id: string; channels: string }[];
  const engine = defaultTriageEngine();
  const now = Date.now();
  const start = now - request.days * 86_400_000;
  const threads: string[] = [];
  for (let i = 0; i < request.messages; i++) {
    const client = clients.length > 0 ? clients[Math.floor(random() * clients.length)] : undefined;
    const contact = client === undefined ? [] : (JSON.parse(client.channels) as { value: string }[]);
    const channel = CHANNELS[Math.floor(random() * CHANNELS.length)] as MessageChannel;
    const text = pickText(random);
    // About a third continue an earlier conversation.
    const thread =
      threads.length > 0 && random() < 0.33 ? threads[Math.floor(random() * threads.length)] : undefined;
    const threadKey = thread ?? `demo-thread-${i}`;
    if (thread === undefined) threads.push(threadKey);
    const received = new Date(start + random() * (now - start));
    const message: ImportedMessage = {
      sourceId: `demo-${i}`,
      channel,
      from: contact[0]?.value ?? `demo-sender-${i}@example.org`,
      fromName: null,
      subject: channel === 'email' ? 'Careers question' : null,
      text,
      receivedAt: received.toISOString(),
      threadKey,
      inReplyTo: thread ?? null,
      contentHash: createHash('sha256').update(`demo:${i}:${text}`).digest('hex'),
    };
    const triage = storedTriage(text, engine.triage(text));
    const id = insertMessage(db, {
      message,
      receivedAt: received.toISOString(),
      importedAt: received.toISOString(),
      clientId: client?.id ?? null,
      importId: null,
      triage,
      dueAt: dueAt(received, triage.tier, DEFAULT_RESPONSE_TARGETS).toISOString(),
    });
    const age = now - received.getTime();
    if (triage.tier !== 'crisis' && age > 3 * 86_400_000) {
      const status = LATER_STATES[Math.floor(random() * LATER_STATES.length)] as MessageStatus;
      setStatus(db, id, status, { assignee: status === 'new' ? null : 'Demo Practitioner' });
    } else if (triage.tier !== 'crisis' && random() < 0.05) {
      setStatus(db, id, 'snoozed', { snoozedUntil: new Date(now + 2 * 86_400_000).toISOString() });
    }
  }
  return request.messages;
}
