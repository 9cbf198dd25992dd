import { useState } from 'react';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import type { TeamRole } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { RadioChoice } from '../../ui/RadioChoice.tsx';
import { SwitchControl } from '../../ui/SwitchControl.tsx';
import { TextInputField } from '../../ui/TextInputField.tsx';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';
import { useVaultSettings } from '../settings/useVaultSettings.ts';
import { exchangeFailure, ROLE_WORDS } from './exchangeText.ts';
import { Fingerprint } from './Fingerprint.tsx';

export type Identity = MethodOutput<'exchange.identity'>;

/**
 * The QR code as an image. The SVG comes from the core (a QR library's output), and an
 * SVG shown through <img> cannot run scripts or load anything; the CSP allows data: images.
 */
function svgDataUrl(svg: string): string | null {
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg)) return null;
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** This vault's public card: what colleagues need to send it bundles and to check its signature. */
export function CardSection({
  identity,
  onIdentityChanged,
}: {
  identity: Identity;
  onIdentityChanged: (identity: Identity) => void;
}) {
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const qr = svgDataUrl(identity.qrSvg);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(identity.cardText);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="exchange-sections">
      <section className="exchange-panel" aria-labelledby="card-heading">
        <h2 id="card-heading">Your team card</h2>
        <p className="muted">
          Give this card to colleagues (paste the text, or let them scan the code). Before they trust it, they
          compare its fingerprint with you in person or on a call where they can see or hear you.
        </p>
        <div className="card-layout">
          <div className="card-text-column">
            <pre className="card-text" data-testid="card-text" aria-label="Your card as text">
              {identity.cardText}
            </pre>
            <div className="button-row">
              <Button className="button" onPress={() => void copy()}>
                Copy card text
              </Button>
            </div>
            {copied === 'copied' && (
              <StatusNotice tone="success">The card text is on the clipboard.</StatusNotice>
            )}
            {copied === 'failed' && (
              <ErrorNotice>
                The clipboard could not be reached. Select the card text and copy it by hand.
              </ErrorNotice>
            )}
          </div>
          {qr !== null && (
            <img
              className="card-qr"
              src={qr}
              alt="QR code of your team card"
              width={200}
              height={200}
              data-testid="card-qr"
            />
          )}
        </div>
        <div className="fingerprint-block">
          <h3>Fingerprint</h3>
          <Fingerprint value={identity.card.fingerprint} testId="own-fingerprint" />
        </div>
      </section>
      <IdentityForm identity={identity} onIdentityChanged={onIdentityChanged} />
      <SupervisionSetting role={identity.card.role} />
    </div>
  );
}

function IdentityForm({
  identity,
  onIdentityChanged,
}: {
  identity: Identity;
  onIdentityChanged: (identity: Identity) => void;
}) {
  const [displayName, setDisplayName] = useState(identity.card.displayName);
  const [role, setRole] = useState<TeamRole>(identity.card.role);
  const [isSaving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'failed'; text: string } | null>(null);
  const nameEmpty = displayName.trim() === '';
  const changed = displayName.trim() !== identity.card.displayName || role !== identity.card.role;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (nameEmpty || isSaving) return;
    setSaving(true);
    setOutcome(null);
    try {
      const updated = await outpost.call('exchange.updateIdentity', {
        displayName: displayName.trim(),
        role,
      });
      onIdentityChanged(updated);
      setOutcome({
        kind: 'saved',
        text: 'Saved. Give colleagues your card again so their directory shows the change.',
      });
    } catch (error) {
      setOutcome({ kind: 'failed', text: exchangeFailure(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="exchange-panel" aria-labelledby="identity-heading">
      <h2 id="identity-heading">Name and role on your card</h2>
      <Form validationBehavior="aria" className="form-stack" onSubmit={(event) => void submit(event)}>
        <TextInputField
          label="Name colleagues see"
          value={displayName}
          onChange={(value) => {
            setDisplayName(value);
            setOutcome(null);
          }}
          maxLength={120}
          isRequired
          errorMessage={nameEmpty ? 'Enter a name.' : null}
        />
        <RadioChoice
          label="Role"
          isSegmented
          options={[
            { id: 'practitioner', label: ROLE_WORDS.practitioner },
            { id: 'supervisor', label: ROLE_WORDS.supervisor },
          ]}
          value={role}
          onChange={(next) => {
            setRole(next);
            setOutcome(null);
          }}
          description="A supervisor reviews colleagues’ replies. Their decisions are accepted only from a verified supervisor."
        />
        {outcome?.kind === 'saved' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
        {outcome?.kind === 'failed' && <ErrorNotice>{outcome.text}</ErrorNotice>}
        <div className="button-row">
          <Button type="submit" className="button" isPending={isSaving} isDisabled={nameEmpty || !changed}>
            Save name and role
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** The vault setting `repliesNeedReview`: new staff's replies go to a supervisor before the outbox. */
function SupervisionSetting({ role }: { role: TeamRole }) {
  const settings = useVaultSettings();
  const [isSaving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function change(repliesNeedReview: boolean): Promise<void> {
    setSaving(true);
    setFailure(null);
    try {
      await settings.save({ repliesNeedReview });
      noteVaultChanged();
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section
      className="exchange-panel"
      aria-labelledby="supervision-heading"
      data-testid="supervision-setting"
    >
      <h2 id="supervision-heading">Supervision</h2>
      {settings.state.status === 'loading' && <p className="muted">Loading…</p>}
      {settings.state.status === 'failed' && <ErrorNotice>{settings.state.message}</ErrorNotice>}
      {settings.state.status === 'ready' && (
        <SwitchControl
          label="Replies need review"
          isSelected={settings.state.settings.repliesNeedReview}
          isReadOnly={isSaving}
          onChange={(isSelected) => void change(isSelected)}
          description={
            role === 'supervisor'
              ? 'For a practitioner’s vault: with this on, replies go to a supervisor for review instead of the outbox.'
              : 'With this on, “Send for review” replaces “Ready to send”: each reply waits for your supervisor’s approval (under Team exchange, Send for review) before it reaches the outbox.'
          }
        />
      )}
      {failure !== null && <ErrorNotice>{failure}</ErrorNotice>}
    </section>
  );
}
