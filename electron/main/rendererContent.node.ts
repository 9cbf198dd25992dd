import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/**
 * How the built renderer is served, by the Electron app:// protocol and by the e2e
 * harness alike, so the page runs under one policy wherever it is tested.
 */

const BASE_POLICY: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/** The Content-Security-Policy: no inline script or style, no eval, no remote origins. */
export function contentSecurityPolicy(extraConnectSources: readonly string[] = []): string {
  return Object.entries(BASE_POLICY)
    .map(([directive, sources]) =>
      [directive, ...sources, ...(directive === 'connect-src' ? extraConnectSources : [])].join(' '),
    )
    .join('; ');
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file inside the renderer folder, or null when it would
 * escape it (../, encoded separators, NUL bytes).
 */
export function resolveRendererPath(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rendererDir);
  const target = resolve(root, relative);
  return target.startsWith(root + sep) ? target : null;
}

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

function securityHeaders(policy: string): Record<string, string> {
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}

function plainText(status: number, body: string, policy: string): RendererResponse {
  return { status, headers: { ...securityHeaders(policy), 'content-type': 'text/plain' }, body };
}

export function notFound(policy: string): RendererResponse {
  return plainText(404, 'Not found', policy);
}

/** Reads one renderer file with the security headers every response carries. */
export async function readRendererFile(
  rendererDir: string,
  urlPath: string,
  policy: string,
): Promise<RendererResponse> {
  const filePath = resolveRendererPath(rendererDir, urlPath);
  if (filePath === null) return plainText(400, 'Bad path', policy);
  try {
    const body = await readFile(filePath);
    return {
      status: 200,
      headers: { ...securityHeaders(policy), 'content-type': contentTypeFor(filePath) },
      body,
    };
  } catch {
    return notFound(policy);
  }
}
