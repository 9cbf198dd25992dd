import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import QRCode from 'qrcode';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { publicCardSchema } from '../../../shared/rpc/exchangeSchemas.std.ts';
import type { PublicCard, TeamRole } from '../../../shared/rpc/exchangeSchemas.std.ts';

/** This vault's keys: an age X25519 identity to receive, an Ed25519 key to sign. */
export interface ExchangeKeys {
  ageSecret: string;
  ageRecipient: string;
  /** PKCS#8 DER, base64. */
  signingSecret: string;
  /** Raw 32-byte public key, base64url. */
  signingKey: string;
  /** Keys the stable aliases of pseudonymised summaries. */
  pseudonymKey: string;
}

export async function generateExchangeKeys(): Promise<ExchangeKeys> {
  const ageSecret = await generateIdentity();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    ageSecret,
    ageRecipient: await identityToRecipient(ageSecret),
    signingSecret: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    signingKey: rawPublicKey(publicKey),
    pseudonymKey: randomBytes(32).toString('hex'),
  };
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

export function signingPrivateKey(signingSecret: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(signingSecret, 'base64'), format: 'der', type: 'pkcs8' });
}

export function signingPublicKey(signingKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: signingKey }, format: 'jwk' });
}

/**
 * What two people compare in person: a hash of both public keys (not the name, which
 * anyone can type). 80 bits shown, as ten groups of four hex digits.
 */
export function fingerprintOf(ageRecipient: string, signingKey: string): string {
  const digest = createHash('sha256')
    .update(`outpost-card/1\n${ageRecipient}\n${signingKey}\n`)
    .digest('hex')
    .slice(0, 40)
    .toUpperCase();
  return digest.match(/.{4}/g)?.join(' ') ?? digest;
}

export function normaliseFingerprint(text: string): string {
  const hex = text.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}

const CARD_TITLE = 'Outpost team card (format 1)';

export function cardText(card: PublicCard): string {
  return [
    CARD_TITLE,
    `Name: ${card.displayName}`,
    `Role: ${card.role}`,
    `Age recipient: ${card.ageRecipient}`,
    `Signing key: ${card.signingKey}`,
    `Fingerprint: ${card.fingerprint}`,
    '',
  ].join('\n');
}

export function makeCard(
  displayName: string,
  role: TeamRole,
  keys: Pick<ExchangeKeys, 'ageRecipient' | 'signingKey'>,
): PublicCard {
  return {
    displayName,
    role,
    ageRecipient: keys.ageRecipient,
    signingKey: keys.signingKey,
    fingerprint: fingerprintOf(keys.ageRecipient, keys.signingKey),
  };
}

function badCard(message: string): RpcError {
  return new RpcError({ code: 'INVALID_INPUT', field: 'cardText', message });
}

/** Reads a card back; its stated fingerprint must match its keys (a copying slip shows here). */
export function parseCard(text: string): PublicCard {
  if (text.length > 4000) throw badCard('That is not an Outpost team card.');
  const lines = text.replace(/\r\n/g, '\n').trim().split('\n');
  if (lines[0]?.trim() !== CARD_TITLE) throw badCard('That is not an Outpost team card.');
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const parsed = publicCardSchema.safeParse({
    displayName: fields.get('name'),
    role: fields.get('role'),
    ageRecipient: fields.get('age recipient'),
    signingKey: fields.get('signing key'),
    fingerprint: normaliseFingerprint(fields.get('fingerprint') ?? ''),
  });
  if (!parsed.success) throw badCard('The team card is incomplete or has a mistyped field.');
  if (fingerprintOf(parsed.data.ageRecipient, parsed.data.signingKey) !== parsed.data.fingerprint) {
    throw badCard("The card's fingerprint does not match its keys; ask for the card again.");
  }
  return parsed.data;
}

export function cardQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
