import { outpost } from '../../client/outpostClient.dom.ts';
import type { MessageStatus } from './queueText.ts';

/** The name a claim is recorded under: the practitioner's, or a plain word when none is set. */
export function claimName(practitionerName: string): string {
  return practitionerName.trim() === '' ? 'Me' : practitionerName.trim();
}

/** Status changes shared by the message view, the keyboard and bulk actions. */
export function setMessagesStatus(
  ids: readonly string[],
  status: MessageStatus,
  options: { assignee?: string | null; snoozedUntil?: string } = {},
): Promise<{ updated: number }> {
  return outpost.call('messages.setStatus', {
    ids: [...ids],
    status,
    ...(options.assignee === undefined ? {} : { assignee: options.assignee }),
    ...(options.snoozedUntil === undefined ? {} : { snoozedUntil: options.snoozedUntil }),
  });
}
