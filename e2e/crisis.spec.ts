import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEFAULT_CRISIS_RESOURCES } from '../shared/domain/crisisResources.std.ts';
import { TEST_PASSPHRASE, expect, test } from './fixtures.ts';
import { openSection, uniqueWord } from './recordsPages.ts';
import { runOutpost } from '../electron/cli/testing/runOutpost.node.ts';

/**
 * Crisis handling end to end, through the real core: a crisis-tier import raises the alert
 * with the chosen region's crisis resources and no client text; the region and the list
 * are edited in Settings › Crisis resources. The harness is shared by the worker, so each
 * test imports messages with run-unique text and puts the default list back afterwards.
 */

let folder: string;
test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'outpost-crisis-e2e-'));
});
test.afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});
test.afterEach(async ({ page }) => {
  await page.evaluate(
    (crisisResources) => window.outpost!.call('vault.updateSettings', { crisisResources }),
    DEFAULT_CRISIS_RESOURCES,
  );
});

/** Imports one crisis-tier text message through the page's own bridge; returns its words. */
async function importCrisisMessage(page: Page): Promise<string> {
  const marker = uniqueWord('Wren');
  const text = `${marker}: I've got 40 paracetamol lined up for tonight. Sorry.`;
  const file = join(folder, `${marker}.jsonl`);
  writeFileSync(
    file,
    `${JSON.stringify({ id: marker, text, channel: 'sms', from: '+44 7700 900123', received_at: new Date().toISOString() })}\n`,
  );
  const reply = await page.evaluate(
    (path) => window.outpost!.call('messages.import', { files: [path] }),
    file,
  );
  expect(reply).toMatchObject({ result: { files: [{ outcome: 'imported', crisis: [expect.any(String)] }] } });
  return marker;
}

const crisisAlert = (page: Page) => page.getByTestId('crisis-alert');
const crisisSettings = (page: Page) => page.getByTestId('crisis-resources-settings');

test.describe('crisis handling', () => {
  test('a crisis arrival raises the alert with the region’s resources and no client text', async ({
    app: page,
  }) => {
    const marker = await importCrisisMessage(page);

    const alert = crisisAlert(page);
    await expect(alert.getByRole('heading', { name: 'A crisis message arrived' })).toBeVisible();
    await expect(alert.getByRole('alert')).toContainText('A crisis message arrived');
    const row = alert.getByTestId('crisis-message');
    await expect(row).toContainText('Crisis');
    await expect(row).toContainText('Text message');
    await expect(row).toContainText('received');
    await expect(alert).not.toContainText(marker);
    await expect(alert).not.toContainText('paracetamol');
    await expect(alert).not.toContainText('7700');

    const resources = alert.getByRole('list', { name: 'Crisis resources for United Kingdom' });
    await expect(resources).toContainText('999');
    await expect(resources).toContainText('Samaritans');
    await expect(resources).toContainText('116 123');
    await expect(resources).toContainText('85258');
    await expect(alert.getByRole('button', { name: 'Copy phone number for Samaritans' })).toBeVisible();

    // A second arrival stacks into the same alert.
    await importCrisisMessage(page);
    await expect(alert.getByRole('heading', { name: '2 crisis messages arrived' })).toBeVisible();
    await expect(alert.getByTestId('crisis-message')).toHaveCount(2);

    // "Open message" asks the queue to open it and shows the Queue section; the alert stays.
    await alert.getByRole('button', { name: 'Open message 1 in the queue' }).click();
    await expect(page.getByRole('tab', { name: /^Queue/ })).toHaveAttribute('aria-selected', 'true');
    await expect(alert).toBeVisible();

    // Locking does not clear it: an auto-lock must not hide a crisis nobody has seen.
    await page.evaluate(() => window.outpost!.call('vault.lock', { reason: 'idle' }));
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(alert.getByRole('heading', { name: '2 crisis messages arrived' })).toBeVisible();
    await expect(alert.getByRole('list', { name: 'Crisis resources for United Kingdom' })).toContainText(
      '999',
    );

    await alert.getByRole('button', { name: 'I’ve seen this' }).click();
    await expect(alert).toBeHidden();
  });

  test('the alert leaves a half-typed field alone: focus and text stay where they were', async ({
    app: page,
  }) => {
    await openSection(page, 'Settings');
    const nameField = page.getByTestId('records-settings').getByLabel('Your name on signed notes');
    await nameField.fill('');
    await nameField.pressSequentially('Robin Coun');

    await importCrisisMessage(page);
    await expect(crisisAlert(page)).toBeVisible();
    await expect(nameField).toBeFocused();
    await page.keyboard.type('sellor');
    await expect(nameField).toHaveValue('Robin Counsellor');

    // Acknowledged from the keyboard, focus goes back to the field it came from.
    await crisisAlert(page).getByRole('button', { name: 'I’ve seen this' }).focus();
    await page.keyboard.press('Enter');
    await expect(crisisAlert(page)).toBeHidden();
    await expect(nameField).toBeFocused();
    await expect(nameField).toHaveValue('Robin Counsellor');
  });

  test('the region chosen in Settings is the one the next alert shows', async ({ app: page }) => {
    await openSection(page, 'Settings');
    const panel = crisisSettings(page);
    await expect(panel.getByRole('heading', { name: 'Crisis resources' })).toBeVisible();
    await panel.getByRole('button', { name: /Region shown in crisis alerts/ }).click();
    await page.getByRole('option', { name: 'Ireland', exact: true }).click();
    await panel.getByRole('button', { name: 'Save crisis resources' }).click();
    await expect(panel.getByRole('status')).toContainText('Saved. Crisis alerts now show these resources.');

    await importCrisisMessage(page);
    const alert = crisisAlert(page);
    const resources = alert.getByRole('list', { name: 'Crisis resources for Ireland' });
    await expect(resources).toContainText('112');
    await expect(resources).toContainText('50808');
    await expect(resources).toContainText('1800 247 247');
    await expect(alert).not.toContainText('85258');
    await alert.getByRole('button', { name: 'I’ve seen this' }).click();
    await expect(alert).toBeHidden();
  });

  test('an edited and added resource persists across a reload and shows in the alert', async ({
    app: page,
  }) => {
    const team = uniqueWord('Duty team ');
    await openSection(page, 'Settings');
    const panel = crisisSettings(page);
    await expect(panel.getByRole('heading', { name: 'Editing United Kingdom' })).toBeVisible();

    // A bad number is refused with a clear reason, and nothing is saved.
    await panel.getByRole('button', { name: 'Add resource to United Kingdom' }).click();
    const added = panel.getByRole('group', { name: 'Resource 5' });
    await expect(added.getByLabel('Name')).toBeFocused();
    await added.getByLabel('Name').fill(team);
    await panel
      .getByRole('group', { name: `Resource 5: ${team}` })
      .getByLabel('Phone')
      .fill('01632-960 000');
    await panel.getByRole('button', { name: 'Save crisis resources' }).click();
    const newResource = panel.getByRole('group', { name: `Resource 5: ${team}` });
    await expect(newResource.getByLabel('Phone')).toHaveAttribute('aria-invalid', 'true');
    await expect(newResource).toContainText(
      'A phone number may hold only digits and spaces, with an optional + at the start.',
    );
    await expect(panel).toContainText(
      `United Kingdom, resource 5 (${team}): A phone number may hold only digits`,
    );

    await newResource.getByLabel('Phone').fill('01632 960 000');
    await newResource.getByLabel('Hours').fill('Evenings');
    // Move it to the top, from the keyboard's point of view: focus follows the moved resource.
    for (let step = 0; step < 4; step++) await panel.getByRole('button', { name: `Move ${team} up` }).click();
    await expect(panel.getByRole('group', { name: `Resource 1: ${team}` })).toBeVisible();
    await expect(panel.getByRole('button', { name: `Move ${team} down` })).toBeFocused();
    // And Samaritans' hours edited.
    await panel
      .getByRole('group', { name: 'Resource 3: Samaritans' })
      .getByLabel('Hours')
      .fill('Day and night');
    await panel.getByRole('button', { name: 'Save crisis resources' }).click();
    await expect(panel.getByRole('status')).toContainText('Saved.');

    await page.reload();
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    await openSection(page, 'Settings');
    const reloaded = crisisSettings(page);
    const first = reloaded.getByRole('group', { name: `Resource 1: ${team}` });
    await expect(first.getByLabel('Phone')).toHaveValue('01632 960 000');
    await expect(first.getByLabel('Hours')).toHaveValue('Evenings');
    await expect(
      reloaded.getByRole('group', { name: 'Resource 3: Samaritans' }).getByLabel('Hours'),
    ).toHaveValue('Day and night');

    await importCrisisMessage(page);
    const resources = crisisAlert(page).getByRole('list', { name: 'Crisis resources for United Kingdom' });
    await expect(resources.getByRole('listitem').first()).toContainText(team);
    await expect(resources.getByRole('listitem').first()).toContainText('01632 960 000');
    await crisisAlert(page).getByRole('button', { name: 'I’ve seen this' }).click();

    // Restoring the defaults asks first, then puts the list back.
    await reloaded.getByRole('button', { name: 'Restore defaults…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Restore the default crisis resources?' });
    await confirm.getByRole('button', { name: 'Restore defaults' }).click();
    await expect(confirm).toBeHidden();
    await expect(reloaded.getByRole('status')).toContainText('Defaults restored and saved.');
    await expect(reloaded.getByRole('group', { name: `Resource 1: ${team}` })).toHaveCount(0);
    await expect(reloaded.getByRole('group', { name: 'Resource 1: Emergency services' })).toBeVisible();
  });

  test('crisis messages imported from the command line while the app was closed raise the alert at unlock', async ({
    freshApp: page,
    freshHarness,
  }) => {
    await page.evaluate(
      (passphrase) => window.outpost!.call('vault.create', { passphrase }),
      TEST_PASSPHRASE,
    );
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    await expect(crisisAlert(page)).toBeHidden();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    const passphraseField = page.getByLabel('Passphrase', { exact: true });
    await expect(passphraseField).toBeVisible();

    // The administrator's nightly script, say: `outpost import` with the app locked.
    const passphraseFile = join(freshHarness.dataDir, 'pass');
    writeFileSync(passphraseFile, `${TEST_PASSPHRASE}\n`);
    const file = join(freshHarness.dataDir, 'overnight.jsonl');
    writeFileSync(
      file,
      [
        {
          id: 'night-1',
          text: 'Could we go over my CV next week?',
          channel: 'email',
          from: 'sam@example.org',
        },
        {
          id: 'night-2',
          text: "I've got 40 paracetamol lined up for tonight. Sorry.",
          channel: 'sms',
          from: '+44 7700 900456',
        },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    const run = await runOutpost(
      'import',
      '--vault',
      freshHarness.vaultDir,
      '--passphrase-file',
      passphraseFile,
      file,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 CRISIS');

    await passphraseField.fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    const alert = crisisAlert(page);
    await expect(alert.getByRole('heading', { name: 'A crisis message arrived' })).toBeVisible();
    await expect(alert.getByTestId('crisis-message')).toHaveCount(1);
    await expect(alert.getByTestId('crisis-message')).toContainText('Text message');
    await expect(alert).not.toContainText('paracetamol');
    await alert.getByRole('button', { name: 'Open message 1 in the queue' }).click();
    await expect(page.getByRole('tab', { name: /^Queue/ })).toHaveAttribute('aria-selected', 'true');
    await alert.getByRole('button', { name: 'I’ve seen this' }).click();
    await expect(alert).toBeHidden();

    // Announced once: the next unlock does not raise it again.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await passphraseField.fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    await expect(page.getByRole('tab', { name: /^Queue/ })).toBeVisible();
    await expect(alert).toBeHidden();
  });
});
