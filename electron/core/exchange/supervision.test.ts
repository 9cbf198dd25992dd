import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';
import { introduce } from './testing/teamFixtures.node.ts';

let noa: TestVault;
let sam: TestVault;
let folder: string;
let samInNoa: string;
let noaInSam: string;

async function replyAwaitingReview(text: string, from: string, consent: boolean): Promise<string> {
  const { id: messageId } = await noa.call('messages.add', { text, channel: 'email', from });
  const clientId = (await noa.call('messages.get', { id: messageId })).clientId as string;
  if (consent) {
    const { templates } = await noa.call('consent.templates', {});
    const template = templates.find((t) => t.kind === 'team_sharing');
    await noa.call('consent.record', {
      clientId,
      templateId: template?.id as string,
      givenAt: '2026-01-05T09:00:00.000Z',
      method: 'written',
    });
  }
  const reply = await noa.call('replies.saveDraft', {
    messageId,
    body: 'Thank you for writing. Could we look at the offer together on Thursday?',
  });
  await noa.call('replies.submitForReview', { id: reply.id });
  return reply.id;
}

beforeAll(async () => {
  [noa, sam] = await Promise.all([openTestVault(), openTestVault()]);
  folder = mkdtempSync(join(tmpdir(), 'outpost-supervision-'));
  await noa.call('vault.updateSettings', { practitionerName: 'Noa Field' });
  await sam.call('vault.updateSettings', { practitionerName: 'Sam Reyes' });
  await sam.call('exchange.updateIdentity', { role: 'supervisor' });
  ({ bInA: samInNoa, aInB: noaInSam } = await introduce(noa, sam));
}, 60_000);
afterAll(async () => {
  await Promise.all([noa.close(), sam.close()]);
  rmSync(folder, { recursive: true, force: true });
});

describe('supervision through bundles', () => {
  it('a reply goes to the supervisor for review and comes back approved, into the outbox', async () => {
    const approvedId = await replyAwaitingReview('I got the apprenticeship offer!', 'ana@example.org', true);
    const returnedId = await replyAwaitingReview('Should I take the job?', 'ben@example.org', true);
    const withoutConsent = await replyAwaitingReview('Private question.', 'cy@example.org', false);

    const requests = join(folder, 'for-review.outpost-bundle');
    const sent = await noa.call('exchange.exportReviewRequests', {
      to: { memberIds: [samInNoa] },
      out: requests,
    });
    expect(sent.entries).toBe(2);
    expect(sent.excluded).toEqual([{ replyId: withoutConsent, reason: 'consent_missing' }]);

    const inspection = await sam.call('exchange.inspect', { file: requests });
    expect(inspection.contents).toEqual([{ kind: 'reply_for_review', count: 2 }]);
    const accepted = await sam.call('exchange.accept', {
      file: requests,
      bundleId: inspection.bundleId,
      manifestSha256: inspection.manifestSha256,
    });
    expect(accepted.reviewRequests).toBe(2);
    const { requests: received } = await sam.call('exchange.reviewRequests', {});
    expect(received.map((r) => r.message.text).sort()).toEqual([
      'I got the apprenticeship offer!',
      'Should I take the job?',
    ]);
    const toApprove = received.find((r) => r.replyId === approvedId);
    const toReturn = received.find((r) => r.replyId === returnedId);
    await sam.call('exchange.decideReview', { id: toApprove?.id as string, approved: true });
    await expect(
      sam.call('exchange.decideReview', { id: toReturn?.id as string, approved: false }),
    ).rejects.toThrow(RpcError);
    await sam.call('exchange.decideReview', {
      id: toReturn?.id as string,
      approved: false,
      comments: 'Ask what worries them about it first.',
    });

    const decisions = join(folder, 'decisions.outpost-bundle');
    const back = await sam.call('exchange.exportReviewDecisions', {
      to: { memberIds: [noaInSam] },
      out: decisions,
    });
    expect(back.entries).toBe(2);
    const shown = await noa.call('exchange.inspect', { file: decisions });
    expect(shown.contents).toEqual([{ kind: 'review_decision', count: 2 }]);
    expect(shown.warnings).toEqual([]);
    const applied = await noa.call('exchange.accept', {
      file: decisions,
      bundleId: shown.bundleId,
      manifestSha256: shown.manifestSha256,
    });
    expect(applied.decisionsApplied).toBe(2);

    const byId = async (id: string) =>
      (await noa.call('replies.outbox', {})).items.some((item) => JSON.stringify(item).includes(id));
    expect(await byId(approvedId)).toBe(true);
    expect(await byId(returnedId)).toBe(false);
    const again = await noa.call('exchange.accept', {
      file: decisions,
      bundleId: shown.bundleId,
      manifestSha256: shown.manifestSha256,
    });
    expect(again.alreadyImported).toBe(true);
  }, 60_000);

  it('decisions from someone who is not a verified supervisor are refused', async () => {
    await replyAwaitingReview('One more question.', 'dee@example.org', true);
    // Sam steps down to practitioner; decisions he still sends must not move Noa's replies.
    await sam.call('exchange.updateIdentity', { role: 'practitioner' });
    const requests = join(folder, 'second.outpost-bundle');
    await noa.call('exchange.exportReviewRequests', { to: { memberIds: [samInNoa] }, out: requests });
    const shown = await sam.call('exchange.inspect', { file: requests });
    await sam.call('exchange.accept', {
      file: requests,
      bundleId: shown.bundleId,
      manifestSha256: shown.manifestSha256,
    });
    const pending = (await sam.call('exchange.reviewRequests', {})).requests.find((r) => r.decision === null);
    await sam.call('exchange.decideReview', { id: pending?.id as string, approved: true });
    const decisions = join(folder, 'not-a-supervisor.outpost-bundle');
    await sam.call('exchange.exportReviewDecisions', { to: { memberIds: [noaInSam] }, out: decisions });
    // The role that counts is the one in Noa's directory: she takes Sam's new card.
    const samCard = await sam.call('exchange.identity', {});
    await noa.call('exchange.removeMember', { id: samInNoa });
    const readded = await noa.call('exchange.addMember', { cardText: samCard.cardText });
    await noa.call('exchange.verifyMember', { id: readded.id, fingerprint: samCard.card.fingerprint });
    const inspection = await noa.call('exchange.inspect', { file: decisions });
    expect(inspection.warnings.join(' ')).toMatch(/only from a verified supervisor/);
    const error = await noa
      .call('exchange.accept', {
        file: decisions,
        bundleId: inspection.bundleId,
        manifestSha256: inspection.manifestSha256,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).message).toMatch(/Nothing was imported/);
  }, 60_000);
});
