import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { describeError } from '../shared/rpc/errors.std.ts';
import { expect, test, TEST_PASSPHRASE } from './fixtures.ts';
import {
  clientHeading,
  createClient,
  main,
  noteEditor,
  openExistingClient,
  openRecordTab,
  openSection,
  uniqueWord,
} from './recordsPages.ts';

/**
 * Client records end to end, through the real core: clients, consent, session notes
 * with autosave and signing, search, the timeline and erasure. The harness is shared by
 * the worker, so every test names its clients with a run-unique word.
 */

const CONSENT_REQUIRED_SENTENCE = describeError('CONSENT_REQUIRED');

const saveStatus = (page: Page) => page.getByTestId('save-status');

async function tick(scope: Locator, label: string): Promise<void> {
  const box = scope.getByRole('checkbox', { name: label, exact: true });
  if (!(await box.isChecked())) await scope.getByText(label, { exact: true }).click();
  await expect(box).toBeChecked();
}

/** Records distance-counselling consent covering email, every checklist point explained. */
async function recordEmailConsent(page: Page): Promise<void> {
  await openRecordTab(page, 'Consent');
  await main(page).getByRole('button', { name: 'Record consent', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Record consent for / });
  await expect(
    dialog.getByRole('heading', { name: 'Informed consent for distance counselling' }),
  ).toBeVisible();
  await tick(dialog, 'Email');
  for (const point of [
    'Benefits and limits of distance counselling',
    'Confidentiality and its limits',
    'How records are stored and encrypted',
    'Emergency procedure',
    'What happens if the technology fails',
    'How identity is verified',
  ]) {
    await tick(dialog, point);
  }
  await expect(dialog.getByText('Every point was explained.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Record consent', exact: true }).click();
  await expect(dialog).toBeHidden();
  const status = main(page).getByTestId('consent-status-distance_counselling');
  await expect(status).toContainText('Active');
  await expect(status).toContainText('Covers email');
}

/** Opens New note and fills the dialog; returns the dialog so the caller can submit or inspect it. */
async function startNewNote(page: Page, modality: 'Email' | 'In person'): Promise<Locator> {
  await openRecordTab(page, 'Sessions');
  await main(page)
    .getByRole('button', { name: /^New note/ })
    .click();
  const dialog = page.getByRole('dialog', { name: /^New session note for / });
  await expect(dialog).toBeVisible();
  // The template defaults to DAP; the way of working to the client's first channel.
  await expect(dialog.getByRole('button', { name: /Template/ })).toContainText('DAP');
  await dialog.getByRole('button', { name: /Way of working/ }).click();
  await page.getByRole('option', { name: modality, exact: true }).click();
  await expect(dialog.getByRole('button', { name: /Way of working/ })).toContainText(modality);
  return dialog;
}

async function writeSection(page: Page, section: string, text: string): Promise<void> {
  const field = noteEditor(page).getByRole('textbox', { name: section, exact: true });
  await field.click();
  await field.press('Control+End');
  await field.pressSequentially(text, { delay: 5 });
}

async function waitForSaved(page: Page): Promise<void> {
  await expect(saveStatus(page)).toHaveText(/^Saved at \d/, { timeout: 10_000 });
}

async function signOpenNote(page: Page, practitionerName: string | null): Promise<void> {
  await noteEditor(page)
    .getByRole('button', { name: /^Sign…/ })
    .click();
  const dialog = page.getByRole('alertdialog', { name: 'Sign this note?' });
  await expect(dialog).toContainText('Signing makes the note final');
  if (practitionerName !== null) {
    const nameField = dialog.getByLabel(/Your name, as it will appear on signed notes/);
    await dialog.getByRole('button', { name: 'Sign note' }).click();
    // The name is required when the vault has none; the refusal is next to the field.
    await expect(dialog.getByText('Enter your name as it should appear on signed notes.')).toBeVisible();
    await nameField.fill(practitionerName);
  }
  await dialog.getByRole('button', { name: 'Sign note' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('note-signed')).toBeVisible();
}

async function searchFor(page: Page, text: string): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('searchbox', { name: 'Search clients and notes' });
  await expect(box).toBeFocused();
  await box.fill(text);
  return page.getByTestId('search-results');
}

async function setPractitionerName(page: Page, name: string): Promise<void> {
  const reply = await page.evaluate(
    (practitionerName) => window.outpost!.call('vault.updateSettings', { practitionerName }),
    name,
  );
  expect(reply).toHaveProperty('result.practitionerName', name);
}

test.describe('client records', () => {
  test('a client, their email consent, a signed DAP note, then search and the timeline find them', async ({
    app: page,
  }) => {
    const name = uniqueWord('Riverstone');
    const keyword = uniqueWord('apprenticeship');
    // A vault with no practitioner name yet: signing must ask for one.
    await setPractitionerName(page, '');

    await createClient(page, name, 'river@example.org');
    await expect(main(page).getByRole('option', { name: new RegExp(name) })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    await recordEmailConsent(page);

    const dialog = await startNewNote(page, 'Email');
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(noteEditor(page).getByRole('heading', { name: 'DAP note' })).toBeVisible();
    await expect(noteEditor(page).getByText('What the client said and what you observed.')).toBeVisible();

    await writeSection(page, 'Data', `Asked about the ${keyword} in welding.`);
    await expect(saveStatus(page)).toHaveText(/Unsaved changes|Saving…/);
    await writeSection(page, 'Assessment', 'Moderate readiness; money is the main pressure.');
    await writeSection(page, 'Plan', 'Send the list of providers by Friday.');
    await waitForSaved(page);

    await signOpenNote(page, 'Alex Counsellor');
    const signature = page.getByTestId('signature');
    await expect(signature).toContainText('Alex Counsellor');
    await expect(signature.locator('code.hash')).toHaveText(/^[0-9a-f]{12}…$/);

    // Search finds the note by a word in its text, with the word marked.
    const results = await searchFor(page, keyword);
    const noteHit = results.getByRole('option', { name: new RegExp(keyword) });
    await expect(noteHit).toHaveCount(1);
    await expect(results.getByRole('group', { name: /Session notes/ })).toBeVisible();
    await expect(noteHit.locator('mark')).toHaveText(keyword);
    // A note hit says whose note it is.
    await expect(noteHit).toContainText(name);
    await noteHit.click();
    await expect(clientHeading(page)).toHaveText(name);
    await expect(page.getByTestId('note-signed')).toContainText(keyword);

    // The timeline lists the session and the consent, newest first.
    await openRecordTab(page, 'Timeline');
    const timeline = page.getByTestId('timeline');
    await expect(timeline.locator('li[data-kind="note"]')).toContainText('Session (email, written)');
    await expect(timeline.locator('li[data-kind="note"]')).toContainText('Signed by Alex Counsellor');
    await expect(timeline.locator('li[data-kind="consent_given"]')).toContainText(
      'Consent given: distance counselling',
    );
    await expect(timeline.locator('li[data-kind="client_created"]')).toHaveCount(1);
    const times = await timeline
      .locator('li time')
      .evaluateAll((items) => items.map((item) => Date.parse(item.getAttribute('datetime') ?? '')));
    expect(times).toHaveLength(3);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('a note by email without consent is refused with the reason, then allowed with an override', async ({
    app: page,
  }) => {
    const name = uniqueWord('Noconsent');
    await createClient(page, name, 'nc@example.org');
    await openRecordTab(page, 'Consent');
    await expect(main(page).getByTestId('consent-status-distance_counselling')).toContainText('Missing');

    const dialog = await startNewNote(page, 'Email');
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    const refusal = dialog.getByTestId('consent-refused');
    await expect(refusal.getByRole('alert')).toContainText(CONSENT_REQUIRED_SENTENCE);
    await expect(refusal.getByRole('button', { name: 'Record consent' })).toBeVisible();
    // Nothing was created by the refused attempt.
    await expect(dialog).toBeVisible();

    await refusal.getByRole('button', { name: 'Go ahead anyway (e.g. crisis contact)' }).click();
    const reason = dialog.getByLabel(/Reason for going ahead without consent/);
    await expect(reason).toBeFocused();
    await dialog.getByRole('button', { name: 'Start note without consent' }).click();
    await expect(dialog.getByText(/Give the reason in at least 5 characters/)).toBeVisible();
    await reason.fill('Crisis contact: client at risk tonight');
    await dialog.getByRole('button', { name: 'Start note without consent' }).click();
    await expect(dialog).toBeHidden();
    await expect(noteEditor(page)).toContainText('Started without consent in force.');
    await expect(noteEditor(page)).toContainText('Crisis contact: client at risk tonight');
  });

  test('typing is autosaved and survives a reload and a lock', async ({ app: page }) => {
    const name = uniqueWord('Autosave');
    const text = `Wants part-time work near ${uniqueWord('harbour')}`;
    await createClient(page, name, null);
    const dialog = await startNewNote(page, 'In person');
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(dialog).toBeHidden();

    await writeSection(page, 'Data', text);
    // No Save, no blur: only the timer after the last keystroke saves it.
    await page.waitForTimeout(1_200);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();

    // Locking closes the database; what reopens must have come from disk.
    await page.evaluate(() => window.outpost!.call('vault.lock', { reason: 'manual' }));
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();

    await openExistingClient(page, name);
    await openRecordTab(page, 'Sessions');
    await main(page)
      .getByRole('option', { name: /DAP note/ })
      .click();
    await expect(noteEditor(page).getByRole('textbox', { name: 'Data', exact: true })).toHaveValue(text);
  });

  test('locking straight after typing saves the typing first', async ({ app: page }) => {
    const name = uniqueWord('Quicklock');
    const text = `Call the ${uniqueWord('training')} centre on Monday`;
    await createClient(page, name, null);
    const dialog = await startNewNote(page, 'In person');
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(dialog).toBeHidden();

    await writeSection(page, 'Data', text);
    // Well inside the autosave delay: only the flush before locking can save this.
    await page.keyboard.press('Control+l');
    await expect(page.getByLabel('Passphrase', { exact: true })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();

    await openExistingClient(page, name);
    await openRecordTab(page, 'Sessions');
    await main(page)
      .getByRole('option', { name: /DAP note/ })
      .click();
    await expect(noteEditor(page).getByRole('textbox', { name: 'Data', exact: true })).toHaveValue(text);
  });

  test('a slow save never loses newer typing', async ({ app: page }) => {
    const name = uniqueWord('Slowsave');
    await createClient(page, name, null);
    const dialog = await startNewNote(page, 'In person');
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(dialog).toBeHidden();

    // Hold every saveDraft for a second on its way to the engine.
    await page.routeWebSocket(/\/rpc\?token=/, (pageSide) => {
      const engineSide = pageSide.connectToServer();
      pageSide.onMessage((message) => {
        if (message.toString().includes('"notes.saveDraft"')) {
          setTimeout(() => engineSide.send(message), 1_000);
        } else engineSide.send(message);
      });
    });
    await page.reload();
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    await openExistingClient(page, name);
    await openRecordTab(page, 'Sessions');
    await main(page)
      .getByRole('option', { name: /DAP note/ })
      .click();

    await writeSection(page, 'Plan', 'first part');
    await expect(saveStatus(page)).toHaveText('Saving…');
    // Typed while the first save is still on its way.
    await writeSection(page, 'Plan', ', second part');
    await waitForSaved(page);

    const stored = await page.evaluate(async () => {
      const bridge = window.outpost!;
      const clients = (await bridge.call('clients.list', { status: 'all', limit: 1000 })) as {
        result: { clients: { id: string; displayName: string }[] };
      };
      return clients.result.clients;
    });
    const client = stored.find((candidate) => candidate.displayName === name);
    expect(client).toBeDefined();
    const notes = (await page.evaluate(
      (clientId) => window.outpost!.call('notes.forClient', { clientId }),
      client!.id,
    )) as { result: { notes: { content: Record<string, string> }[] } };
    expect(notes.result.notes[0]?.content.plan).toBe('first part, second part');
  });

  test('a signed note is read-only and takes an addendum and a co-signature', async ({ app: page }) => {
    const name = uniqueWord('Signed');
    await setPractitionerName(page, 'Sam Practitioner');
    await createClient(page, name, null);
    const dialog = await startNewNote(page, 'In person');
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await writeSection(page, 'Data', 'Brought a CV draft.');
    // Ctrl+Enter opens the same confirmation as the Sign button.
    await page.keyboard.press('Control+Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Sign this note?' });
    await expect(confirm).toContainText('Signed as Sam Practitioner');
    await confirm.getByRole('button', { name: 'Sign note' }).click();
    await expect(confirm).toBeHidden();

    const signed = page.getByTestId('note-signed');
    const data = signed.getByRole('textbox', { name: 'Data', exact: true });
    await expect(data).toHaveValue('Brought a CV draft.');
    await expect(data).not.toBeEditable();
    await expect(signed.getByRole('button', { name: /^Sign/ })).toHaveCount(0);

    await signed.getByRole('button', { name: 'Add addendum' }).click();
    await expect(signed.getByText('Write the addendum first.')).toBeVisible();
    await signed.getByLabel('New addendum').fill('Client emailed the final CV on Monday.');
    await signed.getByRole('button', { name: 'Add addendum' }).click();
    await expect(signed.getByTestId('addenda')).toContainText('Client emailed the final CV on Monday.');
    await expect(signed.getByTestId('addenda')).toContainText('Sam Practitioner');

    await signed.getByRole('button', { name: 'Co-sign as supervisor…' }).click();
    const cosign = page.getByRole('dialog', { name: 'Co-sign this note' });
    await cosign.getByLabel(/Supervisor's name/).fill('Dr Kim Supervisor');
    await cosign.getByRole('button', { name: 'Co-sign', exact: true }).click();
    await expect(page.getByTestId('signature')).toContainText('Dr Kim Supervisor');

    // The core refuses to change a signed note, whatever the page does.
    const noteId = await page.evaluate(async (clientName) => {
      const bridge = window.outpost!;
      const list = (await bridge.call('clients.list', { status: 'all', limit: 1000 })) as {
        result: { clients: { id: string; displayName: string }[] };
      };
      const client = list.result.clients.find((candidate) => candidate.displayName === clientName)!;
      const notes = (await bridge.call('notes.forClient', { clientId: client.id })) as {
        result: { notes: { id: string }[] };
      };
      return notes.result.notes[0]!.id;
    }, name);
    const refused = await page.evaluate(
      (id) => window.outpost!.call('notes.saveDraft', { id, content: { data: 'changed' } }),
      noteId,
    );
    expect(refused).toMatchObject({ error: { code: 'NOTE_SIGNED' } });
  });

  test('erasing a client asks for the name, then removes them from the list and from search', async ({
    app: page,
  }) => {
    const name = uniqueWord('Erasable');
    await createClient(page, name, `${name.toLowerCase()}@example.org`);

    let results = await searchFor(page, name);
    await expect(results.getByRole('option', { name: new RegExp(name) })).toHaveCount(1);
    await page.keyboard.press('Escape');

    await main(page).getByRole('button', { name: 'Erase…' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Erase ${name}?` });
    await expect(dialog).toContainText('permanently removes every record of this client');
    const erase = dialog.getByRole('button', { name: 'Erase permanently' });
    await expect(erase).toBeDisabled();
    await dialog.getByLabel(/Type the client's name/).fill(`${name}x`);
    await expect(erase).toBeDisabled();
    await dialog.getByLabel(/Type the client's name/).fill(name);
    await erase.click();
    await expect(dialog).toBeHidden();

    await expect(clientHeading(page)).toBeHidden();
    await main(page).getByRole('radio', { name: 'All' }).check({ force: true });
    await expect(main(page).getByRole('listbox', { name: 'Clients' })).toBeVisible();
    await expect(main(page).getByRole('option', { name: new RegExp(name) })).toHaveCount(0);

    results = await searchFor(page, name);
    await expect(results).toContainText(`Nothing matches “${name}”`);
    await expect(results.getByRole('option')).toHaveCount(0);
  });

  test('new client form: pseudonymous hides the legal name, readiness shows the service level, fields explain errors', async ({
    app: page,
  }) => {
    await openSection(page, 'Clients');
    await main(page).getByRole('button', { name: 'New client' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client' });
    await expect(dialog.getByLabel('Legal name')).toBeVisible();

    await dialog.getByText('Pseudonymous (alias only)').click();
    await expect(dialog.getByLabel('Legal name')).toHaveCount(0);
    const aliasField = dialog.getByRole('textbox', { name: /^Alias/ });
    await expect(aliasField).toBeVisible();

    const level = dialog.getByTestId('service-level');
    await expect(level).toContainText('Set both capability and complexity');
    await dialog.getByRole('radiogroup', { name: 'Capability' }).getByText('Low').click();
    await dialog.getByRole('radiogroup', { name: 'Complexity' }).getByText('High').click();
    await expect(level).toContainText('Individual case-managed');
    await expect(level).toContainText('Low capability and high complexity');
    await dialog.getByRole('radiogroup', { name: 'Capability' }).getByText('High').click();
    await dialog.getByRole('radiogroup', { name: 'Complexity' }).getByText('Low').click();
    await expect(level).toContainText('Self-help');

    await dialog.getByLabel('Channel 1 address or number').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await expect(dialog.getByText('Enter the alias the client uses.')).toBeVisible();
    await expect(dialog.getByText('This does not look like an email address.')).toBeVisible();
    await expect(aliasField).toBeFocused();

    const alias = uniqueWord('Kestrel');
    await aliasField.fill(alias);
    await dialog.getByLabel('Channel 1 address or number').fill('kestrel@example.org');
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await dialog.getByRole('button', { name: 'Remove channel 2' }).click();
    await dialog.getByLabel('New tag').fill('rural');
    await dialog.getByLabel('New tag').press('Enter');
    await expect(dialog.getByRole('row', { name: 'rural' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await expect(dialog).toBeHidden();

    await expect(clientHeading(page)).toHaveText(alias);
    const record = main(page);
    await expect(record.getByText('Pseudonymous', { exact: true })).toBeVisible();
    await expect(record.getByText('Not kept: this client is known by an alias only.')).toBeVisible();
    await expect(record.getByTestId('service-level')).toContainText('Self-help');
    await expect(record.getByText('rural', { exact: true })).toBeVisible();
  });

  test('editing a consent text makes a new version, and Compare versions marks what changed', async ({
    app: page,
  }) => {
    const addedLine = `Figures are kept for ${uniqueWord('years')} years.`;
    await openSection(page, 'Clients');
    // The landing shows reminders and the consent texts while no client is open.
    const closeButton = main(page).getByRole('button', { name: 'Close', exact: true });
    if (await closeButton.isVisible()) await closeButton.click();
    const panel = main(page).getByRole('region', { name: 'Consent texts' });
    await panel.getByRole('button', { name: / Text$/ }).click();
    await page.getByRole('option', { name: 'Research and evaluation', exact: true }).click();
    const versionLine = panel.getByText(/^Version \d+, in use since/);
    const before = Number(/Version (\d+)/.exec((await versionLine.textContent()) ?? '')?.[1]);

    await panel.getByRole('button', { name: 'Edit text (new version)…' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit text: Research and evaluation' });
    const body = editor.getByRole('textbox', { name: /^Text/ });
    const original = await body.inputValue();
    const firstLine = original.split('\n')[0] ?? '';
    // The first line replaced, the rest kept: one line removed, one added.
    await body.fill([addedLine, ...original.split('\n').slice(1)].join('\n'));
    await editor.getByRole('button', { name: `Save as version ${before + 1}` }).click();
    await expect(editor).toBeHidden();
    await expect(versionLine).toContainText(`Version ${before + 1}`);

    await panel.getByRole('button', { name: 'Compare versions' }).click();
    const compare = page.getByRole('dialog', { name: 'Compare versions: Research and evaluation' });
    const diff = compare.getByTestId('template-diff');
    const added = diff.locator('li[data-change="added"]');
    const removed = diff.locator('li[data-change="removed"]');
    await expect(added).toHaveCount(1);
    await expect(added).toContainText(addedLine);
    await expect(added.locator('.diff-marker')).toHaveText('+');
    await expect(removed).toHaveCount(1);
    await expect(removed).toContainText(firstLine);
    await expect(removed.locator('.diff-marker')).toHaveText('−');
    // Words for screen readers, as well as the marker and the colour.
    await expect(added).toContainText('Added:');
    await expect(compare).toContainText('1 line added, 1 removed.');
  });

  test('keyboard: Ctrl+Alt+N starts a note, Ctrl+S saves it, "/" and Enter open a search result', async ({
    app: page,
  }) => {
    const name = uniqueWord('Keyboard');
    await createClient(page, name, null);

    await page.keyboard.press('Control+Alt+n');
    const dialog = page.getByRole('dialog', { name: `New session note for ${name}` });
    await expect(dialog).toBeVisible();
    await expect(main(page).getByRole('tab', { name: 'Sessions', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await dialog.getByRole('button', { name: /Way of working/ }).click();
    await page.getByRole('option', { name: 'In person', exact: true }).click();
    await dialog.getByRole('button', { name: 'Start note', exact: true }).click();
    await expect(dialog).toBeHidden();

    const data = noteEditor(page).getByRole('textbox', { name: 'Data', exact: true });
    await data.click();
    await data.pressSequentially('Saved by the shortcut');
    await page.keyboard.press('Control+s');
    // Well before the autosave timer would have fired.
    await expect(saveStatus(page)).toHaveText(/^Saved at \d/, { timeout: 600 });
    await expect(data).toBeFocused();

    // "/" types a slash while in a text field, and jumps to search elsewhere.
    await data.press('/');
    await expect(data).toHaveValue('Saved by the shortcut/');
    await main(page).getByRole('button', { name: 'Close', exact: true }).click();
    await expect(clientHeading(page)).toBeHidden();
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search clients and notes' });
    await expect(box).toBeFocused();
    await page.keyboard.type(name);
    await expect(
      page.getByTestId('search-results').getByRole('option', { name: new RegExp(name) }),
    ).toHaveCount(1);
    await box.press('ArrowDown');
    await box.press('Enter');
    await expect(clientHeading(page)).toHaveText(name);
  });

  test('consent recorded from a refused note, with an evidence file, lets the note start', async ({
    app: page,
  }) => {
    const name = uniqueWord('Evidence');
    await createClient(page, name, 'ev@example.org');
    const newNote = await startNewNote(page, 'Email');
    await newNote.getByRole('button', { name: 'Start note', exact: true }).click();
    await newNote.getByTestId('consent-refused').getByRole('button', { name: 'Record consent' }).click();

    const consent = page.getByRole('dialog', { name: `Record consent for ${name}` });
    await expect(consent).toBeVisible();
    // Submitting without a way of working is refused next to the checkboxes.
    await consent.getByRole('button', { name: 'Record consent', exact: true }).click();
    await expect(consent.getByText('Tick each way of working the client agreed to.')).toBeVisible();
    await tick(consent, 'Email');

    const attach = consent.getByRole('button', { name: 'Attach a file…' });
    let chooser = page.waitForEvent('filechooser');
    await attach.click();
    await (
      await chooser
    ).setFiles({
      name: 'huge-scan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(11 * 1024 * 1024),
    });
    await expect(consent.getByRole('alert')).toContainText('evidence files can be at most 10 MB');

    chooser = page.waitForEvent('filechooser');
    await attach.click();
    await (
      await chooser
    ).setFiles({
      name: 'signed-form.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 signed'),
    });
    await expect(consent.getByTestId('evidence-file')).toContainText('signed-form.pdf');
    await expect(consent.getByRole('alert')).toHaveCount(0);

    await consent.getByRole('button', { name: 'Record consent', exact: true }).click();
    await expect(consent).toBeHidden();
    // With consent in force, the note the counsellor asked for starts by itself.
    await expect(newNote).toBeHidden();
    await expect(noteEditor(page).getByRole('heading', { name: 'DAP note' })).toBeVisible();
    await expect(noteEditor(page)).not.toContainText('Started without consent');

    await openRecordTab(page, 'Consent');
    await expect(page.getByTestId('consent-records')).toContainText('Evidence: signed-form.pdf');

    // The evidence comes back byte for byte, checked against its hash by the core.
    const download = page.waitForEvent('download');
    await page.getByTestId('consent-records').getByRole('button', { name: 'Download', exact: true }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('signed-form.pdf');
    const path = await saved.path();
    expect(readFileSync(path).toString()).toBe('%PDF-1.4 signed');
  });
});
