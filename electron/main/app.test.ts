import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RPC_CALL_CHANNEL } from '../preload/channels.std.ts';
import { startApp } from './app.main.ts';
import { contentSecurityPolicy } from './rendererContent.node.ts';
import { APP_ENTRY_URL } from './security.main.ts';
import { FakeWebContents, createFakeElectron, flush, preventableEvent } from './testing/fakeElectron.ts';
import type { FakeBrowserWindow, FakeElectron, IpcHandler } from './testing/fakeElectron.ts';

/** Every core worker thread the shell starts, and whether it has exited. */
const workers = vi.hoisted(() => [] as Array<{ exited: boolean }>);

vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof WorkerThreads>();
  class TrackedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      const record = { exited: false };
      workers.push(record);
      this.once('exit', () => {
        record.exited = true;
      });
    }
  }
  return { ...actual, Worker: TrackedWorker };
});

const INDEX_HTML = '<!doctype html><title>Outpost</title>';
const coreWorkerUrl = new URL('../core/worker.node.ts', import.meta.url);

let root: string;
let rendererDir: string;
let userDataDir: string;
/** Every fake started by a test; afterEach quits each so no worker thread outlives its test. */
const started: FakeElectron[] = [];
/** Threads of the app shared by read-only tests; stopped in that block's afterAll. */
const sharedWorkers = new Set<object>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'outpost-app-'));
  rendererDir = join(root, 'renderer');
  userDataDir = join(root, 'userData');
  await mkdir(rendererDir);
  await mkdir(userDataDir);
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML);
  await writeFile(join(root, 'secret.txt'), 'TOP SECRET');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function quitAndWait(fake: FakeElectron): Promise<void> {
  if (!fake.app.hasQuit) fake.app.quit();
  await vi.waitFor(() => expect(fake.app.hasQuit).toBe(true), { timeout: 10_000 });
}

afterEach(async () => {
  for (const fake of started.splice(0)) await quitAndWait(fake);
  // Quitting must have stopped every core thread, or vitest would hang on exit.
  expect(workers.filter((worker) => !worker.exited && !sharedWorkers.has(worker))).toStrictEqual([]);
});

function start(options: { singleInstanceLock?: boolean; shared?: boolean } = {}): FakeElectron {
  const fake = createFakeElectron({ userDataDir });
  fake.app.singleInstanceLock = options.singleInstanceLock ?? true;
  if (options.shared !== true) started.push(fake);
  startApp(fake.asElectronApi(), { preloadPath: '/x/preload.cjs', rendererDir, coreWorkerUrl });
  return fake;
}

interface Running {
  fake: FakeElectron;
  window: FakeBrowserWindow;
  call: IpcHandler;
}

async function startReady(options: { shared?: boolean } = {}): Promise<Running> {
  const workersBefore = workers.length;
  const fake = start(options);
  await fake.app.emitReady();
  expect(fake.BrowserWindow.instances).toHaveLength(1);
  const window = fake.BrowserWindow.instances[0]!;
  const call = fake.ipcMain.handlers.get(RPC_CALL_CHANNEL);
  if (call === undefined) throw new Error(`no handler for ${RPC_CALL_CHANNEL}`);
  expect(workers.length - workersBefore).toBe(1);
  if (options.shared === true) sharedWorkers.add(workers.at(-1)!);
  return { fake, window, call };
}

/** An IPC event as Electron builds it for the window's own top-level frame. */
function trustedEvent(window: FakeBrowserWindow) {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

describe('before ready', () => {
  it('registers app:// as a standard, secure scheme before the app is ready', () => {
    const fake = start();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(fake.protocol.privilegedSchemes).toHaveLength(1);
    const [scheme] = fake.protocol.privilegedSchemes;
    expect(scheme?.scheme).toBe('app');
    expect(scheme?.privileges?.standard).toBe(true);
    expect(scheme?.privileges?.secure).toBe(true);
    expect(scheme?.privileges?.bypassCSP).toBeUndefined();
    expect(fake.app.ready).toBe(false);
  });

  it('creates no window, handler or core until ready', () => {
    const fake = start();
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.protocol.handlers.size).toBe(0);
    expect(fake.app.getPath).not.toHaveBeenCalled();
  });

  it('lets the app quit without waiting when no core is running', () => {
    const fake = start();
    const event = preventableEvent();
    fake.app.emit('will-quit', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});

describe('single instance', () => {
  it('quits and never opens a window when another instance holds the lock', async () => {
    const fake = start({ singleInstanceLock: false });
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(fake.app.listenerCount('web-contents-created')).toBe(0);
    await fake.app.emitReady();
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.protocol.handlers.size).toBe(0);
    expect(fake.session.defaultSession.permissionRequestHandler).toBeNull();
  });

  it('does not quit when it holds the lock', () => {
    const fake = start();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(fake.app.quit).not.toHaveBeenCalled();
  });

  it('brings the existing window back when a second instance starts', async () => {
    const { fake, window } = await startReady();
    window.minimized = true;
    fake.app.emit('second-instance', {}, ['outpost'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(1);
  });
});

describe('after ready', () => {
  it('creates one hardened window for the preload and loads the app entry URL', async () => {
    const { fake, window } = await startReady();
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    expect(window.loadedUrls).toStrictEqual([APP_ENTRY_URL]);
    expect(APP_ENTRY_URL).toBe('app://outpost/index.html');
    expect(window.options.show).toBe(false);
    expect(window.options.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });

  it('shows the window only once it is ready to show', async () => {
    const { window } = await startReady();
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('denies every permission on the default session', async () => {
    const { fake } = await startReady();
    const session = fake.session.defaultSession;
    for (const permission of ['media', 'notifications', 'geolocation']) {
      const callback = vi.fn();
      session.permissionRequestHandler!(new FakeWebContents(), permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(session.permissionCheckHandler!(new FakeWebContents(), permission, 'app://outpost', {})).toBe(
        false,
      );
    }
    expect(session.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://outpost' })).toBe(false);
  });

  it('gives the core the app identity and user data folder', async () => {
    const { fake, window, call } = await startReady();
    expect(fake.app.getPath).toHaveBeenCalledWith('userData');
    const reply = await call(trustedEvent(window), { method: 'app.info', input: {} });
    expect(reply).toStrictEqual({
      result: {
        name: 'Outpost',
        version: '0.1.0',
        platform: process.platform,
        arch: process.arch,
        runtime: expect.stringMatching(/^Electron /) as unknown,
        vaultState: 'absent',
      },
    });
  });

  it('quits when the last window closes', async () => {
    const { fake } = await startReady();
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).toHaveBeenCalledOnce();
    // The quit completes once the core thread has stopped, which a loaded CI machine can take a while to do.
    await vi.waitFor(() => expect(fake.app.hasQuit).toBe(true), { timeout: 10_000 });
  });
});

/** One app for the tests that only read from it, so they do not each start a thread. */
describe('a running app', () => {
  let running: Running;

  beforeAll(async () => {
    running = await startReady({ shared: true });
  });

  afterAll(async () => {
    await quitAndWait(running.fake);
    expect(workers.every((worker) => worker.exited)).toBe(true);
  });

  function appHandler() {
    const handle = running.fake.protocol.handlers.get('app');
    if (handle === undefined) throw new Error('app:// is not handled');
    return handle;
  }

  function trustedCall(request: unknown): Promise<unknown> {
    return Promise.resolve(running.call(trustedEvent(running.window), request));
  }

  describe('the app:// protocol', () => {
    it('serves index.html with the content security policy', async () => {
      const response = await appHandler()(new Request('app://outpost/index.html'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe(INDEX_HTML);
    });

    it('serves index.html for the bare origin', async () => {
      const response = await appHandler()(new Request('app://outpost/'));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX_HTML);
    });

    it.each(['app://other-host/', 'app://other-host/index.html', 'app://outpost.evil/index.html'])(
      'answers 404 for another host: %s',
      async (url) => {
        const response = await appHandler()(new Request(url));
        expect(response.status).toBe(404);
        expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
        expect(await response.text()).not.toBe(INDEX_HTML);
      },
    );

    it('answers 404 for a missing file, with the policy', async () => {
      const response = await appHandler()(new Request('app://outpost/missing.js'));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    });

    it('refuses to read outside the renderer folder', async () => {
      const response = await appHandler()(new Request('app://outpost/..%2fsecret.txt'));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(await response.text()).not.toContain('TOP SECRET');
    });
  });

  describe('the outpost:call IPC handler', () => {
    it('answers app.info from the real core for the window main frame', async () => {
      expect(await trustedCall({ method: 'app.info', input: {} })).toMatchObject({
        result: { name: 'Outpost', version: '0.1.0', vaultState: 'absent' },
      });
    });

    it('is the only IPC channel the shell listens on', () => {
      expect([...running.fake.ipcMain.handlers.keys()]).toStrictEqual(['outpost:call']);
    });

    it.each([
      [
        'a frame at a foreign URL',
        (w: FakeBrowserWindow) => ({ sender: w.webContents, senderFrame: { url: 'https://evil.example/' } }),
      ],
      [
        'a subframe at the app URL',
        (w: FakeBrowserWindow) => ({ sender: w.webContents, senderFrame: { url: APP_ENTRY_URL } }),
      ],
      ['no frame', (w: FakeBrowserWindow) => ({ sender: w.webContents, senderFrame: null })],
      [
        'another webContents',
        (w: FakeBrowserWindow) => ({
          sender: new FakeWebContents(APP_ENTRY_URL),
          senderFrame: w.webContents.mainFrame,
        }),
      ],
    ])('refuses %s with FORBIDDEN', async (_label, makeEvent) => {
      const reply = await running.call(makeEvent(running.window), { method: 'app.info', input: {} });
      expect(reply).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(reply).not.toHaveProperty('result');
    });

    it('answers an unknown method with UNKNOWN_METHOD', async () => {
      expect(await trustedCall({ method: 'vault.exportEverything', input: {} })).toMatchObject({
        error: { code: 'UNKNOWN_METHOD' },
      });
    });

    it('answers input that breaks the contract with INVALID_INPUT', async () => {
      expect(await trustedCall({ method: 'app.info', input: { extra: true } })).toMatchObject({
        error: { code: 'INVALID_INPUT' },
      });
    });

    it.each([null, undefined, 'app.info', 42, {}, { method: 42 }, { method: null, input: {} }])(
      'answers the malformed request %j with INVALID_INPUT',
      async (request) => {
        expect(await trustedCall(request)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      },
    );

    it('answers input that cannot be cloned with INVALID_INPUT', async () => {
      expect(await trustedCall({ method: 'app.info', input: { f: () => 1 } })).toMatchObject({
        error: { code: 'INVALID_INPUT' },
      });
    });
  });
});

describe('the outpost:call IPC handler after the window changes', () => {
  it('refuses the main frame once it has navigated away from the app', async () => {
    const { window, call } = await startReady();
    expect(await call(trustedEvent(window), { method: 'app.info', input: {} })).toHaveProperty('result');
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await call(trustedEvent(window), { method: 'app.info', input: {} })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses everything once the window has closed', async () => {
    const { window, call } = await startReady();
    window.emit('closed');
    expect(await call(trustedEvent(window), { method: 'app.info', input: {} })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('quitting', () => {
  it('holds the quit until the core worker has stopped, then quits', async () => {
    const { fake, window, call } = await startReady();
    const worker = workers.at(-1)!;
    const workerExitedWhenQuitCalled: boolean[] = [];
    let callDuringQuit: Promise<unknown> | null = null;
    fake.app.onQuitCalled = () => {
      workerExitedWhenQuitCalled.push(worker.exited);
      callDuringQuit ??= Promise.resolve(call(trustedEvent(window), { method: 'app.info', input: {} }));
    };

    const event = preventableEvent();
    fake.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(fake.app.quit).not.toHaveBeenCalled();
    expect(worker.exited).toBe(false);

    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledOnce(), { timeout: 10_000 });
    expect(workerExitedWhenQuitCalled).toStrictEqual([true]);
    // The core is gone: calls fail as closed instead of hanging.
    expect(await callDuringQuit).toMatchObject({ error: { code: 'TRANSPORT_CLOSED' } });
    // The second will-quit is let through.
    expect(fake.app.hasQuit).toBe(true);
  });

  it('stops the core only once', async () => {
    const { fake } = await startReady();
    const first = preventableEvent();
    fake.app.emit('will-quit', first);
    const second = preventableEvent();
    fake.app.emit('will-quit', second);
    expect(first.preventDefault).toHaveBeenCalledOnce();
    expect(second.preventDefault).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.hasQuit).toBe(true), { timeout: 10_000 });
    await flush();
    expect(fake.app.quit).toHaveBeenCalledOnce();
  });
});

describe('web-contents-created', () => {
  it('hardens every new webContents', async () => {
    const { fake } = await startReady();
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.openWindow('https://evil.example/')).toStrictEqual({ action: 'deny' });
    const navigation = preventableEvent('https://evil.example/');
    contents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = preventableEvent();
    contents.emit('will-attach-webview', webview, {}, { src: APP_ENTRY_URL });
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('opens allowlisted links through the shell module it was given', async () => {
    const { fake } = await startReady();
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.openWindow('https://findahelpline.com/x')).toStrictEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://findahelpline.com/x');
    contents.openWindow('https://evil.example/');
    expect(fake.shell.openExternal).toHaveBeenCalledOnce();
  });

  it('is listened for before ready, so the first window is covered too', () => {
    const fake = start();
    expect(fake.app.listenerCount('web-contents-created')).toBe(1);
  });
});

describe('operating-system hooks', () => {
  it('answers os.chooseFolder with the native dialog, and null when cancelled', async () => {
    const { fake, window, call } = await startReady();
    fake.dialog.nextChoice = '/home/counsellor/Backups';
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFolder', input: { purpose: 'backup' } }),
    ).toStrictEqual({
      result: { path: '/home/counsellor/Backups' },
    });
    const [parent, options] = fake.dialog.showOpenDialog.mock.calls[0]!;
    expect(parent).toBe(window);
    expect((options as Electron.OpenDialogOptions).properties).toContain('openDirectory');
    fake.dialog.nextChoice = null;
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFile', input: { purpose: 'restore' } }),
    ).toStrictEqual({
      result: { path: null },
    });
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFolder', input: { purpose: 'x' } }),
    ).toMatchObject({
      error: { code: 'INVALID_INPUT', field: 'purpose' },
    });
  });

  it('words the team-exchange dialogs for their purpose: a folder to export into, a bundle to open', async () => {
    const { fake, window, call } = await startReady();
    fake.dialog.nextChoice = '/home/counsellor/Team';
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFolder', input: { purpose: 'exchange-export' } }),
    ).toStrictEqual({ result: { path: '/home/counsellor/Team' } });
    const [, folderOptions] = fake.dialog.showOpenDialog.mock.calls[0]!;
    expect(folderOptions).toMatchObject({
      title: 'Choose a folder for the team bundle',
      properties: expect.arrayContaining(['openDirectory']) as unknown,
    });
    fake.dialog.nextChoice = '/home/counsellor/Team/from-sam.outpost-bundle';
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFile', input: { purpose: 'exchange-bundle' } }),
    ).toStrictEqual({ result: { path: '/home/counsellor/Team/from-sam.outpost-bundle' } });
    const [, fileOptions] = fake.dialog.showOpenDialog.mock.calls[1]!;
    const opened = fileOptions as Electron.OpenDialogOptions;
    expect(opened.title).toBe('Choose a team bundle to open');
    expect(opened.properties).toEqual(['openFile']);
    expect(opened.filters?.[0]?.extensions).toEqual(['outpost-bundle']);
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFile', input: { purpose: 'bundle' } }),
    ).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'purpose' } });
  });

  it('answers os.chooseFiles with the chosen files from a multiple-selection dialog', async () => {
    const { fake, window, call } = await startReady();
    fake.dialog.nextChoice = '/home/counsellor/inbox.mbox';
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFiles', input: { purpose: 'import-messages' } }),
    ).toStrictEqual({ result: { paths: ['/home/counsellor/inbox.mbox'] } });
    const [, options] = fake.dialog.showOpenDialog.mock.calls[0]!;
    expect((options as Electron.OpenDialogOptions).properties).toContain('multiSelections');
    fake.dialog.nextChoice = null;
    expect(
      await call(trustedEvent(window), { method: 'os.chooseFiles', input: { purpose: 'import-messages' } }),
    ).toStrictEqual({ result: { paths: [] } });
  });

  it('lets through only downloads the page made itself', async () => {
    const { fake } = await startReady();
    const session = fake.session.defaultSession;
    const attempt = (url: string) => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      session.emit('will-download', event, { getURL: () => url });
      return event.defaultPrevented ? 'refused' : 'allowed';
    };
    expect(attempt('blob:app://outpost/6f1c2a7e-0000-4000-8000-000000000000')).toBe('allowed');
    expect(attempt('https://evil.example/payload.exe')).toBe('refused');
    expect(attempt('blob:https://evil.example/123')).toBe('refused');
    expect(attempt('file:///etc/passwd')).toBe('refused');
  });

  it('answers device.status from the keychain and refuses internal key methods from the page', async () => {
    const { fake, window, call } = await startReady();
    expect(await call(trustedEvent(window), { method: 'device.status', input: {} })).toStrictEqual({
      result: { available: true, enabled: false, reason: null },
    });
    fake.safeStorage.backend = 'basic_text';
    const onLinux = (await call(trustedEvent(window), { method: 'device.status', input: {} })) as {
      result: { available: boolean };
    };
    expect(onLinux.result.available).toBe(process.platform !== 'linux');
    expect(
      await call(trustedEvent(window), { method: 'vault.unlockWithDevice', input: { deviceSecret: 'AAAA' } }),
    ).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('locks an unlocked vault when the system suspends or the screen locks', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'outpost-power-'));
    const fake = createFakeElectron({ userDataDir: profile });
    started.push(fake);
    startApp(fake.asElectronApi(), { preloadPath: '/x/preload.cjs', rendererDir, coreWorkerUrl });
    await fake.app.emitReady();
    const window = fake.BrowserWindow.instances[0]!;
    const call = fake.ipcMain.handlers.get(RPC_CALL_CHANNEL)!;
    const status = async () =>
      (
        (await call(trustedEvent(window), { method: 'vault.status', input: {} })) as {
          result: { state: string };
        }
      ).result.state;

    const passphrase = 'copper lantern orbit mellow quiz';
    expect(
      await call(trustedEvent(window), { method: 'vault.create', input: { passphrase } }),
    ).toHaveProperty('result.recoveryKey');
    expect(await status()).toBe('unlocked');
    fake.powerMonitor.emit('suspend');
    await vi.waitFor(async () => expect(await status()).toBe('locked'), { timeout: 10_000 });

    await call(trustedEvent(window), { method: 'vault.unlock', input: { passphrase } });
    expect(await status()).toBe('unlocked');
    fake.powerMonitor.emit('lock-screen');
    await vi.waitFor(async () => expect(await status()).toBe('locked'), { timeout: 10_000 });
    await quitAndWait(fake);
    await rm(profile, { recursive: true, force: true });
  }, 30_000);
});
