import type { TestVault } from '../../testing/openVault.node.ts';

/** A client as a practitioner would record one, with team-sharing consent or not. */
export async function addClient(
  vault: TestVault,
  displayName: string,
  teamSharing: 'given' | 'none' | 'withdrawn',
  extra: { legalName?: string; email?: string } = {},
): Promise<string> {
  const client = await vault.call('clients.create', {
    displayName,
    pseudonymous: extra.legalName === undefined,
    ...(extra.legalName === undefined ? {} : { legalName: extra.legalName }),
    channels: extra.email === undefined ? [] : [{ kind: 'email', value: extra.email }],
  });
  if (teamSharing !== 'none') {
    const { templates } = await vault.call('consent.templates', {});
    const template = templates.find((t) => t.kind === 'team_sharing');
    if (template === undefined) throw new Error('no team-sharing consent template');
    const record = await vault.call('consent.record', {
      clientId: client.id,
      templateId: template.id,
      givenAt: '2026-01-05T09:00:00.000Z',
      method: 'written',
    });
    if (teamSharing === 'withdrawn')
      await vault.call('consent.withdraw', { id: record.id, reason: 'Client asked to stop sharing' });
  }
  return client.id;
}

/** A signed DAP note for the client on the given day. */
export async function addSignedNote(
  vault: TestVault,
  clientId: string,
  day: string,
  content: { data: string; assessment: string; plan: string },
  sign = true,
): Promise<string> {
  const note = await vault.call('notes.createDraft', {
    clientId,
    templateKey: 'dap',
    modality: 'in_person',
    synchronous: true,
    sessionAt: `${day}T10:00:00.000Z`,
    durationMinutes: 50,
  });
  await vault.call('notes.saveDraft', { id: note.id, content });
  if (sign) await vault.call('notes.sign', { id: note.id });
  return note.id;
}

/** Each vault adds the other's card and confirms the fingerprint, as two colleagues would in person. */
export async function introduce(a: TestVault, b: TestVault): Promise<{ bInA: string; aInB: string }> {
  const cardA = await a.call('exchange.identity', {});
  const cardB = await b.call('exchange.identity', {});
  const bInA = await a.call('exchange.addMember', { cardText: cardB.cardText });
  await a.call('exchange.verifyMember', { id: bInA.id, fingerprint: cardB.card.fingerprint });
  const aInB = await b.call('exchange.addMember', { cardText: cardA.cardText });
  await b.call('exchange.verifyMember', { id: aInB.id, fingerprint: cardA.card.fingerprint });
  return { bInA: bInA.id, aInB: aInB.id };
}
