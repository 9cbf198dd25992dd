import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { UsageError } from './exitCodes.node.ts';

/**
 * Passphrases come from a file or standard input ("-"), never from the command
 * line, where other users and shell history could read them. One trailing newline
 * is dropped; the rest is kept exactly.
 */
export async function readSecret(
  source: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  const raw = source === '-' ? await text(stdin) : await readFile(source, 'utf8');
  const secret = raw.replace(/\r?\n$/, '');
  if (secret.length === 0)
    throw new UsageError(`No secret found in ${source === '-' ? 'standard input' : source}.`);
  return secret;
}
