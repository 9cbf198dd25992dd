import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Electron from 'electron';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  EXTERNAL_ORIGIN_ALLOWLIST,
  createMainWindow,
  denyAllPermissions,
  hardenWebContents,
  isAllowedExternalUrl,
  isAppUrl,
  isTrustedSender,
  openExternalIfAllowed,
} from './security.main.ts';
import {
  FakeBrowserWindow,
  FakeBrowserWindowClass,
  FakeSession,
  FakeWebContents,
  preventableEvent,
} from './testing/fakeElectron.ts';

function fakeShell() {
  return { openExternal: vi.fn((_url: string) => Promise.resolve()) };
}

const ALLOWED_EXTERNAL = [
  'https://findahelpline.com/x',
  'https://findahelpline.com',
  'https://findahelpline.com/countries/nz?topic=crisis',
];

const REFUSED_EXTERNAL = [
  'http://findahelpline.com/x',
  'https://findahelpline.com.evil.com/x',
  'https://evil.com/findahelpline.com',
  'https://evil.com/?u=https://findahelpline.com',
  'https://www.findahelpline.com/x',
  'https://findahelpline.com:8443/x',
  'https://user:pw@findahelpline.com/x',
  'https://user@findahelpline.com/x',
  'javascript:alert(1)',
  'javascript://findahelpline.com/%0aalert(1)',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'https://example.com/',
  'https://outpost.example/',
  'app://outpost/index.html',
  'ms-settings:privacy',
  'not a url',
  '',
];

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances = [];
    FakeBrowserWindow.isAppReady = () => true;
  });

  function createdOptions(): Electron.BrowserWindowConstructorOptions {
    const window = createMainWindow(FakeBrowserWindowClass, '/p/preload.cjs');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const [created] = FakeBrowserWindow.instances;
    expect(window).toBe(created);
    return created!.options;
  }

  it('creates the window hidden until it is ready to show', () => {
    expect(createdOptions().show).toBe(false);
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
    ['disableBlinkFeatures', 'Auxclick'],
    ['preload', '/p/preload.cjs'],
  ] as const)('sets webPreferences.%s to %j', (key, value) => {
    const prefs = createdOptions().webPreferences;
    expect(prefs).toBeDefined();
    expect(Object.hasOwn(prefs!, key)).toBe(true);
    expect(prefs![key]).toStrictEqual(value);
  });

  it('does not turn on anything that loosens the renderer', () => {
    const prefs = createdOptions().webPreferences!;
    for (const key of [
      'enableBlinkFeatures',
      'additionalArguments',
      'partition',
      'session',
      'plugins',
      'javascript',
    ]) {
      expect(prefs, key).not.toHaveProperty(key);
    }
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://outpost/index.html', true],
    ['app://outpost/', true],
    ['app://outpost/assets/index-abc123.js', true],
    ['app://evil/', false],
    ['app://evil/index.html', false],
    ['app://outpost.evil/index.html', false],
    ['app://outpost:8080/index.html', false],
    ['file:///work/out/renderer/index.html', false],
    ['http://127.0.0.1:5173/', false],
    ['http://localhost/index.html', false],
    ['https://outpost/index.html', false],
    ['outpost://app/index.html', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['', false],
  ])('%j -> %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('accepts the entry URL the shell loads', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });
});

describe('the app:// scheme privileges', () => {
  it('is a standard, secure scheme named app', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges.standard).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges.secure).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });
});

describe('external links', () => {
  it('allowlists exactly one https origin', () => {
    expect(EXTERNAL_ORIGIN_ALLOWLIST).toStrictEqual(['https://findahelpline.com']);
  });

  it.each(ALLOWED_EXTERNAL)('allows and opens %j', (url) => {
    const shell = fakeShell();
    expect(isAllowedExternalUrl(url)).toBe(true);
    expect(openExternalIfAllowed(shell, url)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(url);
  });

  it.each(REFUSED_EXTERNAL)('refuses %j and does not open it', (url) => {
    const shell = fakeShell();
    expect(isAllowedExternalUrl(url)).toBe(false);
    expect(openExternalIfAllowed(shell, url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('hardenWebContents', () => {
  let contents: FakeWebContents;
  let shell: ReturnType<typeof fakeShell>;

  beforeEach(() => {
    contents = new FakeWebContents();
    shell = fakeShell();
    hardenWebContents(contents.asElectron(), shell);
  });

  it.each([...ALLOWED_EXTERNAL, ...REFUSED_EXTERNAL, APP_ENTRY_URL])('denies a new window for %j', (url) => {
    expect(contents.openWindow(url)).toStrictEqual({ action: 'deny' });
  });

  it('opens allowlisted window targets in the system browser instead', () => {
    contents.openWindow('https://findahelpline.com/x');
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://findahelpline.com/x');
  });

  it.each(REFUSED_EXTERNAL)('does not open %j externally from a window request', (url) => {
    contents.openWindow(url);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  describe.each(['will-navigate', 'will-redirect'])('%s', (eventName) => {
    it.each([
      'https://findahelpline.com/x',
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'javascript:alert(1)',
    ])('is prevented for %j', (url) => {
      const event = preventableEvent(url);
      contents.emit(eventName, event);
      expect(event.preventDefault).toHaveBeenCalled();
    });

    it.each(['app://outpost/index.html', 'app://outpost/other.html'])('is allowed for %j', (url) => {
      const event = preventableEvent(url);
      contents.emit(eventName, event);
      expect(event.preventDefault).not.toHaveBeenCalled();
    });

    it('never opens the target externally', () => {
      contents.emit(eventName, preventableEvent('https://findahelpline.com/x'));
      expect(shell.openExternal).not.toHaveBeenCalled();
    });
  });

  it.each(['app://outpost/index.html', 'https://evil.example/'])(
    'prevents will-attach-webview (src %j)',
    (src) => {
      const event = preventableEvent();
      contents.emit('will-attach-webview', event, { nodeIntegration: false }, { src });
      expect(event.preventDefault).toHaveBeenCalled();
    },
  );
});

describe('denyAllPermissions', () => {
  let session: FakeSession;

  beforeEach(() => {
    session = new FakeSession();
    denyAllPermissions(session.asElectron());
  });

  const permissions = [
    'media',
    'notifications',
    'geolocation',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'openExternal',
    'pointerLock',
    'midi',
    'midiSysex',
    'hid',
    'serial',
    'usb',
    'unknown',
  ];

  it.each(permissions)('answers a request for %j with false', (permission) => {
    const callback = vi.fn();
    session.permissionRequestHandler!(new FakeWebContents(APP_ENTRY_URL), permission, callback, {
      requestingUrl: APP_ENTRY_URL,
      isMainFrame: true,
    });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(permissions)('answers a check for %j with false', (permission) => {
    expect(
      session.permissionCheckHandler!(new FakeWebContents(APP_ENTRY_URL), permission, 'app://outpost', {
        requestingUrl: APP_ENTRY_URL,
        isMainFrame: true,
      }),
    ).toBe(false);
  });

  it.each(['hid', 'serial', 'usb'])('refuses %s devices', (deviceType) => {
    expect(session.devicePermissionHandler!({ deviceType, origin: 'app://outpost', device: {} })).toBe(false);
  });
});

describe('isTrustedSender', () => {
  let expected: FakeWebContents;

  beforeEach(() => {
    expected = new FakeWebContents(APP_ENTRY_URL);
  });

  function check(event: { sender: unknown; senderFrame: unknown }, against: FakeWebContents | null): boolean {
    return isTrustedSender(
      event as unknown as Electron.IpcMainInvokeEvent,
      against === null ? null : against.asElectron(),
    );
  }

  it('trusts the expected window main frame at app://outpost', () => {
    expect(check({ sender: expected, senderFrame: expected.mainFrame }, expected)).toBe(true);
  });

  it('trusts any page of the app origin in the main frame', () => {
    expected.mainFrame.url = 'app://outpost/settings.html';
    expect(check({ sender: expected, senderFrame: expected.mainFrame }, expected)).toBe(true);
  });

  it('refuses when the sender frame is gone', () => {
    expect(check({ sender: expected, senderFrame: null }, expected)).toBe(false);
  });

  it('refuses a subframe, even one at the app URL', () => {
    expect(check({ sender: expected, senderFrame: { url: APP_ENTRY_URL } }, expected)).toBe(false);
  });

  it('refuses another webContents, even with the main frame of the expected one', () => {
    const other = new FakeWebContents(APP_ENTRY_URL);
    expect(check({ sender: other, senderFrame: expected.mainFrame }, expected)).toBe(false);
    expect(check({ sender: other, senderFrame: other.mainFrame }, expected)).toBe(false);
  });

  it.each(['https://evil.example/', 'app://evil/index.html', 'file:///index.html', 'about:blank', ''])(
    'refuses the main frame when it shows %j',
    (url) => {
      expected.mainFrame.url = url;
      expect(check({ sender: expected, senderFrame: expected.mainFrame }, expected)).toBe(false);
    },
  );

  it('refuses everything when there is no window', () => {
    expect(check({ sender: expected, senderFrame: expected.mainFrame }, null)).toBe(false);
  });
});
