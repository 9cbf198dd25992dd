/**
 * `npm run harness`: the built app in your own browser, backed by the real core.
 * Data goes to a fresh temporary folder unless --data DIR is given.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startHarness } from './harness.node.ts';

const { values } = parseArgs({
  options: { data: { type: 'string' }, port: { type: 'string', default: '0' } },
});

const harness = await startHarness({
  rendererDir: resolve(import.meta.dirname, '../../out/renderer'),
  dataDir: values.data === undefined ? mkdtempSync(join(tmpdir(), 'outpost-harness-')) : resolve(values.data),
  port: Number(values.port),
});

console.log(`Outpost harness is running. Open:\n\n  ${harness.url}\n\nPress Ctrl+C to stop.`);

const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
