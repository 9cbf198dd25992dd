import type * as Electron from 'electron';
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';

/** The renderer is served from this origin by our own protocol, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'outpost';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before 'ready': a standard, secure scheme so 'self' and fetch work. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * The only places Outpost opens in the system browser: crisis-line directories a
 * counsellor may need to hand a client. Exact https origins, nothing else.
 */
export const EXTERNAL_ORIGIN_ALLOWLIST: readonly string[] = ['https://findahelpline.com'];

/**
 * The one window. Options are written out here, in the constructor call, so both
 * reviewers and the static security scan see every setting.
 */
export function createMainWindow(
  BrowserWindow: typeof Electron.BrowserWindow,
  preloadPath: string,
): Electron.BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Outpost',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // Middle-click would otherwise open links in new windows, bypassing the open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    EXTERNAL_ORIGIN_ALLOWLIST.includes(parsed.origin)
  );
}

interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/** Opens an allowlisted https URL in the system browser; refuses everything else. */
export function openExternalIfAllowed(shell: ExternalOpener, url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}

/** No new windows, no navigation away from the app, no webviews. */
export function hardenWebContents(contents: WebContents, shell: ExternalOpener): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(shell, url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Camera, microphone, notifications, geolocation, devices: all refused unless a feature asks. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * The only downloads are files the app itself made in the page (an audit CSV, as a
 * blob: URL of our own origin); Electron then asks where to save them.
 */
export function isAllowedDownload(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

export function restrictDownloads(session: Session): void {
  session.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getURL())) event.preventDefault();
  });
}

/** An IPC message is honoured only from our own top-level frame in our own window. */
export function isTrustedSender(event: IpcMainInvokeEvent, expected: WebContents | null): boolean {
  const frame = event.senderFrame;
  if (expected === null || frame === null) return false;
  return event.sender === expected && frame === expected.mainFrame && isAppUrl(frame.url);
}
