import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import {
  createClient,
  main,
  noteEditor,
  openExistingClient,
  openRecordTab,
  openSection,
  uniqueWord,
} from './recordsPages.ts';

/**
 * Record-keeping settings end to end, through the real core: the practitioner name and
 * the consent warning period (Settings › Records), custom note templates (Sessions) and
 * the retention review (Clients). The harness is shared by the worker, so every test names
 * its clients and templates with a run-unique word and puts back the settings it changed.
 */

const DEFAULT_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const recordsSettings = (page: Page) => page.getByTestId('records-settings');

async function updateSettings(
  page: Page,
  changes: { practitionerName?: string; consentWarningDays?: number },
): Promise<void> {
  const reply = await page.evaluate((input) => window.outpost!.call('vault.updateSettings', input), changes);
  expect(reply).toHaveProperty('result');
}

/** Opens New note for the open client, picks the template and the way of working. */
async function openNewNote(page: Page, template: string | null): Promise<Locator> {
  await openRecordTab(page, 'Sessions');
  await main(page)
    .getByRole('button', { name: /^New note/ })
    .click();
  const dialog = page.getByRole('dialog', { name: /^New session note for / });
  await expect(dialog).toBeVisible();
  if (template !== null) {
    await dialog.getByRole('button', { name: /Template/ }).click();
    await page.getByRole('option', { name: template, exact: true }).click();
    await expect(dialog.getByRole('button', { name: /Template/ })).toContainText(template);
  }
  await expect(dialog.getByRole('button', { name: /Way of working/ })).toContainText('In person');
  return dialog;
}

test.describe('record-keeping settings', () => {
  test('the practitioner name set in Settings signs a note without asking', async ({ app: page }) => {
    const practitioner = uniqueWord('Robin Counsellor ');
    const client = uniqueWord('Signwell');
    await updateSettings(page, { practitionerName: '' });

    await openSection(page, 'Settings');
    const panel = recordsSettings(page);
    await expect(panel.getByRole('heading', { name: 'Records' })).toBeVisible();
    const nameField = panel.getByLabel('Your name on signed notes');
    await expect(nameField).toHaveValue('');
    await nameField.fill(practitioner);
    await panel.getByRole('button', { name: 'Save records settings' }).click();
    await expect(panel.getByRole('status')).toContainText(`Notes and addenda are signed as ${practitioner}`);

    await createClient(page, client);
    const dialog = await openNewNote(page, null);
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(dialog).toBeHidden();
    const data = noteEditor(page).getByRole('textbox', { name: 'Data', exact: true });
    await data.fill('Talked through three training routes.');
    await expect(page.getByTestId('save-status')).toHaveText(/^Saved at \d/, { timeout: 10_000 });

    await noteEditor(page)
      .getByRole('button', { name: /^Sign…/ })
      .click();
    const sign = page.getByRole('alertdialog', { name: 'Sign this note?' });
    await expect(sign).toContainText(`Signed as ${practitioner}.`);
    await expect(sign.getByLabel(/Your name, as it will appear on signed notes/)).toHaveCount(0);
    await sign.getByRole('button', { name: 'Sign note' }).click();
    await expect(sign).toBeHidden();
    await expect(page.getByTestId('signature')).toContainText(practitioner);
  });

  test('a longer warning period shows consent expiring in 45 days as expiring soon', async ({
    app: page,
  }) => {
    const client = uniqueWord('Farexpiry');
    await updateSettings(page, { consentWarningDays: DEFAULT_WARNING_DAYS });
    try {
      await createClient(page, client);
      const recorded = await page.evaluate(
        async ({ name, expiresAt }) => {
          const bridge = window.outpost!;
          const list = (await bridge.call('clients.list', { status: 'all', limit: 1000 })) as {
            result: { clients: { id: string; displayName: string }[] };
          };
          const found = list.result.clients.find((entry) => entry.displayName === name);
          const texts = (await bridge.call('consent.templates', {})) as {
            result: {
              templates: { id: string; kind: string; version: number; checklist: { key: string }[] }[];
            };
          };
          const template = texts.result.templates
            .filter((entry) => entry.kind === 'distance_counselling')
            .sort((a, b) => b.version - a.version)[0];
          if (found === undefined || template === undefined) return { error: 'client or text missing' };
          return bridge.call('consent.record', {
            clientId: found.id,
            templateId: template.id,
            givenAt: new Date().toISOString(),
            method: 'electronic',
            modalities: ['email'],
            explained: template.checklist.map((point) => point.key),
            expiresAt,
          });
        },
        { name: client, expiresAt: new Date(Date.now() + 45 * DAY_MS).toISOString() },
      );
      expect(recorded).toHaveProperty('result');

      // With the 30-day default it is simply in force.
      await openRecordTab(page, 'Consent');
      const status = main(page).getByTestId('consent-status-distance_counselling');
      await expect(status).toContainText('Active');
      await expect(status).not.toContainText('Expiring soon');

      await openSection(page, 'Settings');
      const panel = recordsSettings(page);
      const days = panel.getByRole('textbox', { name: 'Warn about consents expiring within' });
      await expect(days).toHaveValue(String(DEFAULT_WARNING_DAYS));
      // An empty period is refused next to the field, and nothing is saved.
      await days.fill('');
      await days.press('Tab');
      await expect(panel.getByText('Enter a whole number of days from 1 to 365.')).toBeVisible();
      await expect(days).toHaveAttribute('aria-invalid', 'true');
      await panel.getByRole('button', { name: 'Save records settings' }).click();
      await expect(panel.getByRole('status')).toHaveCount(0);
      await days.fill('60');
      await days.press('Tab');
      await expect(panel.getByText('Enter a whole number of days from 1 to 365.')).toHaveCount(0);
      await panel.getByRole('button', { name: 'Save records settings' }).click();
      await expect(panel.getByRole('status')).toContainText('within 60 days');
      await expect(panel.getByText('Enter a whole number of days from 1 to 365.')).toHaveCount(0);

      await openExistingClient(page, client);
      await openRecordTab(page, 'Consent');
      await expect(main(page).getByTestId('consent-status-distance_counselling')).toContainText(
        'Expiring soon',
      );
    } finally {
      await updateSettings(page, { consentWarningDays: DEFAULT_WARNING_DAYS });
    }
  });

  test('a custom template with two sections is offered when starting a note', async ({ app: page }) => {
    const templateName = uniqueWord('Group session ');
    const client = uniqueWord('Templated');

    await createClient(page, client);
    await openSection(page, 'Sessions');
    const panel = page.getByTestId('note-templates');
    const dap = panel.getByTestId('note-template').filter({ hasText: 'DAP' }).first();
    await expect(dap).toContainText('Built in');

    await panel.getByRole('button', { name: 'New template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New note template' });
    await expect(dialog.getByLabel(/Template name/)).toBeFocused();
    // Nothing filled in: each missing part is named next to its field.
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await expect(dialog.getByText(/Give the template a name/)).toBeVisible();
    await expect(dialog.getByText('Give this section a label, or remove it.')).toBeVisible();

    await dialog.getByLabel(/Template name/).fill(templateName);
    await dialog.getByLabel(/Section 1 label/).fill('Next steps!');
    await dialog.getByRole('button', { name: 'Add section' }).click();
    const second = dialog.getByLabel(/Section 2 label/);
    await expect(second).toBeFocused();
    await second.fill('Group themes');
    await dialog.getByLabel(/Section 2 hint/).fill('What the group kept coming back to.');
    // Reorder: the second section moves to the top, and focus stays with it.
    await dialog.getByRole('button', { name: 'Move section 2 up' }).click();
    await expect(dialog.getByLabel(/Section 1 label/)).toHaveValue('Group themes');
    await expect(dialog.getByLabel(/Section 2 label/)).toHaveValue('Next steps!');
    await expect(dialog.getByRole('button', { name: 'Move section 1 down' })).toBeFocused();
    await expect(dialog.getByTestId('template-section').nth(1)).toContainText('Stored as next_steps');
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('status')).toContainText(templateName);
    const mine = panel.getByTestId('note-template').filter({ hasText: templateName });
    await expect(mine).toContainText('Group themes · Next steps!');
    await expect(mine).not.toContainText('Built in');

    await openExistingClient(page, client);
    const newNote = await openNewNote(page, templateName);
    await expect(newNote).toContainText('Sections: Group themes, Next steps!.');
    await newNote.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(newNote).toBeHidden();
    const fields = noteEditor(page).getByRole('textbox');
    await expect(noteEditor(page).getByRole('textbox', { name: 'Group themes', exact: true })).toBeVisible();
    await expect(noteEditor(page).getByRole('textbox', { name: 'Next steps!', exact: true })).toBeVisible();
    await expect(noteEditor(page).getByText('What the group kept coming back to.')).toBeVisible();
    await expect(noteEditor(page).getByRole('textbox', { name: 'Data', exact: true })).toHaveCount(0);
    expect(await fields.count()).toBeGreaterThanOrEqual(2);
  });

  test('retention: no inactive clients in a new vault, and changing the period asks the core again', async ({
    app: page,
  }) => {
    await createClient(page, uniqueWord('Recent'));
    await main(page).getByRole('button', { name: 'Close', exact: true }).click();
    const panel = page.getByTestId('retention');
    await expect(panel.getByRole('heading', { name: 'Retention' })).toBeVisible();
    const years = panel.getByRole('textbox', { name: 'Clients with no activity for' });
    await expect(years).toHaveValue('7');
    const empty = panel.getByTestId('retention-empty');
    await expect(empty).toContainText('No client has been inactive for 7 years or more.');
    await expect(empty).toContainText('This rule helps you keep records no longer than you need them.');

    await years.fill('1');
    await years.press('Enter');
    // The sentence names the period the core answered for, so it changes only after the new query.
    await expect(empty).toContainText('No client has been inactive for 1 year or more.');
    await expect(panel.getByTestId('retention-candidate')).toHaveCount(0);

    await years.fill('');
    await years.press('Tab');
    await expect(panel.getByText('Enter a whole number of years from 1 to 100.')).toBeVisible();
    await expect(empty).toContainText('1 year or more.');
  });
});
