import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import { describe, expect, it } from 'vitest';
import { createCrisisNotifier, crisisNotificationFor } from './crisisNotification.main.ts';
import type { NotificationApi, NotifiedWindow } from './crisisNotification.main.ts';

const arrived = (count: number, crisis: unknown) => ({
  event: 'messages.arrived',
  payload: { count, crisis },
});

/** Stands in for Electron's Notification, which needs a desktop session: records what was shown. */
function fakeNotifications(supported = true) {
  const shown: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => supported;
    readonly options: Electron.NotificationConstructorOptions;
    visible = false;
    constructor(options: Electron.NotificationConstructorOptions) {
      super();
      this.options = options;
    }
    show(): void {
      this.visible = true;
      shown.push(this);
    }
    close(): void {
      this.visible = false;
    }
  }
  return { Notification: FakeNotification as unknown as NotificationApi, shown };
}

class FakeWindow extends EventEmitter {
  minimized = true;
  shownCount = 0;
  focused = false;
  isMinimized = () => this.minimized;
  restore = () => {
    this.minimized = false;
  };
  show = () => {
    this.shownCount++;
  };
  focus = () => {
    this.focused = true;
    this.emit('focus');
  };
  isFocused = () => this.focused;
  asWindow(): NotifiedWindow {
    return this as unknown as NotifiedWindow;
  }
}

describe('what a crisis notification says', () => {
  it('announces crisis arrivals by count only, never with client text', () => {
    const one = crisisNotificationFor(arrived(3, ['m1']));
    expect(one).toEqual({
      unseen: 1,
      content: {
        title: 'Crisis message arrived',
        body: 'Open Outpost now to read it and see your crisis resources.',
      },
    });
    const more = crisisNotificationFor(arrived(5, ['m1', 'm2']), 1);
    expect(more?.content.title).toBe('3 crisis messages arrived');
    expect(more?.content.body).toBe('Open Outpost now to read them and see your crisis resources.');
  });

  it('stays quiet for arrivals without crisis, other events and malformed payloads', () => {
    expect(crisisNotificationFor(arrived(4, []))).toBeNull();
    expect(
      crisisNotificationFor({ event: 'vault.locked', payload: { reason: 'idle', crisis: ['m1'] } }),
    ).toBeNull();
    expect(crisisNotificationFor({ event: 'messages.arrived', payload: null })).toBeNull();
    expect(crisisNotificationFor(arrived(1, 'm1'))).toBeNull();
    expect(crisisNotificationFor(arrived(1, [7, '']))).toBeNull();
    // The same id twice is one message.
    expect(crisisNotificationFor(arrived(2, ['m1', 'm1']))?.unseen).toBe(1);
  });
});

describe('the crisis notifier', () => {
  it('shows a lasting notification whose click brings the window forward', () => {
    const { Notification, shown } = fakeNotifications();
    const window = new FakeWindow();
    const notify = createCrisisNotifier(Notification, () => window.asWindow());

    notify(arrived(1, ['m1']));
    expect(shown).toHaveLength(1);
    const [first] = shown;
    expect(first?.options).toMatchObject({
      title: 'Crisis message arrived',
      urgency: 'critical',
      timeoutType: 'never',
      silent: false,
    });
    first?.emit('click');
    expect(window).toMatchObject({ minimized: false, shownCount: 1, focused: true });
    expect(first?.visible).toBe(false);
  });

  it('replaces an unseen notification with one giving the running count, and starts again once seen', () => {
    const { Notification, shown } = fakeNotifications();
    const window = new FakeWindow();
    const notify = createCrisisNotifier(Notification, () => window.asWindow());

    notify(arrived(1, ['m1']));
    notify(arrived(2, ['m2', 'm3']));
    expect(shown.map((notification) => notification.options.title)).toEqual([
      'Crisis message arrived',
      '3 crisis messages arrived',
    ]);
    expect(shown.map((notification) => notification.visible)).toEqual([false, true]);

    window.focus();
    expect(shown[1]?.visible).toBe(false);
    window.focused = false;
    notify(arrived(1, ['m4']));
    expect(shown[2]?.options.title).toBe('Crisis message arrived');
  });

  it('counts afresh while the window has focus, and shows nothing for ordinary arrivals', () => {
    const { Notification, shown } = fakeNotifications();
    const window = new FakeWindow();
    window.focused = true;
    const notify = createCrisisNotifier(Notification, () => window.asWindow());
    notify(arrived(3, []));
    expect(shown).toHaveLength(0);
    notify(arrived(1, ['m1']));
    notify(arrived(1, ['m2']));
    expect(shown.map((notification) => notification.options.title)).toEqual([
      'Crisis message arrived',
      'Crisis message arrived',
    ]);
  });

  it('does nothing where the desktop has no notifications, and never throws into the event stream', () => {
    const unsupported = fakeNotifications(false);
    createCrisisNotifier(unsupported.Notification, () => null)(arrived(1, ['m1']));
    expect(unsupported.shown).toHaveLength(0);

    const Broken = Object.assign(
      function BrokenNotification() {
        throw new Error('no notification daemon');
      },
      { isSupported: () => true },
    ) as unknown as NotificationApi;
    expect(() => createCrisisNotifier(Broken, () => null)(arrived(1, ['m1']))).not.toThrow();
  });

  it('still notifies before the window exists, and a click then does nothing harmful', () => {
    const { Notification, shown } = fakeNotifications();
    createCrisisNotifier(Notification, () => null)(arrived(1, ['m1']));
    expect(shown).toHaveLength(1);
    expect(() => shown[0]?.emit('click')).not.toThrow();
  });
});
