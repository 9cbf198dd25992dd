import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportedMessage, ItemOutcome } from './importedMessage.node.ts';

/** Helpers shared by the import tests and the fuzz runner. */
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export function messagesOf(outcomes: readonly ItemOutcome[]): ImportedMessage[] {
  return outcomes.flatMap((outcome) => (outcome.kind === 'message' ? [outcome.message] : []));
}

export function reasonsOf(outcomes: readonly ItemOutcome[]): string[] {
  return outcomes.flatMap((outcome) => (outcome.kind === 'rejected' ? [outcome.reason] : []));
}
