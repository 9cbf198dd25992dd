import { describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { BUNDLE_MAGIC, readContainer } from './bundleFormat.node.ts';
import { fuzzContainer, sampleContainer } from './testing/fuzzContainer.node.ts';

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function refusal(bytes: Uint8Array): Promise<RpcError> {
  try {
    await readContainer(once(bytes));
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('the container was accepted');
}

describe('the bundle container', () => {
  it('reads back a signed container with every entry', async () => {
    const bytes = await sampleContainer();
    const opened = await readContainer(once(bytes));
    expect(opened.manifest.entries).toHaveLength(6);
    expect(opened.entries.size).toBe(6);
    expect(opened.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a changed entry byte, naming the hash', async () => {
    const bytes = Buffer.from(await sampleContainer());
    const at = bytes.lastIndexOf('interview');
    bytes[at] = 'I'.charCodeAt(0);
    const error = await refusal(bytes);
    expect(error.field).toBe('bundle');
    expect(error.message).toMatch(/does not match its hash/);
  });

  it('refuses a changed manifest, because the signature no longer matches', async () => {
    const bytes = Buffer.from(await sampleContainer());
    const at = bytes.indexOf('Fuzz Sender');
    bytes[at] = 'B'.charCodeAt(0);
    expect((await refusal(bytes)).message).toMatch(/signature does not match/);
  });

  it('refuses truncation, extra bytes and foreign files', async () => {
    const bytes = await sampleContainer();
    expect((await refusal(bytes.subarray(0, bytes.length - 1))).message).toMatch(/ends inside/);
    expect((await refusal(Buffer.concat([bytes, Buffer.from('x')]))).message).toMatch(/extra bytes/);
    expect((await refusal(Buffer.from('PK\u0003\u0004 not a bundle at all'))).message).toMatch(
      /not an Outpost bundle/,
    );
  });

  it('refuses a declared size past the limits before reading it', async () => {
    const bytes = Buffer.from(await sampleContainer());
    bytes.writeUInt32BE(0xfffffff0, BUNDLE_MAGIC.length);
    expect((await refusal(bytes)).message).toMatch(/too large/);
  });

  it('survives a small fuzz run: every mutation refused as damaged, nothing else escapes', async () => {
    const report = await fuzzContainer({ cases: 300, seed: 7 });
    expect(report.failures).toEqual([]);
    expect(report.rejected + report.unchanged).toBe(300);
    expect(report.rejected).toBeGreaterThan(250);
  }, 60_000);
});
