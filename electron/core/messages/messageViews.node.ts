/** Store rows turned into the shapes the RPC contract promises. */
import type { MethodOutput } from '../../../shared/rpc/contract.std.ts';
import type { MessageService } from './messageService.node.ts';
import type { QueueRow } from './messageStore.node.ts';
import type { QueuePreview } from './queuePreview.node.ts';
import { describeSignals } from './signalDescriptions.node.ts';

type QueueItem = MethodOutput<'messages.queue'>['items'][number];
type MessageDetail = MethodOutput<'messages.get'>;

export function toQueueItem(row: QueueRow, now: string, preview?: QueuePreview): QueueItem {
  return {
    id: row.id,
    sourceId: row.source_id,
    tier: row.tier,
    score: row.score,
    overdue: row.due_at <= now && (row.status === 'new' || row.status === 'claimed'),
    receivedAt: row.received_at,
    dueAt: row.due_at,
    status: row.status,
    assignee: row.assignee,
    clientId: row.client_id,
    clientName: row.client_name,
    channel: row.channel as QueueItem['channel'],
    sender: row.sender,
    subject: row.subject,
    preview: preview?.text ?? row.preview,
    previewMarks: preview?.marks ?? [],
  };
}

export function toMessageDetail(
  { message, history, override }: ReturnType<MessageService['get']>,
  thread: MessageDetail['thread'] = [],
): MessageDetail {
  return {
    id: message.id,
    sourceId: message.source_id,
    channel: message.channel as MessageDetail['channel'],
    sender: message.sender,
    senderName: message.sender_name,
    subject: message.subject,
    body: message.body,
    receivedAt: message.received_at,
    threadKey: message.thread_key,
    clientId: message.client_id,
    status: message.status,
    assignee: message.assignee,
    tier: message.tier,
    dueAt: message.due_at,
    triage: history.map((entry) => ({
      rulesVersion: entry.rulesVersion,
      triagedAt: entry.triagedAt,
      result: entry.result,
    })),
    override:
      override === null
        ? null
        : {
            tier: override.tier,
            reason: override.reason,
            by: override.overridden_by,
            at: override.overridden_at,
          },
    signals: describeSignals(history.map((entry) => entry.result)),
    thread,
  };
}
