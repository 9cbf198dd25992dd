/**
 * The labelled development corpora in data/triage: one file per writer, named
 * corpus-*.jsonl. The blind-*.jsonl sets beside them are for measuring only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { labelledMessageSchema } from '../evaluation.std.ts';
import type { LabelledMessage } from '../evaluation.std.ts';

const dataDir = new URL('../../../data/triage/', import.meta.url);

/** The corpora's names (without .jsonl), sorted. */
export function developmentCorpora(): string[] {
  return readdirSync(dataDir)
    .filter((name) => /^corpus-.+\.jsonl$/.test(name))
    .map((name) => name.slice(0, -'.jsonl'.length))
    .sort();
}

export function readCorpus(name: string): LabelledMessage[] {
  return readFileSync(new URL(`${name}.jsonl`, dataDir), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => labelledMessageSchema.parse(JSON.parse(line)));
}
