import type {
  ConsentKind,
  ConsentMethod,
  ConsentStatus,
  Modality,
} from '../../../../shared/domain/consent.std.ts';
import { SERVICE_LEVEL_NAMES } from '../../../../shared/domain/readiness.std.ts';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { formatDay } from './dates.ts';

/** Words for the record screens' codes, so every screen says the same thing. */

export const CONSENT_KIND_LABELS: Record<ConsentKind, string> = {
  distance_counselling: 'Distance counselling',
  record_keeping: 'Record keeping',
  team_sharing: 'Team sharing',
  social_media: 'Social media contact',
  research: 'Research and evaluation',
};

/** What each kind of consent allows, in a sentence. */
export const CONSENT_KIND_PURPOSES: Record<ConsentKind, string> = {
  distance_counselling: 'Needed before any session by email, chat, phone, video or social media.',
  record_keeping: 'Agreement that you keep session notes, and how long.',
  team_sharing: 'Needed before a session summary is shared with your team.',
  social_media: 'Agreement to arrange contact through a social media platform.',
  research: 'Agreement that anonymised figures may be used to evaluate the service.',
};

export const MODALITY_LABELS: Record<Modality, string> = {
  in_person: 'In person',
  email: 'Email',
  chat: 'Chat',
  phone: 'Phone',
  video: 'Video',
  social: 'Social media',
};

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  written: 'Written (signed form)',
  verbal: 'Verbal',
  electronic: 'Electronic (email or online form)',
};

export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
  active: 'Active',
  expiring_soon: 'Expiring soon',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  missing: 'Missing',
};

export const CHANNEL_KIND_LABELS: Record<Client['channels'][number]['kind'], string> = {
  email: 'Email',
  phone: 'Phone',
  chat: 'Chat',
  social: 'Social media',
};

/** What a status means for the counsellor, given the record that decides it. */
export function explainConsentStatus(
  kind: ConsentKind,
  status: ConsentStatus,
  record:
    { expiresAt: string | null; withdrawnAt: string | null; modalities: readonly Modality[] } | undefined,
): string {
  switch (status) {
    case 'active': {
      const covers =
        kind === 'distance_counselling' && record !== undefined && record.modalities.length > 0
          ? ` Covers ${listText(record.modalities.map((modality) => MODALITY_LABELS[modality].toLowerCase()))}.`
          : '';
      const until =
        record?.expiresAt != null ? ` Valid until ${formatDay(record.expiresAt)}.` : ' It does not expire.';
      return `In force.${covers}${until}`;
    }
    case 'expiring_soon':
      return `In force, but it expires on ${record?.expiresAt == null ? 'a date soon' : formatDay(record.expiresAt)}. Ask the client to renew it.`;
    case 'expired':
      return `It expired on ${record?.expiresAt == null ? 'an earlier date' : formatDay(record.expiresAt)}. Record it again before relying on it.`;
    case 'withdrawn':
      return `The client withdrew it${record?.withdrawnAt == null ? '' : ` on ${formatDay(record.withdrawnAt)}`}. Do not rely on it unless the client agrees again.`;
    case 'missing':
      return `Not recorded yet. ${CONSENT_KIND_PURPOSES[kind]}`;
  }
}

export function serviceLevelName(level: NonNullable<Client['serviceLevel']>['level']): string {
  return SERVICE_LEVEL_NAMES[level];
}

/** "a, b and c" */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
