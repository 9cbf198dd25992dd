/**
 * Wrong passphrases: refused with a stable code, never echoed, never logged, never
 * written anywhere, and they leave every vault file byte-identical. Repeated failures
 * are held back, and the audit log records them once the right passphrase is given.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import type { CallOutcome } from '../host.node.ts';
import {
  codeOf,
  openCore,
  PASSPHRASE,
  removeTree,
  snapshotFolder,
  tempRoot,
} from './testing/hostileKit.node.ts';
import type { TestCore } from './testing/hostileKit.node.ts';

/** Distinct, recognisable wrong passphrases (each long enough to be a plausible attempt). */
const WRONG = [
  'copper lantern orbit mellow quiz!',
  'Copper lantern orbit mellow quiz',
  'tangerine WRONG-7f3a91 walrus',
  'zebra harmonica 4401 dusk',
  'quartz meadow 9931 falcon',
  'nimbus 2208 saffron kiln',
  'umbra cobalt 5150 wren',
  'harbor 6612 lilac thorn',
];

/** Every method that reads or writes vault data, with a valid input. */
const DATA_METHODS: [string, unknown][] = [
  ['vault.getSettings', {}],
  ['vault.updateSettings', { autoLockMinutes: 9 }],
  ['vault.checkIntegrity', {}],
  [
    'vault.changePassphrase',
    { currentPassphrase: PASSPHRASE, newPassphrase: 'violet harbor seven tundra kettle' },
  ],
  ['audit.list', {}],
  ['audit.verify', {}],
  ['audit.exportCsv', {}],
  ['backup.create', { folder: '' }],
  ['backup.list', {}],
  ['demo.generate', { clients: 0, messages: 0, notes: 0 }],
];

let root: string;
const logged: string[] = [];
const spies: MockInstance[] = [];

beforeAll(() => {
  root = tempRoot('wrong-pass');
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    spies.push(
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      }),
    );
  }
});

afterAll(() => {
  for (const spy of spies) spy.mockRestore();
  removeTree(root);
});

function inputFor(method: string, input: unknown, folder: string): unknown {
  return method === 'backup.create' ? { folder } : input;
}

function expectNoSecretIn(text: string, what: string): void {
  for (const secret of [PASSPHRASE, ...WRONG]) {
    expect(text.includes(secret), `${what} contains a passphrase`).toBe(false);
  }
}

describe('before a vault exists', () => {
  it('every data method answers VAULT_ABSENT and nothing is created on disk', async () => {
    const vaultDir = join(root, 'absent', 'vault');
    const backupFolder = join(root, 'absent', 'backups');
    const core = openCore(vaultDir);
    try {
      expect((await core.ok<{ state: string }>('vault.status')).state).toBe('absent');
      for (const [method, input] of DATA_METHODS) {
        const outcome = await core.call(method, inputFor(method, input, backupFolder));
        expect(codeOf(outcome), method).toBe('VAULT_ABSENT');
      }
      expect(codeOf(await core.call('vault.unlock', { passphrase: PASSPHRASE }))).toBe('VAULT_ABSENT');
      expect(existsSync(vaultDir), 'the vault folder was created').toBe(false);
      expect(existsSync(backupFolder), 'the backup folder was created').toBe(false);
    } finally {
      await core.stop();
    }
  });
});

describe('a locked vault and wrong passphrases', () => {
  let vaultDir: string;
  let core: TestCore;
  let before: ReturnType<typeof snapshotFolder>;

  /** A wrong attempt: WRONG_PASSPHRASE, no echo, and every vault file untouched. */
  async function wrongAttempt(passphrase: string): Promise<CallOutcome> {
    const outcome = await core.call('vault.unlock', { passphrase });
    expect(codeOf(outcome)).toBe('WRONG_PASSPHRASE');
    expectNoSecretIn(JSON.stringify(outcome), 'the refusal');
    expect(snapshotFolder(vaultDir), 'vault files changed after a wrong passphrase').toEqual(before);
    return outcome;
  }

  async function delayMs(): Promise<number> {
    return (await core.ok<{ unlockDelayMs: number }>('vault.status')).unlockDelayMs;
  }

  beforeAll(async () => {
    vaultDir = join(root, 'locked', 'vault');
    core = openCore(vaultDir);
    await core.ok('vault.create', { passphrase: PASSPHRASE });
    await core.ok('vault.updateSettings', { autoLockMinutes: 12 });
    await core.ok('vault.lock', { reason: 'manual' });
    before = snapshotFolder(vaultDir);
  });

  afterAll(async () => {
    await core?.stop();
  });

  it('has a locked vault of exactly a key file and a database (the baseline snapshot)', () => {
    expect(Object.keys(before).sort()).toEqual(['keyring.json', 'vault.db']);
  });

  it('answers VAULT_LOCKED from every data method while locked, and changes nothing', async () => {
    const backupFolder = join(root, 'locked', 'backups');
    for (const [method, input] of DATA_METHODS) {
      const outcome = await core.call(method, inputFor(method, input, backupFolder));
      expect(codeOf(outcome), method).toBe('VAULT_LOCKED');
    }
    expect(existsSync(backupFolder), 'backup.create made its folder while locked').toBe(false);
    expect(snapshotFolder(vaultDir)).toEqual(before);
  });

  it('refuses three wrong passphrases with WRONG_PASSPHRASE, leaves the files byte-identical, then holds back', async () => {
    await wrongAttempt(WRONG[0]!);
    expect(await delayMs()).toBe(0);
    await wrongAttempt(WRONG[1]!);
    expect(await delayMs()).toBe(0);
    await wrongAttempt(WRONG[2]!);
    expect(await delayMs()).toBeGreaterThan(0);
  }, 30_000);

  it('holds the next attempt back at least unlockDelayMs, and the hold grows', async () => {
    const started = performance.now();
    const held = await delayMs();
    expect(held).toBeGreaterThan(0);
    await wrongAttempt(WRONG[3]!);
    const elapsed = performance.now() - started;
    expect(
      elapsed,
      `the 4th attempt took ${Math.round(elapsed)} ms, hold was ${held} ms`,
    ).toBeGreaterThanOrEqual(held);
    const next = await delayMs();
    expect(next).toBeGreaterThan(held);
  }, 30_000);

  it('unlocks with the right passphrase after the hold; the audit log counts the failures, no passphrase anywhere', async () => {
    const started = performance.now();
    const held = await delayMs();
    expect((await core.ok<{ state: string }>('vault.unlock', { passphrase: PASSPHRASE })).state).toBe(
      'unlocked',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(held);
    expect(await delayMs()).toBe(0);

    const { entries } = await core.ok<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      'audit.list',
      { limit: 500 },
    );
    const failed = entries.filter((entry) => entry.action === 'vault.unlock_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.details).toEqual({ attempts: 4 });
    expect(entries[0]?.action).toBe('vault.unlocked');
    expectNoSecretIn(JSON.stringify(entries), 'the audit log');
    const { csv } = await core.ok<{ csv: string }>('audit.exportCsv', {});
    expectNoSecretIn(csv, 'the audit CSV');
    expect((await core.ok<{ ok: boolean }>('audit.verify')).ok).toBe(true);
    await core.ok('vault.lock', { reason: 'manual' });
  }, 30_000);

  it('serializes concurrent wrong attempts, so parallel guessing cannot skip the hold', async () => {
    before = snapshotFolder(vaultDir);
    for (const passphrase of WRONG.slice(4, 7)) await wrongAttempt(passphrase);
    const started = performance.now();
    const held = await delayMs();
    expect(held).toBeGreaterThan(0);
    const [first, second] = await Promise.all([
      core.call('vault.unlock', { passphrase: WRONG[7]! }),
      core.call('vault.unlock', { passphrase: WRONG[0]! }),
    ]);
    const elapsed = performance.now() - started;
    expect([codeOf(first!), codeOf(second!)]).toEqual(['WRONG_PASSPHRASE', 'WRONG_PASSPHRASE']);
    // The first waits out the 1 s hold, fails, and the second then waits out a 2 s hold.
    expect(elapsed, `two parallel attempts took ${Math.round(elapsed)} ms`).toBeGreaterThanOrEqual(
      held + 2000,
    );
    expect(snapshotFolder(vaultDir)).toEqual(before);
  }, 40_000);

  it('never logged a passphrase to the console', () => {
    expectNoSecretIn(logged.join('\n'), 'console output');
  });
});
