import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import PostalMime from 'postal-mime';
import { expect, test, TEST_PASSPHRASE } from './fixtures.ts';
import type { FreshHarness } from './fixtures.ts';

/**
 * The queue end to end through the real core, each test in a vault of its own: import a
 * mailbox and a chat export (with the column-mapping step), find the crisis message first
 * with its evidence, claim it, reply through the safety checklist, export the reply from
 * the outbox as an .eml file and mark it sent; a malformed file gets its error report.
 */

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toUTCString();
const isoHoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

function writeMailbox(folder: string): string {
  const mail = (id: string, from: string, subject: string, hours: number, body: string) =>
    [
      `From ${from} ${hoursAgo(hours)}`,
      `From: ${from}`,
      'To: careers@outpost.example',
      `Subject: ${subject}`,
      `Date: ${hoursAgo(hours)}`,
      `Message-ID: <${id}@mail.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\n');
  const file = join(folder, 'inbox.mbox');
  writeFileSync(
    file,
    [
      mail('cv-1', 'ana@mail.example', 'CV question', 5, 'Could you look at my CV before Friday? Thanks.'),
      mail(
        'night-1',
        'jo@mail.example',
        'sorry',
        1,
        "I can't do this any more. I have saved up 40 paracetamol and I'm taking them tonight. Thank you for trying.",
      ),
      mail('fair-1', 'lee@mail.example', 'Careers fair', 3, 'When is the next careers fair in town?'),
    ].join('\n'),
  );
  return file;
}

function writeChatExport(folder: string): string {
  const file = join(folder, 'chat.csv');
  writeFileSync(
    file,
    [
      'when,handle,said',
      `${isoHoursAgo(2)},@river,"Is the library open on Saturday for the job club?"`,
      `${isoHoursAgo(4)},@birch,"The apprenticeship interview went well, thanks for the practice!"`,
    ].join('\n'),
  );
  return file;
}

async function openFreshQueue(page: Page): Promise<void> {
  const created = await page.evaluate(
    (passphrase) => window.outpost!.call('vault.create', { passphrase }),
    TEST_PASSPHRASE,
  );
  expect(created).toHaveProperty('result');
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
}

async function importThrough(page: Page, harness: FreshHarness, files: string[]): Promise<void> {
  harness.dialogs.importFiles = files;
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import messages' });
  await dialog.getByRole('button', { name: 'Choose files…' }).click();
  return Promise.resolve();
}

test.describe('the message queue', () => {
  test('import a mailbox and a chat export, answer the crisis first, and export the reply', async ({
    freshApp: page,
    freshHarness: harness,
  }) => {
    // The whole morning's path in one test: import, alert, triage panel, reply, outbox, export.
    test.setTimeout(90_000);
    await openFreshQueue(page);
    const mbox = writeMailbox(harness.dataDir);
    const csv = writeChatExport(harness.dataDir);
    await importThrough(page, harness, [mbox, csv]);

    // The chat export's columns are not named the usual way: the mapping step asks.
    const dialog = page.getByRole('dialog', { name: 'Import messages' });
    await expect(dialog.getByRole('region', { name: 'Columns of chat.csv' })).toBeVisible();
    const importButton = dialog.getByRole('button', { name: 'Import', exact: true });
    await dialog.getByRole('button', { name: /Message text \(required\)/ }).click();
    await page.getByRole('option', { name: 'said', exact: true }).click();
    await dialog.getByRole('button', { name: /Sender \(address or handle\)/ }).click();
    await page.getByRole('option', { name: 'handle', exact: true }).click();
    await dialog.getByRole('button', { name: /Sent or received time/ }).click();
    await page.getByRole('option', { name: 'when', exact: true }).click();
    await importButton.click();

    const report = dialog.getByTestId('import-report');
    await expect(report).toContainText('5 messages imported, 1 at crisis tier');
    await expect(report.getByTestId('import-report-row')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The crisis message is first, its evidence marked in the preview.
    const rows = page.getByTestId('queue-row');
    await expect(rows).toHaveCount(5);
    const first = rows.first();
    await expect(first.getByTestId('queue-row-tier')).toHaveText('Crisis');
    await expect(
      first
        .locator('mark')
        .filter({ hasText: /paracetamol/ })
        .first(),
    ).toBeVisible();

    // The crisis alert opens it; acknowledging the alert clears it out of the way.
    const alert = page.getByTestId('crisis-alert');
    await expect(alert).toContainText('A crisis message arrived');
    await alert.getByRole('button', { name: 'Open message 1 in the queue' }).click();
    await alert.getByRole('button', { name: /I.ve seen this/ }).click();
    await expect(alert).toBeHidden();
    await expect(first).toHaveAttribute('data-open', 'true');

    // The why-this-tier panel names the evidence and the rules.
    const view = page.getByTestId('message-view');
    await expect(view.getByTestId('message-body').locator('mark').first()).toBeVisible();
    const why = view.getByTestId('why-this-tier');
    await expect(why.getByTestId('evidence-list')).toContainText('paracetamol');
    await expect(why).toContainText('Individual case-managed');
    await expect(why.getByTestId('cssrs-level')).not.toBeEmpty();

    // c claims it from the keyboard.
    await page.getByTestId('message-body').click();
    await page.keyboard.press('c');
    await expect(view.getByTestId('message-status')).toContainText('Claimed');

    // r goes to the reply; the checklist holds the reply back until it is complete.
    await page.keyboard.press('r');
    const editor = view.getByRole('textbox', { name: 'Reply' });
    await expect(editor).toBeFocused();
    // The emotion panel reads the client's message, with the words that carry each emotion.
    const emotions = view.getByTestId('emotion-panel');
    await expect(emotions.getByTestId('evidence-mark').first()).toBeVisible();
    // The coach follows the draft: no safety question yet, then a direct one.
    await page.keyboard.type('Jo, thank you for telling me. I am worried about you.');
    const safety = view.getByTestId('coach-check-safety');
    await expect(safety).toHaveAttribute('data-status', 'fail');
    await page.keyboard.type(' Are you thinking of ending your life tonight?');
    await expect(safety).toHaveAttribute('data-status', 'warn');
    await expect(view.getByTestId('save-status')).toContainText('Saved');
    const ready = view.getByRole('button', { name: 'Ready to send' });
    await expect(ready).toBeDisabled();
    await expect(view.getByTestId('checklist-gate')).toBeVisible();
    for (const item of [
      'Asked directly about suicide',
      'Made or reviewed a safety plan',
      'Shared crisis contacts',
    ])
      await view.getByText(item, { exact: true }).click();
    await ready.click();
    await expect(view.getByTestId('reply-state')).toContainText('In the outbox');

    // The outbox exports it as an email file addressed to the sender, in the same thread.
    await page.getByRole('tab', { name: 'Outbox' }).click();
    const outbox = page.getByTestId('outbox');
    await expect(outbox.getByTestId('outbox-item')).toHaveCount(1);
    mkdirSync(harness.dialogs.replyExportFolder!, { recursive: true });
    await outbox.getByRole('button', { name: 'Select all' }).click();
    await outbox.getByRole('button', { name: 'Export as email files…' }).click();
    await expect(outbox.getByTestId('outbox-notice')).toContainText('1 reply saved as email files');
    const folder = harness.dialogs.replyExportFolder!;
    const [emlName] = readdirSync(folder).filter((name) => name.endsWith('.eml'));
    expect(emlName).toBeDefined();
    const email = await PostalMime.parse(readFileSync(join(folder, emlName!)));
    expect(email.to?.[0]?.address).toBe('jo@mail.example');
    expect(email.inReplyTo).toBe('<night-1@mail.example>');
    expect(email.text).toContain('Are you thinking of ending your life tonight?');

    await outbox.getByRole('button', { name: 'Mark sent' }).click();
    await expect(outbox.getByTestId('outbox-empty')).toBeVisible();
    await page.getByRole('tab', { name: /^Messages/ }).click();
    await expect(page.getByTestId('message-status')).toContainText('Replied');
  });

  test('a malformed file gets its own error report and nothing from it is kept', async ({
    freshApp: page,
    freshHarness: harness,
  }) => {
    await openFreshQueue(page);
    const good = join(harness.dataDir, 'good.jsonl');
    writeFileSync(
      good,
      `${JSON.stringify({ id: 'g-1', text: 'Is the job club on this week?', from: 'kim' })}\n`,
    );
    const broken = join(harness.dataDir, 'broken.json');
    writeFileSync(broken, '{"messages": [{"id": "b-1", "text": "cut off in the mid');
    await importThrough(page, harness, [good, broken]);
    const report = page.getByTestId('import-report');
    await expect(report.getByRole('alert')).toContainText('One file was not imported');
    await expect(report.locator('[data-outcome="failed"]')).toContainText('broken.json');
    await expect(report.locator('[data-outcome="imported"]')).toContainText('good.jsonl');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
  });

  test('a tier override needs a reason, shows in the panel, and new arrivals update the queue live', async ({
    freshApp: page,
    freshHarness: harness,
  }) => {
    await openFreshQueue(page);
    const file = join(harness.dataDir, 'one.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'o-1', text: 'Can I change my appointment to Tuesday?', from: 'sam' })}\n`,
    );
    await importThrough(page, harness, [file]);
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByTestId('queue-row').first().click();
    await page.getByRole('button', { name: 'Change tier…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the tier' });
    await dialog.getByRole('radiogroup', { name: 'Tier' }).getByText('Urgent', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Change tier' }).click();
    await expect(dialog.getByText(/Say why/)).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Phoned: her interview is tomorrow morning.');
    await dialog.getByRole('button', { name: 'Change tier' }).click();
    await expect(page.getByTestId('tier-override')).toContainText(
      'Phoned: her interview is tomorrow morning.',
    );
    await expect(page.getByTestId('message-tier')).toHaveText('Urgent');

    // A message arriving by another route (here the bridge, as the watched folder would) appears at once.
    const later = join(harness.dataDir, 'later.jsonl');
    writeFileSync(later, `${JSON.stringify({ id: 'o-2', text: 'Thanks for yesterday!', from: 'ria' })}\n`);
    await page.evaluate((path) => window.outpost!.call('messages.import', { files: [path] }), later);
    await expect(page.getByTestId('queue-row')).toHaveCount(2);
    await expect(page.getByTestId('queue-announcement')).toContainText('1 new message arrived');
  });
});
