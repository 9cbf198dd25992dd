import type * as Electron from 'electron';
import { join } from 'node:path';
import { startCoreWorker, withHostMethods } from '../core/host.node.ts';
import type { CoreConnection } from '../core/host.node.ts';
import type { FolderPurpose } from '../../shared/rpc/contract.std.ts';
import { RPC_CALL_CHANNEL, RPC_EVENT_CHANNEL } from '../preload/channels.std.ts';
import { createCrisisNotifier } from './crisisNotification.main.ts';
import { createDeviceUnlock } from './deviceUnlock.main.ts';
import { contentSecurityPolicy, notFound, readRendererFile } from './rendererContent.node.ts';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createMainWindow,
  denyAllPermissions,
  restrictDownloads,
  hardenWebContents,
  isTrustedSender,
} from './security.main.ts';

const FOLDER_DIALOG_TITLES: Record<FolderPurpose, string> = {
  backup: 'Choose a folder for backups',
  'reply-export': 'Choose a folder for the exported replies',
  'watch-folder': 'Choose the inbox folder to watch',
  'exchange-export': 'Choose a folder for the team bundle',
};

/** The parts of the electron module the shell uses; tests pass a fake. */
export type ElectronApi = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'dialog'
  | 'ipcMain'
  | 'powerMonitor'
  | 'protocol'
  | 'safeStorage'
  | 'session'
  | 'shell'
  | 'Notification'
>;

export interface ShellPaths {
  preloadPath: string;
  rendererDir: string;
  coreWorkerUrl: URL | string;
  /** The core's own threads, bundled beside it; from source the core finds them itself. */
  triageWorkerUrl?: string;
  checkpointWorkerUrl?: string;
}

/**
 * The Electron shell: lifecycle, one hardened window, the app:// protocol, and IPC
 * forwarded to the core worker. Everything else lives in the core.
 */
export function startApp(electron: ElectronApi, paths: ShellPaths): void {
  const { app, BrowserWindow, dialog, ipcMain, powerMonitor, protocol, safeStorage, session, shell } =
    electron;
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: Electron.BrowserWindow | null = null;
  let core: CoreConnection | null = null;

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (core === null) return;
    // Let the core close its database cleanly before the process goes.
    event.preventDefault();
    const stopping = core;
    core = null;
    void stopping.stop().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    restrictDownloads(session.defaultSession);
    const policy = contentSecurityPolicy();
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const file =
        url.host === APP_HOST
          ? await readRendererFile(paths.rendererDir, url.pathname, policy)
          : notFound(policy);
      return new Response(new Uint8Array(Buffer.from(file.body)), {
        status: file.status,
        headers: file.headers,
      });
    });

    const worker = startCoreWorker(paths.coreWorkerUrl, {
      name: app.getName(),
      version: app.getVersion(),
      runtime: `Electron ${process.versions.electron ?? 'unknown'}`,
      vaultDir: join(app.getPath('userData'), 'vault'),
      ...(paths.triageWorkerUrl === undefined ? {} : { triageWorkerUrl: paths.triageWorkerUrl }),
      ...(paths.checkpointWorkerUrl === undefined ? {} : { checkpointWorkerUrl: paths.checkpointWorkerUrl }),
    });
    const deviceUnlock = createDeviceUnlock({
      safeStorage,
      core: worker,
      file: join(app.getPath('userData'), 'device-unlock.bin'),
    });
    const showOpenDialog = (options: Electron.OpenDialogOptions) =>
      mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options);
    const connection = withHostMethods(worker, {
      'device.status': () => deviceUnlock.status(),
      'device.enable': () => deviceUnlock.enable(),
      'device.disable': () => deviceUnlock.disable(),
      'device.unlock': () => deviceUnlock.unlock(),
      'os.chooseFolder': async ({ purpose }) => {
        const chosen = await showOpenDialog({
          title: FOLDER_DIALOG_TITLES[purpose],
          properties: ['openDirectory', 'createDirectory'],
        });
        return { path: chosen.canceled ? null : (chosen.filePaths[0] ?? null) };
      },
      'os.chooseFile': async ({ purpose }) => {
        const chosen = await showOpenDialog(
          purpose === 'exchange-bundle'
            ? {
                title: 'Choose a team bundle to open',
                properties: ['openFile'],
                filters: [
                  { name: 'Outpost team bundles', extensions: ['outpost-bundle'] },
                  { name: 'All files', extensions: ['*'] },
                ],
              }
            : {
                title: 'Choose a backup to restore',
                properties: ['openFile'],
                filters: [{ name: 'Outpost backups', extensions: ['outpost-backup'] }],
              },
        );
        return { path: chosen.canceled ? null : (chosen.filePaths[0] ?? null) };
      },
      'os.chooseFiles': async () => {
        const chosen = await showOpenDialog({
          title: 'Choose messages to import',
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'Messages', extensions: ['eml', 'mbox', 'mbx', 'csv', 'json', 'jsonl', 'ndjson'] },
            { name: 'All files', extensions: ['*'] },
          ],
        });
        return { paths: chosen.canceled ? [] : chosen.filePaths.slice(0, 200) };
      },
    });
    core = connection;
    const pageConnection: CoreConnection = {
      ...connection,
      async call(method, input) {
        const outcome = await connection.call(method, input);
        if ('result' in outcome && (method === 'vault.recover' || method === 'backup.restore')) {
          await deviceUnlock.forget();
        }
        return outcome;
      },
    };

    // A laptop that sleeps or whose screen locks may be out of its owner's sight.
    powerMonitor.on('suspend', () => void connection.call('vault.lock', { reason: 'suspend' }));
    powerMonitor.on('lock-screen', () => void connection.call('vault.lock', { reason: 'screen-lock' }));

    ipcMain.handle(RPC_CALL_CHANNEL, (event, request: unknown) => {
      if (!isTrustedSender(event, mainWindow?.webContents ?? null)) {
        return {
          error: { code: 'FORBIDDEN', message: 'Request refused: it did not come from the Outpost window.' },
        };
      }
      if (
        typeof request !== 'object' ||
        request === null ||
        typeof (request as { method?: unknown }).method !== 'string'
      ) {
        return { error: { code: 'INVALID_INPUT', message: 'A request needs a string "method".' } };
      }
      const { method, input } = request as { method: string; input: unknown };
      return pageConnection.call(method, input);
    });
    connection.onEvent((message) => mainWindow?.webContents.send(RPC_EVENT_CHANNEL, message));
    // Crisis arrivals also raise a desktop notification (no client text), which brings the window forward.
    connection.onEvent(createCrisisNotifier(electron.Notification, () => mainWindow));

    const window = createMainWindow(BrowserWindow, paths.preloadPath);
    mainWindow = window;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      mainWindow = null;
    });
    void window.loadURL(APP_ENTRY_URL);
  });
}
