import { randomUUID } from 'node:crypto';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import { seededRandom } from '../../demo/seededRandom.node.ts';
import { containerChunks, describeEntry, readContainer, signManifest } from '../bundleFormat.node.ts';
import type { EntryBytes } from '../bundleFormat.node.ts';
import { generateExchangeKeys, makeCard } from '../identity.node.ts';

/** A small, valid, signed container (three summaries) to mutate. */
export async function sampleContainer(): Promise<Buffer> {
  const keys = await generateExchangeKeys();
  const entries: EntryBytes[] = [];
  for (let i = 0; i < 3; i++) {
    const id = randomUUID();
    entries.push(
      {
        name: `summaries/${id}.json`,
        kind: 'session_summary',
        mediaType: 'application/json',
        bytes: Buffer.from(
          JSON.stringify({ kind: 'session_summary', n: i, text: 'Discussed the interview.' }),
        ),
      },
      {
        name: `summaries/${id}.md`,
        kind: 'session_summary',
        mediaType: 'text/markdown',
        bytes: Buffer.from(`# Summary ${i}\n\nDiscussed the interview.\n`),
      },
    );
  }
  const { manifestBytes, signatureBytes } = signManifest(
    {
      bundleId: randomUUID(),
      createdAt: new Date().toISOString(),
      sender: makeCard('Fuzz Sender', 'practitioner', keys),
      encryptedTo: 'recipients',
      recipients: [keys.ageRecipient],
      contents: [{ kind: 'session_summary', count: 3 }],
      entries: entries.map(describeEntry),
    },
    keys.signingSecret,
  );
  const parts: Uint8Array[] = [];
  for await (const part of containerChunks(
    manifestBytes,
    signatureBytes,
    entries.map((entry) => entry.bytes),
  ))
    parts.push(part);
  return Buffer.concat(parts);
}

type Mutation = (bytes: Buffer, random: () => number) => Buffer;

const int = (random: () => number, below: number) => Math.floor(random() * below);

const MUTATIONS: Record<string, Mutation> = {
  flipBit(bytes, random) {
    const out = Buffer.from(bytes);
    const at = int(random, out.length);
    out[at] = (out[at] as number) ^ (1 << int(random, 8));
    return out;
  },
  flipBytes(bytes, random) {
    const out = Buffer.from(bytes);
    for (let i = 1 + int(random, 8); i > 0; i--) out[int(random, out.length)] = int(random, 256);
    return out;
  },
  truncate(bytes, random) {
    return bytes.subarray(0, int(random, bytes.length));
  },
  extend(bytes, random) {
    return Buffer.concat([bytes, Buffer.alloc(1 + int(random, 64), int(random, 256))]);
  },
  insert(bytes, random) {
    const at = int(random, bytes.length);
    const noise = Buffer.from(Array.from({ length: 1 + int(random, 32) }, () => int(random, 256)));
    return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
  },
  remove(bytes, random) {
    const at = int(random, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + int(random, 32))]);
  },
  /** A huge declared manifest or signature length: must be refused before allocation. */
  hugeLength(bytes, random) {
    const out = Buffer.from(bytes);
    if (out.length < 21) return out;
    const signatureAt = 21 + out.readUInt32BE(17);
    const at = random() < 0.5 || signatureAt + 4 > out.length ? 17 : signatureAt;
    out.writeUInt32BE(0x7fffffff + int(random, 0x7fffffff), at);
    return out;
  },
  duplicate(bytes, random) {
    const from = int(random, bytes.length);
    const piece = bytes.subarray(from, from + 1 + int(random, 256));
    const at = int(random, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
  },
  garbage(_bytes, random) {
    return Buffer.from(Array.from({ length: int(random, 512) }, () => int(random, 256)));
  },
};

/** Hands the bytes over in random-sized chunks, as a stream would. */
async function* chunked(bytes: Buffer, random: () => number): AsyncGenerator<Uint8Array> {
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + int(random, 4096);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

export interface FuzzReport {
  cases: number;
  rejected: number;
  /** Mutations that left the bytes unchanged and so were rightly accepted. */
  unchanged: number;
  /** Anything else is a bug: a changed container accepted, or an error other than "damaged". */
  failures: { case: number; mutation: string; problem: string }[];
}

/**
 * Feeds mutated containers to the parser. Every changed container must be refused
 * with the bundle-damaged error, and nothing else may escape it.
 */
export async function fuzzContainer(options: {
  cases: number;
  seed?: number;
  onCase?: (done: number) => void;
}): Promise<FuzzReport> {
  const original = await sampleContainer();
  const random = seededRandom(options.seed ?? 20_26);
  const names = Object.keys(MUTATIONS);
  const report: FuzzReport = { cases: 0, rejected: 0, unchanged: 0, failures: [] };
  for (let i = 0; i < options.cases; i++) {
    const name = names[int(random, names.length)] as string;
    let bytes = (MUTATIONS[name] as Mutation)(original, random);
    // Now and then, stack a second mutation.
    if (random() < 0.2)
      bytes = (MUTATIONS[names[int(random, names.length)] as string] as Mutation)(bytes, random);
    report.cases += 1;
    try {
      await readContainer(chunked(bytes, random));
      if (bytes.equals(original)) report.unchanged += 1;
      else report.failures.push({ case: i, mutation: name, problem: 'a changed container was accepted' });
    } catch (error) {
      if (error instanceof RpcError && error.code === 'INVALID_INPUT' && error.field === 'bundle')
        report.rejected += 1;
      else
        report.failures.push({
          case: i,
          mutation: name,
          problem: `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`,
        });
    }
    options.onCase?.(i + 1);
  }
  return report;
}
