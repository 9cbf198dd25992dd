import { randomUUID } from 'node:crypto';
import type { VaultDatabase } from '../storage/database.node.ts';
import { messageNeedsSafetyChecklist } from '../replies/replyService.node.ts';
import type { Tier } from '../../../shared/triage/rulesSchema.std.ts';

/**
 * Replies for the demo messages, in keeping with their states: answered and closed
 * messages have a sent reply, a first response time that mostly (not always) meets the
 * tier's target, and closed ones a closing time; some open messages have a draft, and
 * a few a reply waiting in the outbox. Runs after generateDemoMessages.
 */
const REPLY_TEXTS = [
  'Thank you for getting in touch. I have read your message carefully and I would like to help. Could you tell me a little more about what you are hoping for next?',
  'It sounds like a lot is happening at once, and it makes sense that you feel stretched. Shall we set up a short call this week to plan the next step together?',
  'Good news is worth celebrating — well done. If you would like, we can look at how to prepare for the first weeks in the new role.',
  'Here is the information you asked for. The drop-in sessions run on Tuesdays and Thursdays; you do not need to book.',
];
const SAFETY_REPLY =
  'I am really glad you told me. I want to ask you directly: are you thinking about ending your life? Your safety matters most right now. You can call or text the crisis line at any time, day or night. Could we go through your safety plan together today?';
const DRAFT_TEXT = 'Hi, thank you for your message. I have been thinking about what you said and';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A first-response delay for the tier: usually inside the target, sometimes late. */
function responseDelay(tier: Tier, random: () => number): number {
  const late = random() < 0.15;
  switch (tier) {
    case 'crisis':
      return late ? 10 * MINUTE + random() * 50 * MINUTE : 1 * MINUTE + random() * 4 * MINUTE;
    case 'urgent':
      return late ? 10 * HOUR + random() * 20 * HOUR : 30 * MINUTE + random() * 7 * HOUR;
    case 'priority':
      return late ? 3 * DAY + random() * 2 * DAY : 2 * HOUR + random() * 1.8 * DAY;
    default:
      return late ? 6 * DAY + random() * 4 * DAY : 4 * HOUR + random() * 4 * DAY;
  }
}

const FULL_CHECKLIST = JSON.stringify({
  asked_about_suicide: true,
  safety_plan: true,
  crisis_contacts: true,
});

export function generateDemoReplies(db: VaultDatabase, random: () => number): number {
  const now = Date.now();
  const rows = db
    .prepare("SELECT id, tier, status, received_at FROM messages WHERE source_id LIKE 'demo-%' ORDER BY id")
    .all() as { id: string; tier: Tier; status: string; received_at: string }[];
  const insert = db.prepare(
    `INSERT INTO replies (id, message_id, body, status, checklist, created_at, updated_at, ready_at, sent_at,
       exported_at, author)
     VALUES (@id, @message_id, @body, @status, @checklist, @created_at, @updated_at, @ready_at, @sent_at,
       @exported_at, 'Demo Practitioner')`,
  );
  const setTimes = db.prepare('UPDATE messages SET first_response_at = ?, closed_at = ? WHERE id = ?');
  const iso = (time: number) => new Date(Math.min(time, now)).toISOString();
  let count = 0;
  for (const row of rows) {
    const received = Date.parse(row.received_at);
    const needsChecklist = messageNeedsSafetyChecklist(db, row.id);
    const body = needsChecklist
      ? SAFETY_REPLY
      : (REPLY_TEXTS[Math.floor(random() * REPLY_TEXTS.length)] as string);
    const answered = row.status === 'replied' || row.status === 'awaiting_client' || row.status === 'closed';
    // Spam and bare acknowledgements are closed without an answer.
    if (answered && !(row.status === 'closed' && row.tier === 'none')) {
      const sentAt = Math.min(received + responseDelay(row.tier, random), now - MINUTE);
      const closedAt = row.status === 'closed' ? iso(sentAt + (1 + random() * 10) * DAY) : null;
      insert.run({
        id: randomUUID(),
        message_id: row.id,
        body,
        status: 'sent',
        checklist: needsChecklist ? FULL_CHECKLIST : null,
        created_at: iso(sentAt - 20 * MINUTE),
        updated_at: iso(sentAt),
        ready_at: iso(sentAt - 5 * MINUTE),
        sent_at: iso(sentAt),
        exported_at: iso(sentAt - 2 * MINUTE),
      });
      setTimes.run(iso(sentAt), closedAt, row.id);
      count++;
    } else if (row.status === 'closed') {
      setTimes.run(null, iso(received + (1 + random() * 3) * DAY), row.id);
    } else if (row.status === 'claimed' || row.status === 'new') {
      setTimes.run(null, null, row.id);
      const roll = random();
      if (row.tier === 'crisis' || roll >= 0.35) continue;
      // A few replies wait in the outbox (to export and send), more are drafts in progress.
      const inOutbox = roll < 0.1;
      const started = Math.min(received + random() * 2 * HOUR, now - 10 * MINUTE);
      insert.run({
        id: randomUUID(),
        message_id: row.id,
        body: inOutbox ? body : DRAFT_TEXT,
        status: inOutbox ? 'outbox' : 'draft',
        checklist: inOutbox && needsChecklist ? FULL_CHECKLIST : null,
        created_at: iso(started),
        updated_at: iso(started + 5 * MINUTE),
        ready_at: inOutbox ? iso(started + 5 * MINUTE) : null,
        sent_at: null,
        exported_at: null,
      });
      count++;
    } else {
      setTimes.run(null, null, row.id);
    }
  }
  return count;
}
