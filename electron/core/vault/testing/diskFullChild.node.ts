/**
 * Child process for diskFull.test.ts: opens the real core on a vault made beforehand
 * and works under a full disk (a `ulimit -f` file-size limit or a small tmpfs). It prints
 * one JSON object per line for each step, so the parent can tell "refused plainly" from
 * "crashed". The passphrase arrives on stdin; the plan is argv[2] as JSON.
 */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { CallOutcome } from '../../host.node.ts';
import { openCore, openHandlesUnder } from './hostileKit.node.ts';

export interface ChildPlan {
  vaultDir: string;
  mode: 'fill' | 'backup' | 'unlock' | 'create';
  /** fill: bytes of each settings value, and how many writes at most. */
  valueBytes?: number;
  maxWrites?: number;
  /** fill: after the disk is full, also try a passphrase change to this one. */
  newPassphrase?: string;
  /** backup: the folder to write into. */
  folder?: string;
  /** Under a file-size limit: write this many bytes to probeFile first, to show the limit bites as EFBIG. */
  probeFile?: string;
  probeBytes?: number;
}

export type ChildLine = { step: string } & Record<string, unknown>;

const plan = JSON.parse(process.argv[2] ?? '{}') as ChildPlan;
const passphrase = (await text(process.stdin)).replace(/\n$/, '');

function say(line: ChildLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function summary(outcome: CallOutcome): Record<string, unknown> {
  return 'error' in outcome ? { code: outcome.error.code, message: outcome.error.message } : { code: 'ok' };
}

if (plan.probeFile !== undefined) {
  // Node ignores SIGXFSZ, so going past `ulimit -f` must fail with EFBIG, not kill us.
  let code = 'no-error';
  try {
    writeFileSync(plan.probeFile, Buffer.alloc(plan.probeBytes ?? 1 << 20));
  } catch (error) {
    code = String((error as { code?: unknown }).code);
  }
  let bytes = -1;
  try {
    bytes = statSync(plan.probeFile).size;
  } catch {
    // not created
  }
  rmSync(plan.probeFile, { force: true });
  say({ step: 'probe', code, bytes });
}

const core = openCore(plan.vaultDir);

if (plan.mode === 'create') {
  say({ step: 'create', ...summary(await core.call('vault.create', { passphrase })) });
} else {
  say({ step: 'unlock', ...summary(await core.call('vault.unlock', { passphrase })) });
}

if (plan.mode === 'fill') {
  let failures = 0;
  for (let i = 0; i < (plan.maxWrites ?? 500) && failures < 3; i++) {
    const value = `/backups/${i}/${'x'.repeat(plan.valueBytes ?? 3000)}`;
    const outcome = await core.call('vault.updateSettings', { backupFolder: value });
    say({ step: 'write', i, ...summary(outcome) });
    if ('error' in outcome) failures++;
  }
  const settings = await core.call('vault.getSettings', {});
  const folder =
    'result' in settings ? (settings.result as { backupFolder: string | null }).backupFolder : null;
  say({ step: 'read', ...summary(settings), index: folder === null ? null : Number(folder.split('/')[2]) });
  say({ step: 'verify', ...summary(await core.call('audit.verify', {})) });
  if (plan.newPassphrase !== undefined) {
    const changed = await core.call('vault.changePassphrase', {
      currentPassphrase: passphrase,
      newPassphrase: plan.newPassphrase,
    });
    say({ step: 'changePassphrase', ...summary(changed) });
  }
}

if (plan.mode === 'backup' && plan.folder !== undefined) {
  const made = await core.call('backup.create', { folder: plan.folder });
  say({ step: 'backup', ...summary(made), result: 'result' in made ? made.result : null });
  const files = readdirSync(plan.folder).map((name) => ({
    name,
    bytes: statSync(join(plan.folder!, name)).size,
  }));
  say({ step: 'folder', files });
}

if (plan.mode === 'unlock') {
  say({ step: 'status', ...(await core.call('vault.status', {})) });
}

say({ step: 'lock', ...summary(await core.call('vault.lock', { reason: 'manual' })) });
if (process.platform === 'linux') say({ step: 'handles', open: openHandlesUnder(plan.vaultDir) });
await core.stop();
say({ step: 'done' });
