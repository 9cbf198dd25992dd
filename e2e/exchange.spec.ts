import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, TEST_PASSPHRASE } from './fixtures.ts';
import type { FreshHarness } from './fixtures.ts';

/**
 * Team exchange end to end with two vaults, each behind its own harness and page:
 * practitioner Noa and supervisor Sam exchange cards, verify fingerprints, pass session
 * summaries (consent checked, signature shown before accepting, importing twice changes
 * nothing), and take a reply through a full review cycle. Clients, consent, notes and
 * messages are set up through the bridge; every exchange step goes through the page.
 */

const NOA = 'Noa Field';
const SAM = 'Sam Reyes';

/** Calls the core through the page's own bridge and returns the result (the test fails on an error). */
async function call<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  const outcome = await page.evaluate(([name, args]) => window.outpost!.call(name, args), [
    method,
    input,
  ] as const);
  if (!('result' in outcome)) throw new Error(`${method} failed: ${JSON.stringify(outcome.error)}`);
  return outcome.result as T;
}

async function createVault(page: Page, practitionerName: string): Promise<void> {
  await call(page, 'vault.create', { passphrase: TEST_PASSPHRASE });
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await call(page, 'vault.updateSettings', { practitionerName });
}

const main = (page: Page) => page.locator('#main-content');

async function openSection(page: Page, name: 'Team exchange' | 'Queue'): Promise<void> {
  await page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function openExchangeTab(page: Page, name: string): Promise<Locator> {
  await openSection(page, 'Team exchange');
  const tab = main(page)
    .getByRole('tablist', { name: 'Team exchange' })
    .getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return main(page).getByRole('tabpanel', { name });
}

async function becomeSupervisor(page: Page): Promise<void> {
  const card = await openExchangeTab(page, 'Your card');
  await card.getByRole('radiogroup', { name: 'Role' }).getByText('Supervisor', { exact: true }).click();
  await card.getByRole('button', { name: 'Save name and role' }).click();
  await expect(card.getByTestId('card-text')).toContainText('Role: supervisor');
}

/** The card text and fingerprint as the colleague's own page shows them. */
async function ownCard(page: Page): Promise<{ text: string; fingerprint: string }> {
  const card = await openExchangeTab(page, 'Your card');
  await expect(card.getByTestId('card-qr')).toBeVisible();
  const text = await card.getByTestId('card-text').innerText();
  const fingerprint = (await card.getByTestId('own-fingerprint').innerText()).replace(/\s+/g, ' ').trim();
  return { text, fingerprint };
}

/** Adds a colleague's card and verifies it with the fingerprint "read aloud" (typed here, in lower case). */
async function addAndVerify(
  page: Page,
  name: string,
  card: { text: string; fingerprint: string },
): Promise<void> {
  const team = await openExchangeTab(page, 'Team');
  await team.getByRole('button', { name: 'Add a colleague…' }).click();
  const add = page.getByRole('dialog', { name: 'Add a colleague' });
  await add.getByRole('textbox', { name: 'Their team card' }).fill(card.text);
  await add.getByRole('button', { name: 'Add colleague' }).click();
  await expect(add).toBeHidden();
  const member = team.getByTestId('team-member').filter({ hasText: name });
  await expect(member.getByTestId('member-status')).toHaveText('Not verified');
  await member.getByRole('button', { name: `Verify ${name}` }).click();
  const verify = page.getByRole('dialog', { name: `Verify ${name}` });
  await expect(verify).toContainText('read their fingerprint aloud');
  const field = verify.getByRole('textbox', { name: 'Fingerprint they read to you' });
  // A mistyped group is refused, and the member stays unverified.
  const wrong = card.fingerprint.slice(0, -4) + (card.fingerprint.endsWith('0000') ? '1111' : '0000');
  await field.fill(wrong);
  await verify.getByRole('button', { name: 'Check and verify' }).click();
  await expect(verify.getByRole('alert')).toContainText('The fingerprints do not match');
  await field.fill(card.fingerprint.toLowerCase().replaceAll(' ', ''));
  await verify.getByRole('button', { name: 'Check and verify' }).click();
  await expect(verify).toBeHidden();
  await expect(member.getByTestId('member-status')).toContainText('Verified');
}

function bundlesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.outpost-bundle'))
    .map((name) => join(folder, name));
}

/** Exports through the given button into a fresh folder, and returns the one bundle written. */
async function exportInto(
  harness: FreshHarness,
  panel: Locator,
  button: string,
  label: string,
): Promise<string> {
  const folder = join(harness.dataDir, `exchange-${label}`);
  mkdirSync(folder, { recursive: true });
  harness.dialogs.exchangeFolder = folder;
  await panel.getByRole('button', { name: button }).click();
  // Encrypting and fsyncing can be slow on a busy machine; a passphrase bundle also runs scrypt.
  await expect(panel.getByTestId('export-result')).toContainText('written', { timeout: 30_000 });
  const written = bundlesIn(folder);
  expect(written).toHaveLength(1);
  expect(readdirSync(folder).some((name) => name.endsWith('.partial'))).toBe(false);
  return written[0]!;
}

/** Opens a bundle under Receive and returns the inspection panel, before anything is accepted. */
async function openBundle(page: Page, harness: FreshHarness, file: string): Promise<Locator> {
  const receive = await openExchangeTab(page, 'Receive');
  harness.dialogs.bundleFile = file;
  await receive.getByRole('button', { name: 'Choose a bundle…' }).click();
  const inspection = receive.getByTestId('inspection');
  await expect(inspection).toBeVisible({ timeout: 15_000 });
  return inspection;
}

async function consentToTeamSharing(page: Page, clientId: string): Promise<void> {
  const { templates } = await call<{ templates: { id: string; kind: string }[] }>(
    page,
    'consent.templates',
    {},
  );
  const template = templates.find((t) => t.kind === 'team_sharing');
  await call(page, 'consent.record', {
    clientId,
    templateId: template!.id,
    givenAt: new Date(Date.now() - 86_400_000).toISOString(),
    method: 'written',
  });
}

async function addClient(page: Page, displayName: string, email: string): Promise<string> {
  const client = await call<{ id: string }>(page, 'clients.create', {
    displayName,
    pseudonymous: true,
    channels: [{ kind: 'email', value: email }],
  });
  return client.id;
}

async function addSignedNote(page: Page, clientId: string, plan: string): Promise<void> {
  const note = await call<{ id: string }>(page, 'notes.createDraft', {
    clientId,
    templateKey: 'dap',
    modality: 'in_person',
    synchronous: true,
    sessionAt: new Date(Date.now() - 3_600_000).toISOString(),
    durationMinutes: 50,
  });
  await call(page, 'notes.saveDraft', {
    id: note.id,
    content: { data: 'Talked through the apprenticeship offer.', assessment: 'Ready to decide.', plan },
  });
  await call(page, 'notes.sign', { id: note.id });
}

/** Each vault adds and verifies the other's card through the bridge (the page's steps are tested above). */
async function introduce(a: Page, b: Page): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const card = await call<{ cardText: string; card: { fingerprint: string } }>(to, 'exchange.identity', {});
    const member = await call<{ id: string }>(from, 'exchange.addMember', { cardText: card.cardText });
    await call(from, 'exchange.verifyMember', { id: member.id, fingerprint: card.card.fingerprint });
  }
}

test.describe('team exchange between two vaults', () => {
  test.setTimeout(180_000);

  test('summaries: cards verified in person, consent checked on export, signer shown before accepting, twice changes nothing', async ({
    freshApp: noa,
    freshHarness: noaHarness,
    secondApp: sam,
    secondHarness: samHarness,
  }) => {
    await createVault(noa, NOA);
    await createVault(sam, SAM);
    await becomeSupervisor(sam);

    const samCard = await ownCard(sam);
    const noaCard = await ownCard(noa);
    expect(samCard.fingerprint).toMatch(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);
    await addAndVerify(noa, SAM, samCard);

    const ana = await addClient(noa, 'Ana Ortiz', 'ana@example.org');
    const ben = await addClient(noa, 'Ben Kaye', 'ben@example.org');
    await consentToTeamSharing(noa, ana);
    await addSignedNote(noa, ana, 'Compare the two offers before Friday.');
    await addSignedNote(noa, ben, 'Private plan that must not leave this vault.');

    // Noa previews: Ana is included, Ben is left out for want of consent.
    const send = await openExchangeTab(noa, 'Send summaries');
    await send.getByText('Ana Ortiz', { exact: true }).click();
    await send.getByText('Ben Kaye', { exact: true }).click();
    await send.getByRole('button', { name: 'Preview' }).click();
    await expect(send.getByTestId('preview-included')).toHaveText('Ana Ortiz: 1 summary');
    await expect(send.getByTestId('preview-excluded')).toHaveText(
      'Ben Kaye: no team-sharing consent recorded',
    );
    await send.getByText(`${SAM} (supervisor)`, { exact: true }).click();
    const bundle = await exportInto(noaHarness, send, 'Export bundle…', 'summaries');
    await expect(send.getByTestId('export-result')).toContainText('1 summary of 1 client written');
    await expect(send.getByTestId('export-result')).toContainText('Left out: Ben Kaye');

    // Noa is not in Sam's directory yet: the bundle opens, but with a warning, and is not
    // accepted until Sam says he trusts it. He discards it and verifies Noa first.
    const unknown = await openBundle(sam, samHarness, bundle);
    await expect(unknown.getByTestId('signer-status')).toContainText('Unknown sender');
    await expect(unknown.getByTestId('signer-status')).toContainText(
      'Signed by someone who is not in your team directory',
    );
    await expect(unknown.getByTestId('inspection-warnings')).toContainText(
      `The sender "${NOA}" is not in your team directory`,
    );
    await expect(unknown.getByRole('button', { name: 'Accept' })).toBeDisabled();
    await expect(unknown.getByRole('checkbox', { name: /I trust this bundle/ })).not.toBeChecked();
    await unknown.getByRole('button', { name: 'Discard' }).click();
    await expect(unknown).toBeHidden();
    expect((await call<{ total: number }>(sam, 'exchange.importedSummaries', {})).total).toBe(0);
    await addAndVerify(sam, NOA, noaCard);

    // Sam sees who signed it and what it holds before accepting.
    const inspection = await openBundle(sam, samHarness, bundle);
    await expect(inspection.getByTestId('signer-status')).toContainText('Signed by a verified team member');
    await expect(inspection.getByTestId('signer-status')).toContainText(`From ${NOA}`);
    await expect(inspection.getByTestId('signer-status')).toContainText(noaCard.fingerprint);
    await expect(inspection.getByTestId('inspection-contents')).toHaveText('1 session summary');
    await expect(inspection.getByTestId('inspection-summaries')).toContainText('Ana Ortiz');
    await expect(inspection.getByTestId('inspection-summaries')).not.toContainText('Ben Kaye');
    await expect(inspection.getByTestId('inspection-warnings')).toHaveCount(0);
    await inspection.getByRole('button', { name: 'Accept' }).click();
    await expect(inspection.getByTestId('accept-result')).toHaveText('Imported: 1 summary imported.');

    // The summary is under Received summaries, read-only.
    const received = await openExchangeTab(sam, 'Received summaries');
    await expect(received.getByTestId('received-count')).toHaveText('1 summary');
    const summary = received.getByTestId('received-summary');
    await expect(summary).toContainText('Ana Ortiz');
    await expect(summary).toContainText('Read-only');
    await expect(summary.getByTestId('summary-text')).toContainText('Compare the two offers before Friday.');
    await expect(summary).not.toContainText('must not leave');
    await expect(received.getByRole('textbox')).toHaveCount(0);

    // The same bundle again: shown as imported before, and accepting it changes nothing.
    const again = await openBundle(sam, samHarness, bundle);
    await expect(again.getByTestId('already-imported')).toBeVisible();
    await again.getByRole('button', { name: 'Accept' }).click();
    await expect(again.getByTestId('accept-result')).toHaveText(
      'This bundle was imported before. Nothing changed.',
    );
    const after = await openExchangeTab(sam, 'Received summaries');
    await expect(after.getByTestId('received-count')).toHaveText('1 summary');
    const listed = await call<{ total: number }>(sam, 'exchange.importedSummaries', {});
    expect(listed.total).toBe(1);
  });

  test('supervision: a reply sent for review is returned with comments, edited, approved, and reaches the outbox', async ({
    freshApp: noa,
    freshHarness: noaHarness,
    secondApp: sam,
    secondHarness: samHarness,
  }) => {
    await createVault(noa, NOA);
    await createVault(sam, SAM);
    await becomeSupervisor(sam);
    // Cards were exchanged through the page in the first test; here they are set up directly.
    await introduce(noa, sam);

    const ana = await addClient(noa, 'Ana Ortiz', 'ana@example.org');
    await consentToTeamSharing(noa, ana);
    const messageText = 'I got the apprenticeship offer but I am scared to accept it. What should I do?';
    const added = await call<{ id: string }>(noa, 'messages.add', {
      text: messageText,
      channel: 'email',
      from: 'ana@example.org',
      subject: 'The offer',
    });
    const message = await call<{ clientId: string | null }>(noa, 'messages.get', { id: added.id });
    expect(message.clientId).toBe(ana);

    // Noa turns on "replies need review".
    const card = await openExchangeTab(noa, 'Your card');
    const needsReview = card.getByRole('switch', { name: 'Replies need review' });
    await expect(needsReview).not.toBeChecked();
    await card.getByText('Replies need review', { exact: true }).click();
    await expect(needsReview).toBeChecked();
    expect((await call<{ repliesNeedReview: boolean }>(noa, 'vault.getSettings', {})).repliesNeedReview).toBe(
      true,
    );

    // She writes the reply in the queue; the primary button now sends it for review.
    const firstDraft = 'Ana, congratulations on the offer. It makes sense to feel scared.';
    await openSection(noa, 'Queue');
    await noa.getByTestId('queue-row').first().click();
    const view = noa.getByTestId('message-view');
    const editor = view.getByRole('textbox', { name: 'Reply' });
    await editor.fill(firstDraft);
    await expect(view.getByTestId('save-status')).toContainText('Saved');
    await expect(view.getByRole('button', { name: 'Ready to send' })).toHaveCount(0);
    await view.getByRole('button', { name: 'Send for review' }).click();
    await expect(view.getByTestId('reply-state')).toHaveText('Awaiting your supervisor’s review');
    await expect(editor).toHaveAttribute('readonly', '');

    async function sendForReview(label: string): Promise<string> {
      const panel = await openExchangeTab(noa, 'Send for review');
      await expect(panel.getByRole('checkbox', { name: `${SAM} (supervisor)` })).toBeChecked();
      const file = await exportInto(noaHarness, panel, 'Export replies for review…', label);
      await expect(panel.getByTestId('export-result')).toContainText('1 reply written');
      return file;
    }

    async function receiveOnSamSide(file: string): Promise<void> {
      const inspection = await openBundle(sam, samHarness, file);
      await expect(inspection.getByTestId('signer-status')).toContainText('Signed by a verified team member');
      await expect(inspection.getByTestId('inspection-contents')).toHaveText('1 reply for review');
      await inspection.getByRole('button', { name: 'Accept' }).click();
      await expect(inspection.getByTestId('accept-result')).toHaveText('Imported: 1 reply to review.');
    }

    async function decide(
      decision: 'Approve' | 'Return with comments',
      comment: string | null,
      label: string,
    ) {
      const reviews = await openExchangeTab(sam, 'Reviews');
      const item = reviews.getByTestId('review-item');
      await expect(item).toHaveCount(1);
      await expect(item.getByTestId('review-decision')).toHaveText('Waiting for you');
      // The reply beside the client's message.
      await expect(item.getByTestId('review-message-text')).toHaveText(messageText);
      await expect(item.getByRole('region', { name: 'Reply for review' })).toBeVisible();
      if (comment !== null) await item.getByRole('textbox', { name: 'Comments' }).fill(comment);
      await item.getByRole('button', { name: decision }).click();
      await expect(item.getByTestId('review-decision')).toHaveText(
        decision === 'Approve' ? 'Approved, not sent yet' : 'Returned, not sent yet',
      );
      await reviews.getByText(`${NOA} (practitioner)`, { exact: true }).click();
      const file = await exportInto(samHarness, reviews, 'Export decisions…', label);
      await expect(reviews.getByTestId('export-result')).toContainText('1 decision written');
      await expect(reviews.getByTestId('review-item')).toHaveCount(0);
      return { item, file };
    }

    async function receiveDecision(file: string): Promise<void> {
      const inspection = await openBundle(noa, noaHarness, file);
      await expect(inspection.getByTestId('signer-status')).toContainText('Signed by a verified team member');
      await expect(inspection.getByTestId('signer-status')).toContainText(`From ${SAM} (supervisor)`);
      await expect(inspection.getByTestId('inspection-contents')).toHaveText('1 review decision');
      await inspection.getByRole('button', { name: 'Accept' }).click();
      await expect(inspection.getByTestId('accept-result')).toHaveText(
        'Imported: 1 review decision applied to your replies.',
      );
    }

    // Round one: Sam returns it with a comment.
    await receiveOnSamSide(await sendForReview('review-1'));
    const reviews = await openExchangeTab(sam, 'Reviews');
    await expect(reviews.getByTestId('review-reply-text')).toHaveText(firstDraft);
    // A comment tied to words of the reply: select them, then quote them into the comments.
    const quoted = 'It makes sense to feel scared.';
    await reviews.getByTestId('review-reply-text').evaluate((element, words) => {
      const text = element.firstChild!;
      const start = text.textContent!.indexOf(words);
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + words.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    }, quoted);
    await reviews.getByRole('button', { name: 'Quote selection' }).click();
    const comments = reviews.getByRole('textbox', { name: 'Comments' });
    await expect(comments).toHaveValue(`> ${quoted}\n`);
    const comment = 'Ask what scares her before giving advice.';
    await comments.press('ControlOrMeta+End');
    await comments.pressSequentially(comment);
    const returned = await decide('Return with comments', null, 'decision-1');
    await receiveDecision(returned.file);

    // Back in Noa's drafts with the comment; she edits and sends it again.
    await openSection(noa, 'Queue');
    await noa.getByTestId('queue-row').first().click();
    const returnedNotice = view.getByRole('status').filter({ hasText: 'Returned by your supervisor' });
    await expect(returnedNotice).toContainText(`> ${quoted}`);
    await expect(returnedNotice).toContainText(comment);
    await expect(editor).not.toHaveAttribute('readonly', '');
    await expect(editor).toHaveValue(firstDraft);
    const secondDraft = `${firstDraft} What scares you most about accepting it?`;
    await editor.fill(secondDraft);
    await expect(view.getByTestId('save-status')).toContainText('Saved');
    await view.getByRole('button', { name: 'Send for review' }).click();
    await expect(view.getByTestId('reply-state')).toHaveText('Awaiting your supervisor’s review');

    // Round two: Sam approves the edited reply; it reaches Noa's outbox.
    await receiveOnSamSide(await sendForReview('review-2'));
    const second = await openExchangeTab(sam, 'Reviews');
    await expect(second.getByTestId('review-reply-text')).toHaveText(secondDraft);
    const approved = await decide('Approve', null, 'decision-2');
    await receiveDecision(approved.file);

    await openSection(noa, 'Queue');
    await noa.getByTestId('queue-row').first().click();
    await expect(view.getByTestId('reply-state')).toHaveText('In the outbox, ready to send');
    await expect(editor).toHaveValue(secondDraft);
    const outbox = await call<{ items: { reply: { body: string; status: string } }[] }>(
      noa,
      'replies.outbox',
      {},
    );
    expect(outbox.items.map((item) => item.reply.body)).toEqual([secondDraft]);
  });

  test('a bundle locked with a passphrase asks for it, refuses a wrong one, and opens with the right one', async ({
    freshApp: noa,
    freshHarness: noaHarness,
    secondApp: sam,
    secondHarness: samHarness,
  }) => {
    await createVault(noa, NOA);
    await createVault(sam, SAM);
    await introduce(noa, sam);
    const ana = await addClient(noa, 'Ana Ortiz', 'ana@example.org');
    await consentToTeamSharing(noa, ana);
    await addSignedNote(noa, ana, 'Compare the two offers before Friday.');

    const send = await openExchangeTab(noa, 'Send summaries');
    await send
      .getByRole('radiogroup', { name: 'Clients' })
      .getByText('All active clients', { exact: true })
      .click();
    await send.getByRole('button', { name: 'Preview' }).click();
    await expect(send.getByTestId('preview-included')).toHaveText('Ana Ortiz: 1 summary');
    await send
      .getByRole('radiogroup', { name: 'Who can open it' })
      .getByText('A passphrase', { exact: true })
      .click();
    const passphrase = send.getByLabel('Bundle passphrase', { exact: true });
    await passphrase.fill('too short');
    await expect(send.getByText('Use at least 12 characters.')).toBeVisible();
    await expect(send.getByRole('button', { name: 'Export bundle…' })).toBeDisabled();
    await passphrase.fill('copper kettle morning rain');
    const bundle = await exportInto(noaHarness, send, 'Export bundle…', 'passphrase');

    const receive = await openExchangeTab(sam, 'Receive');
    samHarness.dialogs.bundleFile = bundle;
    await receive.getByRole('button', { name: 'Choose a bundle…' }).click();
    await expect(receive.getByTestId('inspect-failure')).toContainText('locked with a passphrase');
    const field = receive.getByLabel('Bundle passphrase', { exact: true });
    await field.fill('copper kettle evening rain');
    await receive.getByRole('button', { name: 'Open', exact: true }).click();
    // age's scrypt takes a while to refuse a wrong passphrase, and to accept the right one.
    const slow = { timeout: 30_000 };
    await expect(receive.getByTestId('inspect-failure')).toContainText(
      'That bundle passphrase is not correct',
      slow,
    );
    await expect(receive.getByTestId('inspection')).toHaveCount(0);
    await field.fill('copper kettle morning rain');
    await receive.getByRole('button', { name: 'Open', exact: true }).click();
    const inspection = receive.getByTestId('inspection');
    await expect(inspection.getByTestId('signer-status')).toContainText(
      'Signed by a verified team member',
      slow,
    );
    await expect(inspection).toContainText('With a passphrase');
    await inspection.getByRole('button', { name: 'Accept' }).click();
    await expect(inspection.getByTestId('accept-result')).toHaveText('Imported: 1 summary imported.', slow);
    const received = await openExchangeTab(sam, 'Received summaries');
    await expect(received.getByTestId('received-count')).toHaveText('1 summary');
  });
});
