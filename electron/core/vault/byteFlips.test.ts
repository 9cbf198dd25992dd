/**
 * Damaged files: single-byte flips in vault.db, keyring.json and a backup. With the right
 * passphrase and an intact key file the app must never crash, hang, blame the passphrase
 * or touch the damaged file; it answers with a stable code (VAULT_CORRUPT) and shows the
 * damage in vault.status().problem. Each trial runs on its own copy of the pristine files.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../host.node.ts';
import {
  canInspectHandles,
  codeOf,
  dataKeyOf,
  openCore,
  openHandlesUnder,
  openWithKey,
  PASSPHRASE,
  removeTree,
  seededRandom,
  tempRoot,
  walkFiles,
  within,
} from './testing/hostileKit.node.ts';

const PAGE = 4096;
const HANG_MS = 15_000;
const RANDOM_FLIPS = 40;

interface PageInfo {
  pageno: number;
  name: string;
  path: string;
  pagetype: string;
}

/** What one trial saw. `problem` holds status().problem after each detection (or STATUS:<code>). */
interface Trial {
  label: string;
  offset: number | null;
  page: number | null;
  owner: string;
  unlock: string;
  verify: string | null;
  integrity: string | null;
  detectedBy: string[];
  problemAfter: Record<string, string>;
  leakedHandles: string[];
}

let root: string;
let privateTmp: string;
let savedTmpdir: string | undefined;
let pristineKeyring: Buffer;
let pristineDatabase: Buffer;
let pristineBackup: Buffer;
let pages: PageInfo[];
let trialCount = 0;
const randomTrials: Trial[] = [];

function describeOutcome(outcome: CallOutcome): string {
  if ('error' in outcome) return outcome.error.code;
  const result = outcome.result as { ok?: unknown };
  return result.ok === false ? 'ok:false' : 'ok';
}

async function problemNow(core: ReturnType<typeof openCore>): Promise<string> {
  const status = await within(core.call('vault.status'), HANG_MS, 'vault.status');
  if ('error' in status) return `STATUS:${status.error.code}`;
  return String((status.result as { problem: string | null }).problem);
}

function pageOwner(page: number | null): string {
  if (page === null) return '-';
  const info = pages.find((entry) => entry.pageno === page);
  return info === undefined ? 'unused (freelist)' : `${info.name} ${info.pagetype} ${info.path}`;
}

/** A private copy of the vault with `database` as vault.db and `keyring` as keyring.json. */
function trialFolder(label: string, database: Buffer, keyring: Buffer): string {
  const dir = join(root, 'trials', `${String(++trialCount).padStart(3, '0')}-${label.replace(/\W+/g, '_')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'keyring.json'), keyring, { mode: 0o600 });
  writeFileSync(join(dir, 'vault.db'), database, { mode: 0o600 });
  return dir;
}

/**
 * unlock -> audit.verify -> vault.checkIntegrity -> lock on a copy with `database`,
 * checking the invariants every damaged file must keep.
 */
async function databaseTrial(label: string, database: Buffer, offset: number | null): Promise<Trial> {
  const dir = trialFolder(label, database, pristineKeyring);
  const databaseFile = join(dir, 'vault.db');
  const page = offset === null ? null : Math.floor(offset / PAGE) + 1;
  const trial: Trial = {
    label,
    offset,
    page,
    owner: pageOwner(page),
    unlock: '',
    verify: null,
    integrity: null,
    detectedBy: [],
    problemAfter: {},
    leakedHandles: [],
  };
  const core = openCore(dir);
  try {
    const unlock = await within(
      core.call('vault.unlock', { passphrase: PASSPHRASE }),
      HANG_MS,
      'vault.unlock',
    );
    trial.unlock = describeOutcome(unlock);
    if (trial.unlock !== 'ok') {
      trial.detectedBy.push('unlock');
      trial.problemAfter.unlock = await problemNow(core);
    } else {
      const verify = await within(core.call('audit.verify'), HANG_MS, 'audit.verify');
      trial.verify = describeOutcome(verify);
      if (trial.verify !== 'ok') {
        trial.detectedBy.push('audit.verify');
        trial.problemAfter['audit.verify'] = await problemNow(core);
      }
      const integrity = await within(core.call('vault.checkIntegrity'), HANG_MS, 'vault.checkIntegrity');
      trial.integrity = describeOutcome(integrity);
      if (trial.integrity !== 'ok') {
        trial.detectedBy.push('checkIntegrity');
        trial.problemAfter.checkIntegrity = await problemNow(core);
      }
    }
    const lock = await within(core.call('vault.lock', { reason: 'manual' }), HANG_MS, 'vault.lock');
    expect(codeOf(lock), 'lock must always work').toBe('ok');
  } finally {
    await core.stop();
  }

  // Invariants for every outcome.
  const codes = [trial.unlock, trial.verify, trial.integrity].filter((code) => code !== null);
  expect(codes, 'the right passphrase must never be called wrong').not.toContain('WRONG_PASSPHRASE');
  for (const code of codes) expect(['ok', 'ok:false', 'VAULT_CORRUPT'], label).toContain(code);
  expect(existsSync(databaseFile), 'the damaged vault.db was deleted').toBe(true);
  expect(statSync(databaseFile).size, 'the damaged vault.db was truncated or grown').toBe(database.length);
  expect(readFileSync(join(dir, 'keyring.json')).equals(pristineKeyring), 'keyring.json changed').toBe(true);
  if (canInspectHandles) trial.leakedHandles = openHandlesUnder(dir);
  return trial;
}

function flipped(source: Buffer, offset: number, bit: number): Buffer {
  const copy = Buffer.from(source);
  copy[offset] = copy[offset]! ^ (1 << bit);
  return copy;
}

/** The first byte offset of the page (1-based) owned by the b-tree `name`, picked by `pick`. */
function pageOf(name: string, pick: (candidates: PageInfo[]) => PageInfo | undefined): number {
  const found = pick(pages.filter((entry) => entry.name === name));
  if (found === undefined) throw new Error(`no page for ${name}`);
  return found.pageno;
}

function byPath(candidates: PageInfo[], leafOnly = true): PageInfo[] {
  return candidates
    .filter((entry) => !leafOnly || entry.pagetype === 'leaf')
    .sort((a, b) => a.path.localeCompare(b.path));
}

function detectedWithoutProblem(trials: Trial[]): string[] {
  return trials.flatMap((trial) =>
    Object.entries(trial.problemAfter)
      .filter(([, problem]) => problem !== 'corrupt')
      .map(
        ([step, problem]) =>
          `${trial.label} [${trial.owner}]: ${step} detected it, status().problem=${problem}`,
      ),
  );
}

beforeAll(async () => {
  root = tempRoot('byte-flips');
  privateTmp = join(root, 'tmp');
  mkdirSync(privateTmp);
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;

  const source = join(root, 'source', 'vault');
  const core = openCore(source);
  try {
    await core.ok('vault.create', { passphrase: PASSPHRASE, purpose: 'demo' });
    await core.ok('demo.generate', { clients: 0, messages: 0, notes: 0, days: 60 });
    for (let n = 1; n <= 6; n++) {
      await core.ok('vault.updateSettings', { autoLockMinutes: n, backupKeep: 10 + n });
    }
    const made = await core.ok<{ file: string }>('backup.create', {
      folder: join(root, 'source', 'backups'),
    });
    pristineBackup = readFileSync(made.file);
    await core.ok('vault.lock', { reason: 'manual' });
  } finally {
    await core.stop();
  }
  expect(walkFiles(source).map((file) => file.slice(source.length + 1))).toEqual([
    'keyring.json',
    'vault.db',
  ]);
  pristineKeyring = readFileSync(join(source, 'keyring.json'));
  pristineDatabase = readFileSync(join(source, 'vault.db'));

  // Map pages to b-trees on a scratch copy, so the trials can say what each flip hit.
  const scratch = join(root, 'page-map');
  mkdirSync(scratch);
  writeFileSync(join(scratch, 'vault.db'), pristineDatabase);
  const key = await dataKeyOf(source);
  const db = openWithKey(join(scratch, 'vault.db'), key, true);
  try {
    pages = db.prepare('SELECT pageno, name, path, pagetype FROM dbstat ORDER BY pageno').all() as PageInfo[];
  } finally {
    db.close();
    key.fill(0);
  }
}, 60_000);

afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  removeTree(root);
});

describe('vault.db byte flips', () => {
  it('has a multi-page database to damage, and an unflipped copy passes every check (control)', async () => {
    const pageCount = pristineDatabase.length / PAGE;
    expect(pageCount).toBeGreaterThanOrEqual(10);
    expect(
      pages.filter((entry) => entry.name === 'audit_log' && entry.pagetype === 'leaf').length,
    ).toBeGreaterThan(2);
    const control = await databaseTrial('control', pristineDatabase, null);
    expect(control.detectedBy).toEqual([]);
    expect([control.unlock, control.verify, control.integrity]).toEqual(['ok', 'ok', 'ok']);
  }, 30_000);

  // 8 flips in page 1 (salt, header, schema, reserve bytes), 32 over the later pages.
  const random = seededRandom(0x0b17f11b);
  const plan = Array.from({ length: RANDOM_FLIPS }, (_, n) => ({
    n,
    firstPage: n < 8,
    where: random(),
    within: random(),
    bit: Math.floor(random() * 8),
  }));

  for (const step of plan) {
    it(`flip #${String(step.n + 1).padStart(2, '0')} (seeded, ${step.firstPage ? 'page 1' : 'a later page'}) gives a stable outcome and keeps the file`, async () => {
      const pageCount = pristineDatabase.length / PAGE;
      const page = step.firstPage ? 1 : 2 + Math.floor(step.where * (pageCount - 1));
      const offset = (page - 1) * PAGE + Math.floor(step.within * PAGE);
      const trial = await databaseTrial(
        `flip #${step.n + 1} @${offset} bit ${step.bit}`,
        flipped(pristineDatabase, offset, step.bit),
        offset,
      );
      randomTrials.push(trial);
      if (page === 1)
        expect(trial.unlock, 'page 1 is read at unlock: damage must be caught there').toBe('VAULT_CORRUPT');
      // Every page is authenticated (SQLCipher HMAC): a flip can go unnoticed only on an unused page.
      if (trial.detectedBy.length === 0) expect(trial.owner).toBe('unused (freelist)');
    }, 30_000);
  }

  it('reports every detected corruption in vault.status().problem (random flips)', () => {
    expect(randomTrials).toHaveLength(RANDOM_FLIPS);
    expect(detectedWithoutProblem(randomTrials)).toEqual([]);
  });

  it.runIf(canInspectHandles)(
    'leaves no database handle open once a damaged vault is locked again (random flips)',
    () => {
      const leaks = randomTrials
        .filter((trial) => trial.leakedHandles.length > 0)
        .map(
          (trial) =>
            `${trial.label} [${trial.owner}] unlock=${trial.unlock}: ${trial.leakedHandles.length} open`,
        );
      expect(leaks).toEqual([]);
    },
  );
});

describe('vault.db flips aimed at specific b-trees (deterministic)', () => {
  async function aimAt(name: string, pick: (candidates: PageInfo[]) => PageInfo | undefined): Promise<Trial> {
    const page = pageOf(name, pick);
    const offset = (page - 1) * PAGE + 1000;
    return databaseTrial(`${name} page ${page}`, flipped(pristineDatabase, offset, 3), offset);
  }

  it('an index page nothing reads at unlock: caught by checkIntegrity, problem becomes corrupt', async () => {
    const trial = await aimAt('sqlite_autoindex_vault_meta_1', (c) => c[0]);
    expect(trial.unlock).toBe('ok');
    expect(trial.detectedBy).toEqual(['checkIntegrity']);
    expect(trial.problemAfter).toEqual({ checkIntegrity: 'corrupt' });
  }, 30_000);

  it('an old audit_log leaf: audit.verify answers VAULT_CORRUPT and status().problem says corrupt', async () => {
    const trial = await aimAt('audit_log', (c) => byPath(c)[0]);
    expect(trial.unlock).toBe('ok');
    expect(trial.verify).toBe('VAULT_CORRUPT');
    expect(trial.problemAfter['audit.verify'], 'problem after audit.verify found the damage').toBe('corrupt');
  }, 30_000);

  it('the newest audit_log leaf (written at unlock): VAULT_CORRUPT, problem corrupt, no handle left open', async () => {
    const trial = await aimAt('audit_log', (c) => byPath(c).at(-1));
    expect(trial.unlock).toBe('VAULT_CORRUPT');
    expect.soft(trial.problemAfter.unlock, 'problem after unlock found the damage').toBe('corrupt');
    if (canInspectHandles) {
      expect.soft(trial.leakedHandles, 'database handles left open by the failed unlock').toEqual([]);
    }
  }, 30_000);

  it('the settings page: vault.status keeps answering and reports problem corrupt', async () => {
    const trial = await aimAt('settings', (c) => c[0]);
    expect(trial.detectedBy.length).toBeGreaterThan(0);
    expect(detectedWithoutProblem([trial])).toEqual([]);
  }, 30_000);
});

describe('keyring.json damage', () => {
  type Mutation = (keyring: Record<string, unknown>) => void;

  function mutateJson(mutate: Mutation): Buffer {
    const parsed = JSON.parse(pristineKeyring.toString('utf8')) as Record<string, unknown>;
    mutate(parsed);
    return Buffer.from(`${JSON.stringify(parsed, null, 2)}\n`, 'utf8');
  }

  function flipBase64(path: string[]): Mutation {
    return (keyring) => {
      let holder = keyring;
      for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
      const last = path.at(-1)!;
      const bytes = Buffer.from(holder[last] as string, 'base64');
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x10;
      holder[last] = bytes.toString('base64');
    };
  }

  async function keyringTrial(label: string, keyring: Buffer, allowed: string[]): Promise<string> {
    const dir = trialFolder(`keyring ${label}`, pristineDatabase, keyring);
    const core = openCore(dir);
    let code: string;
    let problem: string;
    try {
      code = codeOf(
        await within(core.call('vault.unlock', { passphrase: PASSPHRASE }), HANG_MS, 'vault.unlock'),
      );
      problem = await problemNow(core);
      await core.call('vault.lock', { reason: 'manual' });
    } finally {
      await core.stop();
    }
    expect(allowed, `${label}: got ${code}`).toContain(code);
    expect(readFileSync(join(dir, 'keyring.json')).equals(keyring), 'the damaged key file was changed').toBe(
      true,
    );
    // A refused unlock must not touch the database (a successful one appends its audit entry).
    if (code !== 'ok') {
      expect(readFileSync(join(dir, 'vault.db')).equals(pristineDatabase), 'vault.db was changed').toBe(true);
    }
    expect(problem.startsWith('STATUS:'), 'vault.status failed').toBe(false);
    return code === 'VAULT_CORRUPT' ? problem : code;
  }

  const cannotTell = ['WRONG_PASSPHRASE', 'VAULT_CORRUPT'];
  const cases: [string, () => Buffer, string[]][] = [
    [
      'passphrase-wrap ciphertext byte',
      () => mutateJson(flipBase64(['passphraseWrap', 'ciphertext'])),
      cannotTell,
    ],
    ['passphrase-wrap tag byte', () => mutateJson(flipBase64(['passphraseWrap', 'tag'])), cannotTell],
    ['passphrase-wrap iv byte', () => mutateJson(flipBase64(['passphraseWrap', 'iv'])), cannotTell],
    ['kdf salt byte', () => mutateJson(flipBase64(['kdf', 'salt'])), cannotTell],
    [
      'vault id digit (binds the wrap)',
      () =>
        mutateJson(
          (k) => (k.vaultId = (k.vaultId as string).replace(/[0-9a-f]/, (c) => (c === 'a' ? 'b' : 'a'))),
        ),
      cannotTell,
    ],
    [
      'ciphertext made non-base64',
      () => mutateJson((k) => ((k.passphraseWrap as Record<string, string>).ciphertext = '*'.repeat(44))),
      ['VAULT_CORRUPT'],
    ],
    [
      'Argon2 memory weakened to 1 MiB',
      () => mutateJson((k) => ((k.kdf as Record<string, number>).memoryKiB = 1024)),
      ['VAULT_CORRUPT'],
    ],
    ['first byte flipped (unparseable JSON)', () => flipped(pristineKeyring, 0, 0), ['VAULT_CORRUPT']],
    ['cut in half', () => pristineKeyring.subarray(0, pristineKeyring.length >> 1), ['VAULT_CORRUPT']],
    ['empty file', () => Buffer.alloc(0), ['VAULT_CORRUPT']],
  ];

  for (const [label, make, allowed] of cases) {
    it(`${label} -> ${allowed.join(' or ')}, files untouched`, async () => {
      await keyringTrial(label, make(), allowed);
    }, 30_000);
  }

  it('seeded raw bit flips anywhere in the file never crash, and never change a file', async () => {
    const random = seededRandom(0x6b657973);
    for (let n = 0; n < 6; n++) {
      const offset = Math.floor(random() * pristineKeyring.length);
      const bit = Math.floor(random() * 8);
      // ok only when the flip hit data that protects nothing (e.g. createdAt).
      await keyringTrial(`raw flip @${offset} bit ${bit}`, flipped(pristineKeyring, offset, bit), [
        'ok',
        ...cannotTell,
      ]);
    }
  }, 60_000);

  it('an unreadable key file shows as vault.status().problem corrupt', async () => {
    const problem = await keyringTrial('unparseable, for status', flipped(pristineKeyring, 0, 0), [
      'VAULT_CORRUPT',
    ]);
    expect(problem).toBe('corrupt');
  }, 30_000);
});

describe('backup file damage', () => {
  const MAGIC_BYTES = 'OUTPOST-BACKUP\n'.length;

  function headerLength(): number {
    return pristineBackup.readUInt32BE(MAGIC_BYTES);
  }

  function dataOffset(): number {
    return MAGIC_BYTES + 4 + headerLength();
  }

  function replaceInHeader(find: RegExp, replace: (match: string) => string): Buffer {
    const headerStart = MAGIC_BYTES + 4;
    const header = pristineBackup.subarray(headerStart, dataOffset()).toString('utf8');
    const changed = header.replace(find, replace);
    expect(changed).not.toBe(header);
    expect(Buffer.byteLength(changed)).toBe(headerLength());
    return Buffer.concat([
      pristineBackup.subarray(0, headerStart),
      Buffer.from(changed),
      pristineBackup.subarray(dataOffset()),
    ]);
  }

  async function verifyDamaged(label: string, damaged: Buffer, allowed = ['BACKUP_CORRUPT']): Promise<void> {
    const folder = join(root, 'backup-trials');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${String(++trialCount).padStart(3, '0')}.outpost-backup`);
    writeFileSync(file, damaged);
    const core = openCore(join(root, 'no-vault-here'));
    try {
      const outcome = await within(
        core.call('backup.verify', { file, passphrase: PASSPHRASE }),
        HANG_MS,
        'backup.verify',
      );
      expect(allowed, `${label}: got ${codeOf(outcome)}`).toContain(codeOf(outcome));
    } finally {
      await core.stop();
    }
    expect(readFileSync(file).equals(damaged), `${label}: the damaged backup was changed or removed`).toBe(
      true,
    );
    expect(walkFiles(privateTmp), `${label}: scratch files left behind`).toEqual([]);
  }

  it('an intact copy verifies (control)', async () => {
    await verifyDamaged('control', pristineBackup, ['ok']);
  });

  it('seeded flips in the database part -> BACKUP_CORRUPT', async () => {
    const random = seededRandom(0xbac0);
    const size = pristineBackup.length - dataOffset();
    for (let n = 0; n < 6; n++) {
      const offset = dataOffset() + Math.floor(random() * size);
      await verifyDamaged(`body flip @${offset}`, flipped(pristineBackup, offset, Math.floor(random() * 8)));
    }
  }, 60_000);

  const headerCases: [string, () => Buffer][] = [
    ['magic', () => flipped(pristineBackup, 0, 1)],
    ['header length', () => flipped(pristineBackup, MAGIC_BYTES + 3, 0)],
    ['header JSON syntax', () => flipped(pristineBackup, MAGIC_BYTES + 4, 0)],
    [
      'database checksum',
      () =>
        replaceInHeader(/"databaseSha256":"[0-9a-f]/, (m) => m.slice(0, -1) + (m.endsWith('0') ? '1' : '0')),
    ],
    [
      'database size',
      () => replaceInHeader(/"databaseBytes":\d/, (m) => m.slice(0, -1) + (m.endsWith('1') ? '2' : '1')),
    ],
    ['last byte cut off', () => pristineBackup.subarray(0, pristineBackup.length - 1)],
    ['a byte appended', () => Buffer.concat([pristineBackup, Buffer.from([0])])],
    ['empty file', () => Buffer.alloc(0)],
  ];
  for (const [label, make] of headerCases) {
    it(`damaged ${label} -> BACKUP_CORRUPT, file untouched`, async () => {
      await verifyDamaged(label, make());
    });
  }

  it('a flipped byte in the wrapped key inside the header cannot be told from a wrong passphrase', async () => {
    const damaged = replaceInHeader(
      /"ciphertext":"[A-Za-z0-9+/]/,
      (m) => m.slice(0, -1) + (m.endsWith('A') ? 'B' : 'A'),
    );
    await verifyDamaged('header key wrap', damaged, ['WRONG_PASSPHRASE', 'BACKUP_CORRUPT']);
  });
});
