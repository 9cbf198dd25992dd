import { assignServiceLevel } from '../../../../shared/domain/readiness.std.ts';
import type { Level, ServiceLevelAdvice } from '../../../../shared/domain/readiness.std.ts';
import type { MethodInput } from '../../../../shared/rpc/contract.std.ts';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';

export type ChannelKind = Client['channels'][number]['kind'];
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'phone', 'chat', 'social'];

export interface ChannelRow {
  /** Stable across edits so React keeps each row's focus and typing. */
  rowId: number;
  kind: ChannelKind;
  value: string;
}

/** The client form as typed, before it is checked and sent. */
export interface ClientDraft {
  displayName: string;
  pseudonymous: boolean;
  legalName: string;
  channels: ChannelRow[];
  capability: Level | null;
  complexity: Level | null;
  readinessNotes: string;
  assignedPractitioner: string;
  tags: string[];
}

export type ClientDraftErrors = Partial<
  Record<'displayName' | 'legalName' | 'readinessNotes' | 'assignedPractitioner' | 'tags', string>
> & {
  channels?: Record<number, string>;
};

const MAX_NAME = 200;
const MAX_TAG = 40;
const MAX_TAGS = 30;
const MAX_NOTES = 4000;
const MAX_CHANNELS = 20;
export const CLIENT_LIMITS = { MAX_NAME, MAX_TAG, MAX_TAGS, MAX_NOTES, MAX_CHANNELS };

let nextRowId = 1;
export function newChannelRow(kind: ChannelKind = 'email', value = ''): ChannelRow {
  return { rowId: nextRowId++, kind, value };
}

export function emptyDraft(assignedPractitioner: string): ClientDraft {
  return {
    displayName: '',
    pseudonymous: false,
    legalName: '',
    channels: [newChannelRow()],
    capability: null,
    complexity: null,
    readinessNotes: '',
    assignedPractitioner,
    tags: [],
  };
}

export function draftFromClient(client: Client): ClientDraft {
  return {
    displayName: client.displayName,
    pseudonymous: client.pseudonymous,
    legalName: client.legalName ?? '',
    channels: client.channels.map((channel) => newChannelRow(channel.kind, channel.value)),
    capability: client.capability,
    complexity: client.complexity,
    readinessNotes: client.readinessNotes,
    assignedPractitioner: client.assignedPractitioner ?? '',
    tags: [...client.tags],
  };
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^\+?[\d\s().-]{5,}$/;

function channelError(row: ChannelRow): string | undefined {
  const value = row.value.trim();
  if (value === '') return 'Enter the address or number, or remove this row.';
  if (value.length > MAX_NAME) return `Use at most ${MAX_NAME} characters.`;
  if (row.kind === 'email' && !EMAIL_PATTERN.test(value)) return 'This does not look like an email address.';
  if (row.kind === 'phone' && !PHONE_PATTERN.test(value))
    return 'Use digits, spaces and an optional leading +.';
  return undefined;
}

export function validateDraft(draft: ClientDraft): ClientDraftErrors {
  const errors: ClientDraftErrors = {};
  const name = draft.displayName.trim();
  if (name === '') {
    errors.displayName = draft.pseudonymous
      ? 'Enter the alias the client uses.'
      : 'Enter a name or an alias for the client.';
  } else if (name.length > MAX_NAME) errors.displayName = `Use at most ${MAX_NAME} characters.`;
  if (!draft.pseudonymous && draft.legalName.trim().length > MAX_NAME) {
    errors.legalName = `Use at most ${MAX_NAME} characters.`;
  }
  const channelErrors: Record<number, string> = {};
  for (const row of draft.channels) {
    const message = channelError(row);
    if (message !== undefined) channelErrors[row.rowId] = message;
  }
  if (Object.keys(channelErrors).length > 0) errors.channels = channelErrors;
  if (draft.readinessNotes.length > MAX_NOTES) errors.readinessNotes = `Use at most ${MAX_NOTES} characters.`;
  if (draft.assignedPractitioner.trim().length > MAX_NAME) {
    errors.assignedPractitioner = `Use at most ${MAX_NAME} characters.`;
  }
  if (draft.tags.length > MAX_TAGS) errors.tags = `Use at most ${MAX_TAGS} tags.`;
  return errors;
}

export function hasErrors(errors: ClientDraftErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function inputFromDraft(draft: ClientDraft): MethodInput<'clients.create'> {
  const legalName = draft.legalName.trim();
  const practitioner = draft.assignedPractitioner.trim();
  return {
    displayName: draft.displayName.trim(),
    pseudonymous: draft.pseudonymous,
    // A pseudonymous record never keeps a legal name, even one typed before the switch was turned on.
    legalName: draft.pseudonymous || legalName === '' ? null : legalName,
    channels: draft.channels.map((row) => ({ kind: row.kind, value: row.value.trim() })),
    capability: draft.capability,
    complexity: draft.complexity,
    readinessNotes: draft.readinessNotes,
    assignedPractitioner: practitioner === '' ? null : practitioner,
    tags: draft.tags,
  };
}

export function serviceLevelFor(
  draft: Pick<ClientDraft, 'capability' | 'complexity'>,
): ServiceLevelAdvice | null {
  return draft.capability === null || draft.complexity === null
    ? null
    : assignServiceLevel(draft.capability, draft.complexity);
}
