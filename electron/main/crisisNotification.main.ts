import type * as Electron from 'electron';
import type { RpcEventMessage } from '../../shared/rpc/envelope.std.ts';

/**
 * A desktop notification when crisis-tier messages arrive, so a practitioner working in
 * another window sees it within the minutes a crisis allows. It never carries client
 * text: lock screens and notification centres show it to anyone nearby.
 */
export interface CrisisNotificationContent {
  title: string;
  body: string;
}

/**
 * What to show for an event from the core, or null for none. `alreadyUnseen` counts the
 * crisis messages announced since the person last came to the window, so a second
 * notification replacing the first still gives the whole number.
 */
export function crisisNotificationFor(
  message: RpcEventMessage,
  alreadyUnseen = 0,
): { content: CrisisNotificationContent; unseen: number } | null {
  if (message.event !== 'messages.arrived') return null;
  const crisis = crisisIdsOf(message.payload);
  if (crisis === 0) return null;
  const unseen = alreadyUnseen + crisis;
  return {
    unseen,
    content: {
      title: unseen === 1 ? 'Crisis message arrived' : `${unseen} crisis messages arrived`,
      body: `Open Outpost now to read ${unseen === 1 ? 'it' : 'them'} and see your crisis resources.`,
    },
  };
}

/** How many distinct crisis ids the payload names; anything malformed counts as none. */
function crisisIdsOf(payload: unknown): number {
  if (typeof payload !== 'object' || payload === null) return 0;
  const crisis = (payload as { crisis?: unknown }).crisis;
  if (!Array.isArray(crisis)) return 0;
  return new Set(crisis.filter((id) => typeof id === 'string' && id !== '')).size;
}

/** The parts of Electron's Notification and BrowserWindow the notifier uses; tests pass fakes. */
export interface NotificationApi {
  isSupported(): boolean;
  new (
    options: Electron.NotificationConstructorOptions,
  ): Pick<Electron.Notification, 'show' | 'close' | 'on'>;
}

export type NotifiedWindow = Pick<
  Electron.BrowserWindow,
  'isMinimized' | 'restore' | 'show' | 'focus' | 'isFocused' | 'once'
>;

/**
 * Listens to core events and shows one crisis notification at a time (a newer one
 * replaces the older, with the running count); clicking it brings the window forward.
 */
export function createCrisisNotifier(
  Notification: NotificationApi,
  getWindow: () => NotifiedWindow | null,
): (message: RpcEventMessage) => void {
  let unseen = 0;
  // Held so it is not garbage-collected while shown, which would drop its click handler.
  let current: Pick<Electron.Notification, 'show' | 'close' | 'on'> | null = null;
  const watchedWindows = new WeakSet<NotifiedWindow>();

  const seen = () => {
    unseen = 0;
    current?.close();
    current = null;
  };

  const notify = (message: RpcEventMessage) => {
    const window = getWindow();
    // Someone looking at the window sees the in-app alert; the count starts again.
    const decision = crisisNotificationFor(message, window?.isFocused() === true ? 0 : unseen);
    if (decision === null || !Notification.isSupported()) return;
    unseen = decision.unseen;
    current?.close();
    const notification = new Notification({
      title: decision.content.title,
      body: decision.content.body,
      urgency: 'critical',
      timeoutType: 'never',
      silent: false,
    });
    notification.on('click', () => {
      const target = getWindow();
      if (target !== null) {
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
      }
      seen();
    });
    notification.show();
    current = notification;
    if (window !== null && !watchedWindows.has(window)) {
      watchedWindows.add(window);
      window.once('focus', () => {
        watchedWindows.delete(window);
        seen();
      });
    }
  };
  // The in-app alert is the one that must not fail; a desktop that refuses a notification
  // must not stop the events reaching the window.
  return (message) => {
    try {
      notify(message);
    } catch {
      current = null;
    }
  };
}
