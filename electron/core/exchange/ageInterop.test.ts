import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';
import { readContainer } from './bundleFormat.node.ts';
import { addClient, addSignedNote } from './testing/teamFixtures.node.ts';

/** Debian's `age` package (installed by .ci/run); absent, there is nothing to interoperate with. */
function findAge(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v age'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
const AGE = findAge();
const run = promisify(execFile);

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe.skipIf(AGE === null)(
  'interop with the age command-line tool (skipped only when the age command is not installed)',
  () => {
    let vault: TestVault;
    let folder: string;
    let clientId: string;

    beforeAll(async () => {
      vault = await openTestVault();
      folder = mkdtempSync(join(tmpdir(), 'outpost-age-'));
      await vault.call('vault.updateSettings', { practitionerName: 'Mira Okafor' });
      clientId = await addClient(vault, 'Ana', 'given');
      await addSignedNote(vault, clientId, '2026-05-04', {
        data: 'Talked through the apprenticeship offer.',
        assessment: 'Ready to decide.',
        plan: 'Accept by Friday.',
      });
    }, 60_000);
    afterAll(async () => {
      await vault.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('a bundle to an age-keygen recipient decrypts with `age -d`, and holds the signed container', async () => {
      const keyFile = join(folder, 'key.txt');
      await run('age-keygen', ['-o', keyFile]);
      const recipient = /public key: (age1\w+)/.exec(readFileSync(keyFile, 'utf8'))?.[1];
      expect(recipient).toMatch(/^age1/);
      const bundle = join(folder, 'to-age.outpost-bundle');
      await vault.call('exchange.exportSummaries', {
        to: { recipients: [recipient as string] },
        out: bundle,
      });
      // Plaintext goes from age's stdout straight into the parser, never to a file.
      const { stdout } = await run(AGE as string, ['-d', '-i', keyFile, bundle], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      });
      const opened = await readContainer(once(stdout));
      expect(opened.manifest.sender.displayName).toBe('Mira Okafor');
      const markdown = [...opened.entries].find(([name]) => name.endsWith('.md'))?.[1].toString('utf8');
      expect(markdown).toContain('apprenticeship offer');
    });

    it('a file age encrypts to this vault’s card imports like any bundle', async () => {
      const keyFile = join(folder, 'other-key.txt');
      await run('age-keygen', ['-o', keyFile]);
      const sent = join(folder, 'via-age.outpost-bundle');
      await vault.call('exchange.exportSummaries', {
        to: { recipients: [/public key: (age1\w+)/.exec(readFileSync(keyFile, 'utf8'))?.[1] as string] },
        out: sent,
      });
      const { stdout: container } = await run(AGE as string, ['-d', '-i', keyFile, sent], {
        encoding: 'buffer',
      });
      const mine = await vault.call('exchange.identity', {});
      const reencrypted = join(folder, 'reencrypted.outpost-bundle');
      const child = execFile(AGE as string, ['-r', mine.card.ageRecipient, '-o', reencrypted]);
      const done = new Promise((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`age exited ${code}`)))),
      );
      child.stdin?.end(container);
      await done;
      const inspection = await vault.call('exchange.inspect', { file: reencrypted });
      expect(inspection.signer).toBe('verified');
      expect(inspection.contents).toEqual([{ kind: 'session_summary', count: 1 }]);
    });

    it('a passphrase bundle decrypts with `age -d` and the same passphrase', async () => {
      const passphrase = 'orchard velvet cobalt ninety';
      const bundle = join(folder, 'passphrase.outpost-bundle');
      await vault.call('exchange.exportSummaries', { to: { passphrase }, out: bundle });
      // age reads a passphrase only from a terminal: `script` gives it one.
      const plainFile = join(folder, 'plain.bin');
      const child = execFile('script', ['-qec', `"${AGE}" -d -o "${plainFile}" "${bundle}"`, '/dev/null']);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.stdin?.end(`${passphrase}\n`);
      expect(await exited).toBe(0);
      const container = readFileSync(plainFile);
      rmSync(plainFile);
      const opened = await readContainer(once(container));
      expect(opened.manifest.encryptedTo).toBe('passphrase');
      expect(opened.manifest.recipients).toEqual([]);
    }, 60_000);
  },
);
