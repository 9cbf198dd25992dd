/**
 * `outpost exchange …`: team-exchange bundles from the command line. The vault is
 * opened the same way as `import` and `queue` (--vault, --passphrase-file); bundle
 * passphrases, like every secret, come from a file or standard input.
 */
import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/rpc/contract.std.ts';
import { RpcError } from '../../shared/rpc/errors.std.ts';
import { fuzzContainer } from '../core/exchange/testing/fuzzContainer.node.ts';
import { EXIT, UsageError, exitCodeFor } from './exitCodes.node.ts';
import { readSecret } from './secrets.node.ts';

export interface ExchangeValues {
  'passphrase-file'?: string | undefined;
  'bundle-passphrase-file'?: string | undefined;
  to?: string[] | undefined;
  summaries?: boolean | undefined;
  pseudonymise?: boolean | undefined;
  since?: string | undefined;
  out?: string | undefined;
  card?: string | undefined;
  fingerprint?: string | undefined;
  cases?: string | undefined;
  'trust-unknown-signer'?: boolean | undefined;
  json?: boolean | undefined;
}

export interface CoreCaller {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  unlock(values: ExchangeValues): Promise<void>;
}

export type WithCore = <T>(values: ExchangeValues, fn: (core: CoreCaller) => Promise<T>) => Promise<T>;

type Command = (values: ExchangeValues, files: string[]) => Promise<number>;

export const EXCHANGE_HELP = `  exchange identity --passphrase-file F [--out QR.svg]
                                         Print this vault's public team card (and write its QR code).
  exchange add-member --passphrase-file F --card FILE [--fingerprint FP]
                                         Add a colleague's card; with the fingerprint they showed you, verified.
  exchange export --passphrase-file F (--to AGE_RECIPIENT [--to …] | --bundle-passphrase-file G)
                  --summaries [--since DATE] [--pseudonymise] --out FILE
                                         Write a signed, age-encrypted bundle of session summaries of clients
                                         with team-sharing consent; lists who was left out and why.
  exchange import --passphrase-file F [--bundle-passphrase-file G] [--trust-unknown-signer] FILE
                                         Check a bundle (signature, every hash), show it, then import it.
  exchange transfer-export --vault DIR --passphrase-file F
                  (--to AGE_RECIPIENT [--to …] | --bundle-passphrase-file G) --out FILE
                                         Write the whole vault (an encrypted snapshot) as one signed bundle,
                                         to move it to a new computer. A bundle passphrase is the way to reach
                                         a computer with no vault yet; --to only reaches a colleague's vault.
  exchange transfer-import --vault DIR --passphrase-file F --bundle-passphrase-file G FILE
                                         Check a transfer bundle (signature, every hash), print the signer's
                                         fingerprint to compare, then restore it into DIR with the moved vault's
                                         passphrase F. A vault already in DIR is moved aside, never deleted.
  exchange soak [--cases N]              Fuzz the bundle parser with N mutated bundles (default 10000).`;

function fail(message: string): never {
  throw new UsageError(message);
}

function print(values: ExchangeValues, human: string, machine: unknown): void {
  console.log(values.json ? JSON.stringify(machine) : human);
}

/** Exchange refusals carry a specific sentence (which key, which check): show it, not only the code's. */
function withPlainErrors(command: Command): Command {
  return async (values, files) => {
    try {
      return await command(values, files);
    } catch (error) {
      if (!(error instanceof RpcError) || error.code === 'INTERNAL' || error.code === 'VAULT_LOCKED')
        throw error;
      console.error(`outpost: ${error.message}${error.field ? ` (${error.field})` : ''}`);
      return exitCodeFor(error.code);
    }
  };
}

const REASONS: Record<string, string> = {
  consent_missing: 'no team-sharing consent',
  consent_expired: 'team-sharing consent expired',
  consent_withdrawn: 'team-sharing consent withdrawn',
  no_signed_notes: 'no signed notes in those dates',
};

function describeInspection(inspection: MethodOutput<'exchange.inspect'>): string {
  const lines = [
    `Bundle ${inspection.bundleId} from ${inspection.sender.displayName} (${inspection.sender.role}), made ${inspection.createdAt}`,
    `Signer: ${inspection.signer} (fingerprint ${inspection.sender.fingerprint}); every hash checked.`,
    `Contents: ${inspection.contents.map((c) => `${c.count} ${c.kind.replaceAll('_', ' ')}`).join(', ') || 'nothing'}`,
  ];
  for (const summary of inspection.summaries.slice(0, 50))
    lines.push(`  ${summary.sessionAt.slice(0, 10)}  ${summary.template}  ${summary.clientLabel}`);
  if (inspection.summaries.length > 50) lines.push(`  …and ${inspection.summaries.length - 50} more`);
  for (const warning of inspection.warnings) lines.push(`WARNING: ${warning}`);
  return lines.join('\n');
}

export function exchangeCommands(withCore: WithCore): Record<string, Command> {
  const commands: Record<string, Command> = {
    async 'exchange identity'(values) {
      const identity = await withCore(values, async (core) => {
        await core.unlock(values);
        return core.call('exchange.identity', {});
      });
      if (values.out !== undefined) await writeFile(resolve(values.out), identity.qrSvg, { flag: 'wx' });
      print(values, identity.cardText.trimEnd(), { card: identity.card, cardText: identity.cardText });
      return EXIT.ok;
    },

    async 'exchange add-member'(values) {
      if (values.card === undefined) throw new UsageError('--card is required for this command.');
      const cardText = await readFile(resolve(values.card), 'utf8');
      const member = await withCore(values, async (core) => {
        await core.unlock(values);
        const added = await core.call('exchange.addMember', { cardText });
        return values.fingerprint === undefined
          ? added
          : core.call('exchange.verifyMember', { id: added.id, fingerprint: values.fingerprint });
      });
      print(
        values,
        `Added ${member.displayName} (${member.role}), ${member.verified ? 'verified' : 'not verified yet: compare the fingerprint in person'}.`,
        member,
      );
      return EXIT.ok;
    },

    async 'exchange export'(values) {
      if (!values.summaries) throw new UsageError('Choose what to export: --summaries.');
      if (values.out === undefined) throw new UsageError('--out is required for this command.');
      if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since))
        throw new UsageError('--since takes a date as YYYY-MM-DD.');
      const recipients = values.to ?? [];
      const passphraseFile = values['bundle-passphrase-file'];
      if ((recipients.length === 0) === (passphraseFile === undefined))
        throw new UsageError('Give either --to AGE_RECIPIENT (one or more) or --bundle-passphrase-file.');
      const to =
        passphraseFile === undefined ? { recipients } : { passphrase: await readSecret(passphraseFile) };
      const out = resolve(values.out);
      const result = await withCore(values, async (core) => {
        await core.unlock(values);
        return core.call('exchange.exportSummaries', {
          to,
          out,
          pseudonymise: values.pseudonymise ?? false,
          ...(values.since === undefined ? {} : { since: values.since }),
        });
      });
      const lines = [
        `Wrote ${out}: ${result.summaries} session summaries of ${result.clients} clients, ${'passphrase' in to ? 'locked with the bundle passphrase' : `to ${result.recipients} recipient(s)`} (${result.bytes} bytes).`,
      ];
      if (result.excluded.length > 0) {
        lines.push(`Left out (${result.excluded.length}):`);
        for (const left of result.excluded)
          lines.push(`  ${left.displayName}: ${REASONS[left.reason] ?? left.reason}`);
      }
      print(values, lines.join('\n'), result);
      return EXIT.ok;
    },

    async 'exchange import'(values, files) {
      const [file, extra] = files;
      if (file === undefined) throw new UsageError('exchange import needs a bundle FILE.');
      if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
      const passphraseFile = values['bundle-passphrase-file'];
      const bundlePassphrase = passphraseFile === undefined ? undefined : await readSecret(passphraseFile);
      const source = { file: resolve(file), ...(bundlePassphrase === undefined ? {} : { bundlePassphrase }) };
      return withCore(values, async (core) => {
        await core.unlock(values);
        const inspection = await core.call('exchange.inspect', source);
        if (!values.json) console.log(describeInspection(inspection));
        if (inspection.signer === 'unknown' && !values['trust-unknown-signer']) {
          console.error(
            'outpost: not imported: the signer is not in your team directory. Add and verify their card (exchange add-member), or run again with --trust-unknown-signer.',
          );
          if (values.json) console.log(JSON.stringify({ inspection, imported: 0 }));
          return EXIT.refused;
        }
        const result = await core.call('exchange.accept', {
          ...source,
          bundleId: inspection.bundleId,
          manifestSha256: inspection.manifestSha256,
          trustUnknownSigner: values['trust-unknown-signer'] ?? false,
        });
        print(
          values,
          result.alreadyImported
            ? 'This bundle was imported before; nothing changed.'
            : `Imported ${result.imported} summaries${result.alreadyHere > 0 ? ` (${result.alreadyHere} already here)` : ''}. They are read-only, under Team.`,
          { inspection, ...result },
        );
        return EXIT.ok;
      });
    },

    async 'exchange transfer-export'(values) {
      if (values.out === undefined) throw new UsageError('--out is required for this command.');
      const recipients = values.to ?? [];
      const passphraseFile = values['bundle-passphrase-file'];
      if ((recipients.length === 0) === (passphraseFile === undefined))
        throw new UsageError('Give either --to AGE_RECIPIENT (one or more) or --bundle-passphrase-file.');
      const to =
        passphraseFile === undefined ? { recipients } : { passphrase: await readSecret(passphraseFile) };
      const out = resolve(values.out);
      const { result, identity } = await withCore(values, async (core) => {
        await core.unlock(values);
        return {
          result: await core.call('exchange.exportVaultTransfer', { to, folder: dirname(out), out }),
          identity: await core.call('exchange.identity', {}),
        };
      });
      print(
        values,
        [
          `Wrote ${out}: the whole vault (${result.snapshotBytes} bytes, encrypted), ${'passphrase' in to ? 'locked with the bundle passphrase' : `to ${result.recipients} recipient(s)`} (${result.bytes} bytes).`,
          `Signed with fingerprint ${identity.card.fingerprint}: check the new computer shows the same.`,
          'The vault passphrase is not in the file; the new computer asks for it.',
        ].join('\n'),
        { ...result, fingerprint: identity.card.fingerprint },
      );
      return EXIT.ok;
    },

    async 'exchange transfer-import'(values, files) {
      const [file, extra] = files;
      if (file === undefined) throw new UsageError('exchange transfer-import needs a bundle FILE.');
      if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
      const vaultPassphrase = await readSecret(
        values['passphrase-file'] ?? fail('--passphrase-file is required for this command.'),
      );
      const passphraseFile = values['bundle-passphrase-file'];
      const bundlePassphrase = passphraseFile === undefined ? undefined : await readSecret(passphraseFile);
      const source = { file: resolve(file), ...(bundlePassphrase === undefined ? {} : { bundlePassphrase }) };
      const result = await withCore(values, async (core) => {
        const shown = await core.call('exchange.inspectVaultTransfer', source);
        if (!values.json)
          console.log(
            `Transfer bundle from ${shown.sender.displayName}, made ${shown.createdAt}; every hash and the signature checked.\nSigner's fingerprint: ${shown.sender.fingerprint}\nCompare it with the old computer's card (outpost exchange identity there).`,
          );
        return core.call('exchange.importVaultTransfer', {
          ...source,
          vaultPassphrase,
          manifestSha256: shown.manifestSha256,
        });
      });
      print(
        values,
        `Moved the vault here; it opens with its own passphrase.${result.setAside === null ? '' : ` The vault that was here was moved to ${result.setAside}.`}`,
        result,
      );
      return EXIT.ok;
    },

    async 'exchange soak'(values) {
      const cases = values.cases === undefined ? 10_000 : Number(values.cases);
      if (!Number.isSafeInteger(cases) || cases < 1) throw new UsageError('--cases takes a whole number.');
      const seed = Date.now() % 1_000_000;
      const report = await fuzzContainer({
        cases,
        seed,
        onCase: (done) =>
          values.json || done % 500 !== 0 || process.stderr.write(`\rcases: ${done}/${cases}`),
      });
      if (!values.json) process.stderr.write('\n');
      print(
        values,
        `${report.cases} mutated bundles (seed ${seed}): ${report.rejected} refused as damaged, ${report.unchanged} unchanged and accepted, ${report.failures.length} failures` +
          report.failures
            .slice(0, 20)
            .map((f) => `\n  case ${f.case} (${f.mutation}): ${f.problem}`)
            .join(''),
        { seed, ...report },
      );
      return report.failures.length === 0 ? EXIT.ok : EXIT.unexpected;
    },
  };
  return Object.fromEntries(
    Object.entries(commands).map(([name, command]) => [name, withPlainErrors(command)]),
  );
}
