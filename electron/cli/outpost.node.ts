/**
 * `npm run --silent outpost -- <command>`: the core in-process, for administrators
 * and scripts. Secrets are read from files or stdin, never from arguments.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RpcError, describeError } from '../../shared/rpc/errors.std.ts';
import { createCore } from '../core/core.node.ts';
import { connectInProcess } from '../core/host.node.ts';
import type { CoreConnection } from '../core/host.node.ts';
import { allBenchmarks } from '../core/bench/rpcBenchmarks.node.ts';
import { formatTable, runBenchmarks } from '../core/bench/runner.node.ts';
import { EXIT, UsageError, exitCodeFor } from './exitCodes.node.ts';

const HELP = `Usage: outpost [--data-dir DIR] <command> [options]

Commands:
  info                       Show the version, platform and vault state.
  bench [--json] [--only P]  Run benchmarks (names starting with P); --json prints one object per line.
  help                       Show this help.

Options:
  --data-dir DIR             Where vaults live (default: the app's own folder,
                             or $OUTPOST_DATA_DIR when set).

Secrets such as passphrases are read from a file (--passphrase-file FILE) or
standard input (--passphrase-file -), never from the command line.

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

async function call(core: CoreConnection, method: string, input: unknown): Promise<unknown> {
  const outcome = await core.call(method, input);
  if ('error' in outcome) throw new RpcError(outcome.error);
  return outcome.result;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    console.log(HELP);
    return EXIT.ok;
  }
  if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`);

  switch (command) {
    case 'info': {
      const core = connectInProcess(
        createCore({
          name: packageJson.productName,
          version: packageJson.version,
          runtime: `Node ${process.versions.node} (command line)`,
          dataDir: values['data-dir'] === undefined ? defaultDataDir() : resolve(values['data-dir']),
        }),
      );
      try {
        const info = await call(core, 'app.info', {});
        console.log(values.json ? JSON.stringify(info) : formatInfo(info as Record<string, string>));
      } finally {
        await core.stop();
      }
      return EXIT.ok;
    }
    case 'bench': {
      const results = await runBenchmarks(allBenchmarks, values.only);
      if (results.length === 0) throw new UsageError(`No benchmark name starts with "${values.only}".`);
      console.log(values.json ? results.map((r) => JSON.stringify(r)).join('\n') : formatTable(results));
      return EXIT.ok;
    }
    default:
      throw new UsageError(`Unknown command "${command}". Run "outpost help" for the list.`);
  }
}

function formatInfo(info: Record<string, string>): string {
  return Object.entries(info)
    .map(([key, value]) => `${key.padEnd(11)} ${value}`)
    .join('\n');
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
      console.error(
        `outpost: ${describeError(error.code)} (${error.code}${error.field ? `: ${error.field}` : ''})`,
      );
      return exitCodeFor(error.code);
    }
    console.error(`outpost: unexpected failure (${error instanceof Error ? error.name : typeof error})`);
    return EXIT.unexpected;
  }
}
