import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  contentTypeFor,
  readRendererFile,
  resolveRendererPath,
} from './rendererContent.node.ts';

/** Splits a policy into directive -> sources, failing on a repeated directive. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    expect(directives.has(name), `directive ${name} appears twice`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy();
  const directives = parsePolicy(policy);

  it.each([
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ])('sets %s to exactly %j', (directive, sources) => {
    expect(directives.get(directive)).toStrictEqual(sources);
  });

  it('has no frame-src or child-src that would loosen default-src', () => {
    expect(directives.has('frame-src')).toBe(false);
    expect(directives.has('child-src')).toBe(false);
  });

  it.each(["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'"])(
    'never contains %s',
    (keyword) => {
      expect(policy).not.toContain(keyword);
    },
  );

  it('has no wildcard, remote or blob sources', () => {
    for (const [directive, sources] of directives) {
      for (const source of sources) {
        expect(source, `${directive} ${source}`).not.toContain('*');
        expect(source, `${directive} ${source}`).not.toMatch(/^(https?|wss?|blob|filesystem):/i);
      }
    }
    expect(policy).not.toMatch(/https?:/i);
  });

  it('adds extra connect sources to connect-src only', () => {
    const extras = ['ws://127.0.0.1:43210', 'http://127.0.0.1:43210'];
    const extended = parsePolicy(contentSecurityPolicy(extras));
    expect(extended.get('connect-src')).toStrictEqual(["'self'", ...extras]);
    for (const [directive, sources] of extended) {
      if (directive === 'connect-src') continue;
      expect(sources, directive).toStrictEqual(directives.get(directive));
      for (const extra of extras) expect(sources, directive).not.toContain(extra);
    }
    expect([...extended.keys()]).toStrictEqual([...directives.keys()]);
  });

  it('does not keep extra sources between calls', () => {
    contentSecurityPolicy(['ws://127.0.0.1:1']);
    expect(contentSecurityPolicy()).toBe(policy);
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app.JS', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['font.woff2', 'font/woff2'],
    ['icon.svg', 'image/svg+xml'],
    ['payload.exe', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('%s -> %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('resolveRendererPath', () => {
  const dir = resolve('/srv/outpost/renderer');

  it.each([
    ['/', 'index.html'],
    ['', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/a.js', 'assets/a.js'],
    ['/assets/../index.html', 'index.html'],
    ['//assets/a.js', 'assets/a.js'],
    ['/assets/with%20space.css', 'assets/with space.css'],
  ])('%j -> <dir>/%s', (urlPath, relative) => {
    expect(resolveRendererPath(dir, urlPath)).toBe(join(dir, relative));
  });

  it.each([
    '/../etc/passwd',
    '/../../../../etc/passwd',
    '/..',
    '/.',
    '/assets/../../secret',
    '/%2e%2e/secret',
    '/%2E%2E/secret',
    '/..%2fsecret',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/../renderer-evil/index.html',
    '/a%00b',
    '/index.html%00.png',
    '/%E0%A4%A',
    '/%',
    '/..\\secret',
    '/assets\\a.js',
    '/%5c..%5csecret',
    '/..%5csecret',
  ])('refuses %j', (urlPath) => {
    expect(resolveRendererPath(dir, urlPath)).toBeNull();
  });
});

describe('readRendererFile', () => {
  const policy = contentSecurityPolicy();
  let root: string;
  let rendererDir: string;
  const indexHtml =
    '<!doctype html><title>Outpost</title><script type="module" src="/assets/app.js"></script>';
  const appJs = 'console.log("outpost");';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'outpost-renderer-'));
    rendererDir = join(root, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), indexHtml);
    await writeFile(join(rendererDir, 'assets', 'app.js'), appJs);
    await writeFile(join(rendererDir, 'assets', 'app.css'), 'body{}');
    await writeFile(join(root, 'secret.txt'), 'TOP SECRET');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function expectSecurityHeaders(headers: Record<string, string>): void {
    expect(headers['content-security-policy']).toBe(policy);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['referrer-policy']).toBe('no-referrer');
  }

  it('serves index.html for / with the policy and an HTML content type', async () => {
    const response = await readRendererFile(rendererDir, '/', policy);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body.toString()).toBe(indexHtml);
    expectSecurityHeaders(response.headers);
  });

  it('serves a script with a JavaScript content type', async () => {
    const response = await readRendererFile(rendererDir, '/assets/app.js', policy);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body.toString()).toBe(appJs);
  });

  it('serves a stylesheet with a CSS content type', async () => {
    const response = await readRendererFile(rendererDir, '/assets/app.css', policy);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('uses the policy it is given', async () => {
    const custom = contentSecurityPolicy(['ws://127.0.0.1:1']);
    const response = await readRendererFile(rendererDir, '/', custom);
    expect(response.headers['content-security-policy']).toBe(custom);
  });

  it.each(['/missing.html', '/assets/missing.js', '/assets'])('answers 404 for %j', async (urlPath) => {
    const response = await readRendererFile(rendererDir, urlPath, policy);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('text/plain');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/a%00b',
    '/%E0%A4%A',
    '/..\\secret.txt',
  ])('answers 400 for %j without reading outside the folder', async (urlPath) => {
    const response = await readRendererFile(rendererDir, urlPath, policy);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.body.toString()).not.toContain('TOP SECRET');
  });

  it.each([
    ['/', 200],
    ['/assets/app.js', 200],
    ['/missing.html', 404],
    ['/../secret.txt', 400],
  ])('puts every security header on the %j response (%i)', async (urlPath, status) => {
    const response = await readRendererFile(rendererDir, urlPath, policy);
    expect(response.status).toBe(status);
    expectSecurityHeaders(response.headers);
  });
});
