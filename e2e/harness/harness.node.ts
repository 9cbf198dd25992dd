import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { join } from 'node:path';
import { startCoreWorker, withHostMethods } from '../../electron/core/host.node.ts';
import { contentSecurityPolicy, readRendererFile } from '../../electron/main/rendererContent.node.ts';
import { MAX_REQUEST_BYTES } from '../../shared/rpc/envelope.std.ts';
import { RpcError } from '../../shared/rpc/errors.std.ts';
import type { FolderPurpose } from '../../shared/rpc/contract.std.ts';

/** A browser has no OS keychain: the harness says so, as a machine without one would. */
const KEYCHAIN_REASON = 'This system offers no keychain Outpost can use, so unlocking needs the passphrase.';
const keychainUnavailable = {
  'device.status': () => ({ available: false, enabled: false, reason: KEYCHAIN_REASON }),
  'device.enable': (): never => {
    throw new RpcError({ code: 'DEVICE_UNLOCK_UNAVAILABLE', message: KEYCHAIN_REASON });
  },
  'device.disable': () => ({ enabled: false }),
  'device.unlock': (): never => {
    throw new RpcError({ code: 'DEVICE_UNLOCK_UNAVAILABLE', message: KEYCHAIN_REASON });
  },
};

export const CORE_WORKER_URL = new URL('../../electron/core/worker.node.ts', import.meta.url);
const BRIDGE_PATH = '/__outpost/bridge.js';
const BRIDGE_FILE = new URL('./bridge.browser.js', import.meta.url);

export interface HarnessOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Where the core keeps its data for this run. */
  dataDir: string;
  port?: number;
  version?: string;
  /** Stands in for the OS file dialogs; without it they answer "nothing chosen". */
  choosePath?: (purpose: FolderPurpose | 'restore' | 'exchange-bundle') => string | null;
  /** Stands in for the multiple-file dialog; without it nothing is chosen. */
  choosePaths?: (purpose: 'import-messages') => string[];
}

export interface Harness {
  /** Open this in a browser: the token travels in the fragment, never to the server's logs. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on 127.0.0.1 and bridges `window.outpost` to a real core
 * worker over a WebSocket that only accepts this run's random token.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = randomBytes(32).toString('base64url');
  const worker = startCoreWorker(CORE_WORKER_URL, {
    name: 'Outpost',
    version: options.version ?? '0.0.0-harness',
    runtime: `Node ${process.versions.node} (test harness)`,
    vaultDir: join(options.dataDir, 'vault'),
  });
  const core = withHostMethods(worker, {
    'os.chooseFolder': ({ purpose }) => ({ path: options.choosePath?.(purpose) ?? null }),
    'os.chooseFile': ({ purpose }) => ({ path: options.choosePath?.(purpose) ?? null }),
    'os.chooseFiles': ({ purpose }) => ({ paths: options.choosePaths?.(purpose) ?? [] }),
    ...keychainUnavailable,
  });
  const bridgeSource = await readFile(BRIDGE_FILE, 'utf8');

  let origin = '';
  let policy = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    if (path === BRIDGE_PATH) {
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-security-policy': policy,
      });
      response.end(bridgeSource);
      return;
    }
    void readRendererFile(options.rendererDir, path, policy).then((file) => {
      const isPage = file.status === 200 && file.headers['content-type']?.startsWith('text/html');
      // The bridge must define window.outpost before the app's module script runs.
      const body = isPage
        ? file.body.toString().replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`)
        : file.body;
      response.writeHead(file.status, file.headers).end(body);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 2 * MAX_REQUEST_BYTES });
  server.on('upgrade', (request, socket, head) => {
    if (!isAuthorised(request, token, origin)) {
      refuse(socket);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => serveClient(client));
  });

  function serveClient(client: WebSocket): void {
    client.on('message', (data) => {
      let request: { id?: unknown; method?: unknown; input?: unknown };
      try {
        request = JSON.parse(data.toString()) as typeof request;
      } catch {
        client.send(
          JSON.stringify({ id: -1, error: { code: 'INVALID_INPUT', message: 'Request is not JSON.' } }),
        );
        return;
      }
      const id = typeof request.id === 'number' ? request.id : -1;
      if (typeof request.method !== 'string') {
        client.send(
          JSON.stringify({
            id,
            error: { code: 'INVALID_INPUT', message: 'A request needs a string "method".' },
          }),
        );
        return;
      }
      void core.call(request.method, request.input).then((outcome) => {
        if (client.readyState === client.OPEN) client.send(JSON.stringify({ id, ...outcome }));
      });
    });
  }
  core.onEvent((message) => {
    const frame = JSON.stringify(message);
    for (const client of sockets.clients) client.send(frame);
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  policy = contentSecurityPolicy([`ws://127.0.0.1:${port}`]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.stop();
    },
  };
}

/** Only this run's token, and only from the page this harness served. */
function isAuthorised(request: IncomingMessage, token: string, origin: string): boolean {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/rpc') return false;
  if (request.headers.origin !== undefined && request.headers.origin !== origin) return false;
  const offered = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

function refuse(socket: Duplex): void {
  socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
