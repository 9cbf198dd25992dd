/**
 * Consent rules shared by the core (which enforces them) and the UI (which explains
 * them). Pure: times come in as arguments.
 */
export const CONSENT_KINDS = [
  'distance_counselling',
  'record_keeping',
  'team_sharing',
  'social_media',
  'research',
] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const MODALITIES = ['in_person', 'email', 'chat', 'phone', 'video', 'social'] as const;
export type Modality = (typeof MODALITIES)[number];
export const DISTANCE_MODALITIES: readonly Modality[] = ['email', 'chat', 'phone', 'video', 'social'];

export const CONSENT_METHODS = ['written', 'verbal', 'electronic'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** What a practitioner explains before distance counselling (the informed-consent checklist). */
export const DISTANCE_CHECKLIST = [
  { key: 'benefits_limits', label: 'Benefits and limits of distance counselling' },
  { key: 'confidentiality', label: 'Confidentiality and its limits' },
  { key: 'records', label: 'How records are stored and encrypted' },
  { key: 'emergency', label: 'Emergency procedure' },
  { key: 'technology_failure', label: 'What happens if the technology fails' },
  { key: 'identity', label: 'How identity is verified' },
] as const;

export type ConsentStatus = 'active' | 'expiring_soon' | 'expired' | 'withdrawn' | 'missing';

export interface ConsentFacts {
  kind: ConsentKind;
  modalities: readonly Modality[];
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
}

const DAY_MS = 86_400_000;

/** Derived, never stored: a withdrawal or an expiry takes effect the moment it happens. */
export function consentStatus(
  record: ConsentFacts | undefined,
  now: Date,
  warningDays: number,
): ConsentStatus {
  if (record === undefined) return 'missing';
  if (record.withdrawnAt !== null && Date.parse(record.withdrawnAt) <= now.getTime()) return 'withdrawn';
  if (Date.parse(record.givenAt) > now.getTime()) return 'missing';
  if (record.expiresAt !== null) {
    const expires = Date.parse(record.expiresAt);
    if (expires <= now.getTime()) return 'expired';
    if (expires - now.getTime() <= warningDays * DAY_MS) return 'expiring_soon';
  }
  return 'active';
}

export function isInForce(status: ConsentStatus): boolean {
  return status === 'active' || status === 'expiring_soon';
}

/** The record that decides a kind's status: the newest one given. */
export function currentRecord<T extends ConsentFacts>(
  records: readonly T[],
  kind: ConsentKind,
): T | undefined {
  return records
    .filter((record) => record.kind === kind)
    .sort((a, b) => Date.parse(b.givenAt) - Date.parse(a.givenAt))[0];
}

/** A session by this modality needs distance consent that covers it; in-person needs none. */
export function distanceConsentCovers(
  record: ConsentFacts | undefined,
  modality: Modality,
  now: Date,
): boolean {
  if (!DISTANCE_MODALITIES.includes(modality)) return true;
  return (
    isInForce(consentStatus(record, now, 0)) && record !== undefined && record.modalities.includes(modality)
  );
}
