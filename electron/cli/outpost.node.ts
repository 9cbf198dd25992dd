/**
 * `npm run --silent outpost -- <command>`: the core in-process, for administrators
 * and scripts. Secrets are read from files or stdin, never from arguments.
 */
import { readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/contract.std.ts';
import { RpcError, describeError } from '../../shared/rpc/errors.std.ts';
import { createCore } from '../core/core.node.ts';
import { connectInProcess } from '../core/host.node.ts';
import type { CoreConnection } from '../core/host.node.ts';
import { runIsolated } from '../core/bench/benchmarks.node.ts';
import { formatTable } from '../core/bench/runner.node.ts';
import { runCrashSoak } from '../core/storage/testing/crashSoak.node.ts';
import { IMPORTERS, describeFuzzReport, runImportFuzz } from '../core/messages/import/importFuzz.node.ts';
import { EXIT, UsageError, exitCodeFor } from './exitCodes.node.ts';
import { readSecret } from './secrets.node.ts';
import { emotionsFile } from './emotionsCommand.node.ts';
import { EXCHANGE_HELP, exchangeCommands } from './exchangeCommands.node.ts';
import { evaluateFile, formatEvaluation, triageFile } from './triageCommands.node.ts';

const HELP = `Usage: outpost <command> [options]

Commands:
  info                                   Version, platform and vault state.
  vault create --passphrase-file F       Create a vault; prints the one-time recovery key.
  vault check --passphrase-file F        Exit 0 if the passphrase unlocks the vault, 2 if not.
  vault change-passphrase --passphrase-file F --new-passphrase-file G
  vault recover --recovery-key-file K --new-passphrase-file G
                                         Set a new passphrase with the recovery key; prints a new key.
  vault backup --passphrase-file F --out FILE
                                         Write an encrypted backup of the vault to FILE.
  vault verify-backup --backup FILE --passphrase-file F
                                         Open a backup and check its integrity, without restoring.
  vault restore --backup FILE --passphrase-file F
                                         Restore into --vault DIR (a vault already there is moved aside).
  vault soak [--kills N]                 Crash-safety soak: kill a writer N times (default 200).
  audit verify --passphrase-file F       Exit 0 if the audit chain is intact, 2 naming the first broken entry.
  audit export --passphrase-file F       Print the audit log as CSV.
  import --passphrase-file F FILE...     Import messages (.jsonl, .json, .eml, .mbox, .csv) into the vault;
                                         prints a report; exit 2 if a file could not be imported.
  queue --passphrase-file F [--limit N]  The message queue in order, one JSON line per message.
  messages soak [--cases N]              Fuzz every message importer with N cases in all (default 10000);
                                         exit 3 if any importer crashed or quoted its input.
  triage FILE.jsonl                      Triage {"id","text"} lines; one JSON result line per input line.
  triage-eval FILE.jsonl                 Score the triage rules against labelled lines (tier, categories,
                                         cssrs_level, hard_negative, indirect) and list every miss.
  emotions FILE.jsonl                    Emotions of {"id","text"} lines: 28 GoEmotions labels, Ekman
                                         groups and sentiment; one JSON line per input line.
  demo --passphrase-file F [--clients N] [--messages N] [--notes N]
                                         Create and fill a demo vault with synthetic data.
  bench [--json] [--only PREFIX]         Run benchmarks; --json prints one object per line.
${EXCHANGE_HELP}
  help                                   Show this help.

Options:
  --vault DIR                            The vault folder (default: the app's own, or
                                         $OUTPOST_DATA_DIR/vault when that is set).
  --json                                 Machine-readable output where offered.

Secrets are read from a file, or from standard input when the file is "-",
never from the command line.

Exit codes: 0 ok, 1 usage error, 2 refused (wrong passphrase, locked vault,
invalid input), 3 unexpected failure.`;

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  productName: string;
  version: string;
};

/** The same folder Electron's app.getPath('userData') gives, so the app and CLI share vaults. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  if (env.OUTPOST_DATA_DIR) return resolve(env.OUTPOST_DATA_DIR);
  const name = packageJson.productName;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      vault: { type: 'string' },
      'passphrase-file': { type: 'string' },
      'new-passphrase-file': { type: 'string' },
      'recovery-key-file': { type: 'string' },
      backup: { type: 'string' },
      out: { type: 'string' },
      clients: { type: 'string' },
      messages: { type: 'string' },
      notes: { type: 'string' },
      kills: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      to: { type: 'string', multiple: true },
      summaries: { type: 'boolean' },
      pseudonymise: { type: 'boolean' },
      since: { type: 'string' },
      card: { type: 'string' },
      fingerprint: { type: 'string' },
      cases: { type: 'string' },
      'bundle-passphrase-file': { type: 'string' },
      'trust-unknown-signer': { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function required(
  values: Values,
  name: 'passphrase-file' | 'new-passphrase-file' | 'recovery-key-file' | 'backup' | 'out',
): string {
  const value = values[name];
  if (value === undefined) throw new UsageError(`--${name} is required for this command.`);
  return value;
}

function count(
  values: Values,
  name: 'clients' | 'messages' | 'notes' | 'kills' | 'limit' | 'cases',
  fallback: number,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new UsageError(`--${name} takes a whole number.`);
  return parsed;
}

/** One core per command, closed (and so locked) when the command ends. */
async function withCore<T>(values: Values, fn: (core: Client) => Promise<T>): Promise<T> {
  const connection = connectInProcess(
    createCore({
      name: packageJson.productName,
      version: packageJson.version,
      runtime: `Node ${process.versions.node} (command line)`,
      vaultDir: values.vault === undefined ? join(defaultDataDir(), 'vault') : resolve(values.vault),
      noWindow: true,
    }),
  );
  try {
    return await fn(new Client(connection));
  } finally {
    await connection.stop();
  }
}

class Client {
  readonly connection: CoreConnection;
  constructor(connection: CoreConnection) {
    this.connection = connection;
  }
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const outcome = await this.connection.call(method, input);
    if ('error' in outcome) throw new RpcError(outcome.error);
    return outcome.result as MethodOutput<M>;
  }
  async unlock(values: Values): Promise<void> {
    await this.call('vault.unlock', { passphrase: await readSecret(required(values, 'passphrase-file')) });
  }
}

function print(values: Values, human: string, machine: unknown): void {
  console.log(values.json ? JSON.stringify(machine) : human);
}

type Command = (values: Values, files: string[]) => Promise<number>;

/** Commands that take file arguments after their name. */
const FILE_COMMANDS = new Set([
  'triage',
  'triage-eval',
  'emotions',
  'import',
  'exchange import',
  'exchange transfer-import',
]);

function oneFile(files: string[], command: string): string {
  const [file, extra] = files;
  if (file === undefined) throw new UsageError(`${command} needs a FILE.jsonl argument.`);
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  return resolve(file);
}

const commands: Record<string, Command> = {
  async info(values) {
    const info = await withCore(values, (core) => core.call('app.info', {}));
    print(
      values,
      Object.entries(info)
        .map(([key, value]) => `${key.padEnd(11)} ${value}`)
        .join('\n'),
      info,
    );
    return EXIT.ok;
  },

  async 'vault create'(values) {
    const passphrase = await readSecret(required(values, 'passphrase-file'));
    const { recoveryKey } = await withCore(values, (core) => core.call('vault.create', { passphrase }));
    print(
      values,
      `Vault created.\n\nRecovery key (shown only now; write it down and keep it somewhere safe):\n\n  ${recoveryKey}\n`,
      { recoveryKey },
    );
    return EXIT.ok;
  },

  async 'vault check'(values) {
    await withCore(values, (core) => core.unlock(values));
    print(values, 'The passphrase unlocks the vault.', { ok: true });
    return EXIT.ok;
  },

  async 'vault change-passphrase'(values) {
    const currentPassphrase = await readSecret(required(values, 'passphrase-file'));
    const newPassphrase = await readSecret(required(values, 'new-passphrase-file'));
    await withCore(values, async (core) => {
      await core.call('vault.unlock', { passphrase: currentPassphrase });
      await core.call('vault.changePassphrase', { currentPassphrase, newPassphrase });
    });
    print(values, 'Passphrase changed.', { ok: true });
    return EXIT.ok;
  },

  async 'vault recover'(values) {
    const recoveryKey = await readSecret(required(values, 'recovery-key-file'));
    const newPassphrase = await readSecret(required(values, 'new-passphrase-file'));
    const result = await withCore(values, (core) =>
      core.call('vault.recover', { recoveryKey, newPassphrase }),
    );
    print(
      values,
      `New passphrase set. The old recovery key no longer works.\n\nNew recovery key (shown only now):\n\n  ${result.recoveryKey}\n`,
      result,
    );
    return EXIT.ok;
  },

  async 'vault backup'(values) {
    const out = resolve(required(values, 'out'));
    const made = await withCore(values, async (core) => {
      await core.unlock(values);
      return core.call('backup.create', { folder: dirname(out) });
    });
    await rename(made.file, out);
    print(values, `Backup written to ${out} (${made.bytes} bytes).`, { ...made, file: out });
    return EXIT.ok;
  },

  async 'vault verify-backup'(values) {
    const file = resolve(required(values, 'backup'));
    const passphrase = await readSecret(required(values, 'passphrase-file'));
    const verdict = await withCore(values, (core) => core.call('backup.verify', { file, passphrase }));
    print(
      values,
      `The backup from ${verdict.createdAt} opens and passes its integrity check (${verdict.auditEntries} audit entries).`,
      verdict,
    );
    return EXIT.ok;
  },

  async 'vault restore'(values) {
    const file = resolve(required(values, 'backup'));
    const passphrase = await readSecret(required(values, 'passphrase-file'));
    const result = await withCore(values, (core) => core.call('backup.restore', { file, passphrase }));
    print(
      values,
      `Restored. ${result.setAside === null ? '' : `The vault that was there was moved to ${result.setAside}.`}`.trim(),
      result,
    );
    return EXIT.ok;
  },

  async 'vault soak'(values) {
    const kills = count(values, 'kills', 200);
    const report = await runCrashSoak({
      kills,
      onKill: (done) => values.json || process.stderr.write(`\rkills: ${done}/${kills}`),
    });
    if (!values.json) process.stderr.write('\n');
    print(
      values,
      `${report.kills} kills, ${report.acknowledged} acknowledged writes, ${report.lost} lost, integrity ${report.integrity}`,
      report,
    );
    return report.lost === 0 && report.integrity === 'ok' ? EXIT.ok : EXIT.unexpected;
  },

  async 'messages soak'(values) {
    const total = count(values, 'cases', 10_000);
    const casesPerImporter = Math.max(1, Math.ceil(total / IMPORTERS.length));
    // A failing property throws (fast-check's report names the case); that is exit 3.
    await runImportFuzz({
      casesPerImporter,
      onReport: (report) => print(values, describeFuzzReport(report), report),
    });
    return EXIT.ok;
  },

  async 'audit verify'(values) {
    const verdict = await withCore(values, async (core) => {
      await core.unlock(values);
      return core.call('audit.verify', {});
    });
    if (verdict.ok) {
      print(values, `The audit chain is intact (${verdict.checked} entries).`, verdict);
      return EXIT.ok;
    }
    const broken = verdict.firstBroken;
    console.error(`outpost: the audit chain is broken at entry ${broken?.seq}: ${broken?.reason}`);
    if (values.json) console.log(JSON.stringify(verdict));
    return EXIT.refused;
  },

  async 'audit export'(values) {
    const { csv } = await withCore(values, async (core) => {
      await core.unlock(values);
      return core.call('audit.exportCsv', {});
    });
    process.stdout.write(csv);
    return EXIT.ok;
  },

  async demo(values) {
    const passphrase = await readSecret(required(values, 'passphrase-file'));
    const wanted = {
      clients: count(values, 'clients', 40),
      messages: count(values, 'messages', 400),
      notes: count(values, 'notes', 120),
    };
    const result = await withCore(values, async (core) => {
      const { state } = await core.call('vault.status', {});
      const recoveryKey =
        state === 'absent'
          ? (await core.call('vault.create', { passphrase, purpose: 'demo' })).recoveryKey
          : null;
      if (state !== 'absent') await core.call('vault.unlock', { passphrase });
      return { recoveryKey, ...(await core.call('demo.generate', wanted)) };
    });
    print(values, describeDemo(result), result);
    return EXIT.ok;
  },

  async import(values, files) {
    if (files.length === 0) throw new UsageError('import needs at least one FILE.');
    const { files: reports } = await withCore(values, async (core) => {
      // The triage thread loads its rules while the passphrase is checked.
      await core.call('messages.prepareImport', {});
      await core.unlock(values);
      return core.call('messages.import', { files: files.map((file) => resolve(file)) });
    });
    if (values.json) console.log(JSON.stringify({ files: reports }));
    else console.log(reports.map(describeImport).join('\n'));
    return reports.some((report) => report.outcome === 'failed') ? EXIT.refused : EXIT.ok;
  },

  async queue(values) {
    const limit = count(values, 'limit', 50);
    if (limit < 1 || limit > 100_000) throw new UsageError('--limit takes a whole number from 1 to 100000.');
    await withCore(values, async (core) => {
      await core.unlock(values);
      let left = limit;
      let after: MethodOutput<'messages.queue'>['next'] = null;
      do {
        const page: MethodOutput<'messages.queue'> = await core.call('messages.queue', {
          filter: {},
          limit: Math.min(left, 500),
          ...(after === null ? {} : { after }),
        });
        for (const item of page.items) {
          const line = {
            id: item.sourceId ?? item.id,
            tier: item.tier,
            due_at: item.dueAt,
            status: item.status,
            client: item.clientName,
            channel: item.channel,
            preview: item.preview.replace(/\s+/g, ' ').slice(0, 140),
          };
          process.stdout.write(`${JSON.stringify(line)}\n`);
        }
        left -= page.items.length;
        after = page.next;
      } while (left > 0 && after !== null);
    });
    return EXIT.ok;
  },

  async triage(_values, files) {
    const file = oneFile(files, 'triage');
    await triageFile(file, (line) => process.stdout.write(`${line}\n`));
    return EXIT.ok;
  },

  async 'triage-eval'(values, files) {
    const run = await evaluateFile(oneFile(files, 'triage-eval'));
    if (values.json) {
      console.log(JSON.stringify({ ...run.report, skipped: run.skipped }));
    } else {
      console.log(formatEvaluation(run));
    }
    return EXIT.ok;
  },

  async emotions(_values, files) {
    await emotionsFile(oneFile(files, 'emotions'), (line) => process.stdout.write(`${line}\n`));
    return EXIT.ok;
  },

  async bench(values) {
    const results = await runIsolated(values.only);
    if (results.length === 0) throw new UsageError(`No benchmark name starts with "${values.only}".`);
    console.log(values.json ? results.map((r) => JSON.stringify(r)).join('\n') : formatTable(results));
    return EXIT.ok;
  },

  ...exchangeCommands((values, fn) => withCore(values as Values, fn)),
};

function describeImport(report: MethodOutput<'messages.import'>['files'][number]): string {
  if (report.outcome === 'failed')
    return `${report.file}: not imported. ${report.error ?? ''} Nothing from it was kept.`;
  const lines = [
    `${report.file}: ${report.imported} imported, ${report.duplicates} already here, ${report.rejected.length} rejected` +
      (report.crisis.length > 0 ? ` (${report.crisis.length} CRISIS: open the queue now)` : ''),
  ];
  for (const rejected of report.rejected.slice(0, 50))
    lines.push(`  item ${rejected.item}: ${rejected.reason}`);
  if (report.rejected.length > 50) lines.push(`  …and ${report.rejected.length - 50} more`);
  return lines.join('\n');
}

function describeDemo(result: { recoveryKey: string | null } & MethodOutput<'demo.generate'>): string {
  const lines = [
    `Demo vault filled over ${result.days} days: ${result.clients} clients, ${result.consents} consent records, ${result.notes} session notes, ${result.messages} messages, ${result.auditEntries} audit entries.`,
  ];
  if (result.recoveryKey !== null) lines.push('', `Recovery key for this demo vault: ${result.recoveryKey}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [first = 'help', second] = positionals;
  if (values.help || first === 'help') {
    console.log(HELP);
    return EXIT.ok;
  }
  const grouped = second === undefined ? undefined : `${first} ${second}`;
  const name = grouped !== undefined && grouped in commands ? grouped : first;
  const command = commands[name];
  if (
    command === undefined ||
    (name === first && ['vault', 'audit', 'exchange', 'messages'].includes(first))
  ) {
    throw new UsageError(`Unknown command "${positionals.join(' ')}". Run "outpost help" for the list.`);
  }
  const extra = positionals.slice(name.split(' ').length);
  if (extra.length > 0 && !FILE_COMMANDS.has(name))
    throw new UsageError(`Unexpected argument "${extra[0]}".`);
  return command(values, extra);
}

export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`outpost: ${error.message}\n\n${HELP}`);
      return EXIT.usage;
    }
    if (error instanceof RpcError) {
      const label = error.code.toLowerCase().replaceAll('_', ' ');
      console.error(
        `outpost: ${label}: ${describeError(error.code)}${error.field ? ` (${error.field})` : ''}`,
      );
      return exitCodeFor(error.code);
    }
    if ((error as { code?: unknown })?.code === 'ENOENT') {
      console.error(`outpost: a file could not be found: ${(error as { path?: string }).path ?? ''}`);
      return EXIT.usage;
    }
    console.error(`outpost: unexpected failure (${error instanceof Error ? error.name : typeof error})`);
    return EXIT.unexpected;
  }
}
