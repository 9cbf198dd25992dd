import { randomBytes } from 'node:crypto';
/**
 * A stand-in for the parts of the `electron` module the shell uses, for unit tests
 * that run under plain Node. It records what the shell asks for and, where real
 * Electron would refuse (using the protocol, session or windows before 'ready',
 * registering schemes after it, a second IPC handler on one channel), it throws too.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type * as Electron from 'electron';
import type { ElectronApi } from '../app.main.ts';

export interface FakeFrame {
  url: string;
}

export interface FakeNavigationEvent {
  url: string;
  preventDefault: () => void;
  defaultPrevented: boolean;
}

/** An event object with a working preventDefault, as Electron passes to will-* handlers. */
export function preventableEvent(url = ''): FakeNavigationEvent {
  const event: FakeNavigationEvent = {
    url,
    defaultPrevented: false,
    preventDefault: vi.fn(() => {
      event.defaultPrevented = true;
    }),
  };
  return event;
}

type WindowOpenHandler = (details: { url: string }) => { action: string };

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: Array<{ channel: string; message: unknown }> = [];

  constructor(url = '') {
    super();
    this.mainFrame = { url };
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }

  /** Asks the installed window-open handler, as Electron does for window.open and target=_blank. */
  openWindow(url: string): { action: string } {
    if (this.windowOpenHandler === null) throw new Error('no window open handler installed');
    return this.windowOpenHandler({ url });
  }

  asElectron(): Electron.WebContents {
    return this as unknown as Electron.WebContents;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  /** Set by createFakeElectron: real Electron cannot create windows before 'ready'. */
  static isAppReady: () => boolean = () => true;

  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  shown = false;
  minimized = false;
  focused = false;

  constructor(options: Electron.BrowserWindowConstructorOptions) {
    super();
    if (!FakeBrowserWindow.isAppReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }

  show(): void {
    this.shown = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }

  focus(): void {
    this.focused = true;
  }
}

export const FakeBrowserWindowClass = FakeBrowserWindow as unknown as typeof Electron.BrowserWindow;

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;

  setPermissionRequestHandler(handler: ((...args: unknown[]) => void) | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }

  asElectron(): Electron.Session {
    return this as unknown as Electron.Session;
  }
}

export type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
export type ProtocolHandler = (request: Request) => Promise<Response> | Response;

export interface FakeApp extends EventEmitter {
  readonly userDataDir: string;
  singleInstanceLock: boolean;
  ready: boolean;
  /** True once a quit went through without a will-quit handler preventing it. */
  hasQuit: boolean;
  /** Runs at the start of every quit() call, before will-quit is emitted. */
  onQuitCalled: (() => void) | null;
  requestSingleInstanceLock: ReturnType<typeof vi.fn<() => boolean>>;
  quit: ReturnType<typeof vi.fn<() => void>>;
  whenReady(): Promise<void>;
  getName(): string;
  getVersion(): string;
  getPath: ReturnType<typeof vi.fn<(name: string) => string>>;
  /** Fires 'ready': resolves whenReady() and lets the shell's ready callback run. */
  emitReady(): Promise<void>;
}

export interface FakeElectron {
  app: FakeApp;
  BrowserWindow: typeof FakeBrowserWindow;
  ipcMain: {
    handlers: Map<string, IpcHandler>;
    handle(channel: string, handler: IpcHandler): void;
  };
  protocol: {
    privilegedSchemes: Electron.CustomScheme[];
    handlers: Map<string, ProtocolHandler>;
    registerSchemesAsPrivileged: ReturnType<typeof vi.fn<(schemes: Electron.CustomScheme[]) => void>>;
    handle(scheme: string, handler: ProtocolHandler): void;
  };
  session: { readonly defaultSession: FakeSession };
  shell: { openExternal: ReturnType<typeof vi.fn<(url: string) => Promise<void>>> };
  /** Answers open dialogs with `nextChoice` (null = the user cancelled). */
  dialog: {
    nextChoice: string | null;
    showOpenDialog: ReturnType<typeof vi.fn<(...args: unknown[]) => Promise<Electron.OpenDialogReturnValue>>>;
  };
  powerMonitor: EventEmitter;
  safeStorage: FakeSafeStorage;
  /** The same object typed as what startApp() accepts. */
  asElectronApi(): ElectronApi;
}

export interface FakeSafeStorage {
  backend: ReturnType<typeof Electron.safeStorage.getSelectedStorageBackend>;
  encryptionAvailable: boolean;
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): FakeSafeStorage['backend'];
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Stands in for the OS keychain: sealing is a reversible transform with a per-fake
 * secret, enough to show that what reaches the disk is not the plain secret.
 */
export function createFakeSafeStorage(
  backend: FakeSafeStorage['backend'] = 'gnome_libsecret',
): FakeSafeStorage {
  const mask = randomBytes(64);
  const transform = (bytes: Buffer) =>
    Buffer.from(bytes.map((byte, index) => byte ^ mask[index % mask.length]!));
  const storage: FakeSafeStorage = {
    backend,
    encryptionAvailable: true,
    isEncryptionAvailable: () => storage.encryptionAvailable,
    getSelectedStorageBackend: () => storage.backend,
    encryptString: (plainText) => Buffer.concat([Buffer.from('sealed:'), transform(Buffer.from(plainText))]),
    decryptString: (encrypted) => {
      if (!encrypted.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('Error while decrypting');
      return transform(encrypted.subarray(7)).toString();
    },
  };
  return storage;
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createFakeElectron(options: { userDataDir: string }): FakeElectron {
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const emitter = new EventEmitter();
  const app: FakeApp = Object.assign(emitter, {
    userDataDir: options.userDataDir,
    singleInstanceLock: true,
    ready: false,
    hasQuit: false,
    onQuitCalled: null as (() => void) | null,
    requestSingleInstanceLock: vi.fn(() => app.singleInstanceLock),
    quit: vi.fn(() => {
      app.onQuitCalled?.();
      const event = preventableEvent();
      emitter.emit('will-quit', event);
      if (!event.defaultPrevented) app.hasQuit = true;
    }),
    whenReady: () => readyPromise,
    getName: () => 'Outpost',
    getVersion: () => '0.1.0',
    getPath: vi.fn((name: string) => {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return options.userDataDir;
    }),
    async emitReady() {
      app.ready = true;
      emitter.emit('ready');
      resolveReady();
      await flush();
    },
  });

  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.isAppReady = () => app.ready;

  const defaultSession = new FakeSession();
  const ipcHandlers = new Map<string, IpcHandler>();
  const protocolHandlers = new Map<string, ProtocolHandler>();
  const privilegedSchemes: Electron.CustomScheme[] = [];

  const fake: FakeElectron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handlers: ipcHandlers,
      handle(channel, handler) {
        if (ipcHandlers.has(channel)) {
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        }
        ipcHandlers.set(channel, handler);
      },
    },
    protocol: {
      privilegedSchemes,
      handlers: protocolHandlers,
      registerSchemesAsPrivileged: vi.fn((schemes: Electron.CustomScheme[]) => {
        if (app.ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
        privilegedSchemes.push(...schemes);
      }),
      handle(scheme, handler) {
        if (!app.ready) throw new Error('protocol.handle can only be used after the app is ready');
        protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      get defaultSession() {
        if (!app.ready) throw new Error('session.defaultSession can only be used after the app is ready');
        return defaultSession;
      },
    },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    dialog: {
      nextChoice: null,
      showOpenDialog: vi.fn(() => {
        const choice = fake.dialog.nextChoice;
        return Promise.resolve({ canceled: choice === null, filePaths: choice === null ? [] : [choice] });
      }),
    },
    powerMonitor: new EventEmitter(),
    safeStorage: createFakeSafeStorage(),
    asElectronApi: () => fake as unknown as ElectronApi,
  };
  return fake;
}
