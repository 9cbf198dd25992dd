import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';

export type QueueItem = MethodOutput<'messages.queue'>['items'][number];
export type MessageDetail = MethodOutput<'messages.get'>;
export type MessageChannel = QueueItem['channel'];
export type MessageStatus = QueueItem['status'];

export const CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: 'Email',
  sms: 'Text message',
  chat: 'Chat',
  social_post: 'Social media post',
  social_dm: 'Social media message',
  web_form: 'Web form',
};

export const STATUS_LABELS: Record<MessageStatus, string> = {
  new: 'New',
  claimed: 'Claimed',
  replied: 'Replied',
  awaiting_client: 'Awaiting client',
  closed: 'Closed',
  snoozed: 'Snoozed',
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "12 min", "3 h", "2 d": short enough for a queue column. */
export function shortDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(1, Math.round(abs / MINUTE))} min`;
  if (abs < 2 * DAY) return `${Math.round(abs / HOUR)} h`;
  return `${Math.round(abs / DAY)} d`;
}

/** "Waiting 3 h" and "due in 20 min" or "overdue by 2 h", for one queue row. */
export function waitingText(item: Pick<QueueItem, 'receivedAt' | 'dueAt' | 'status'>, now: number) {
  const waiting = `Waiting ${shortDuration(now - Date.parse(item.receivedAt))}`;
  const dueIn = Date.parse(item.dueAt) - now;
  const open = item.status === 'new' || item.status === 'claimed';
  if (!open) return { waiting, due: null, overdue: false };
  return dueIn >= 0
    ? { waiting, due: `due in ${shortDuration(dueIn)}`, overdue: false }
    : { waiting, due: `overdue by ${shortDuration(dueIn)}`, overdue: true };
}

/** Who sent it, as the practitioner knows them: the linked client's name first. */
export function senderText(item: {
  clientName?: string | null;
  sender: string | null;
  senderName?: string | null;
}): string {
  return item.clientName ?? item.senderName ?? item.sender ?? 'Unknown sender';
}

/** Splits text into plain and marked runs for highlighting evidence. */
export function markedRuns(
  text: string,
  marks: readonly { start: number; end: number }[],
): { text: string; marked: boolean; index: number }[] {
  const sorted = marks
    .filter((mark) => mark.start >= 0 && mark.end > mark.start && mark.end <= text.length)
    .toSorted((a, b) => a.start - b.start);
  const runs: { text: string; marked: boolean; index: number }[] = [];
  let at = 0;
  sorted.forEach((mark, index) => {
    const start = Math.max(mark.start, at);
    if (start >= mark.end) return;
    if (start > at) runs.push({ text: text.slice(at, start), marked: false, index: -1 });
    runs.push({ text: text.slice(start, mark.end), marked: true, index });
    at = mark.end;
  });
  if (at < text.length) runs.push({ text: text.slice(at), marked: false, index: -1 });
  return runs;
}
