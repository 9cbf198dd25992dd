import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import type { BundleEntryKind, SignerStatus, TeamRole } from '../../../../shared/rpc/exchangeSchemas.std.ts';
import { failureMessage } from '../../client/failureMessage.ts';

/** Words for the team exchange: roles, reasons, signer states, and file names for bundles. */

export const ROLE_WORDS: Record<TeamRole, string> = {
  practitioner: 'Practitioner',
  supervisor: 'Supervisor',
};

export const EXCLUSION_WORDS: Record<
  'consent_missing' | 'consent_expired' | 'consent_withdrawn' | 'no_signed_notes',
  string
> = {
  consent_missing: 'no team-sharing consent recorded',
  consent_expired: 'team-sharing consent has expired',
  consent_withdrawn: 'team-sharing consent was withdrawn',
  no_signed_notes: 'no signed session notes in these dates',
};

export const SIGNER_WORDS: Record<SignerStatus, string> = {
  verified: 'Signed by a verified team member',
  unverified: 'Signed by a team member you have not verified',
  unknown: 'Signed by someone who is not in your team directory',
};

export const CONTENT_WORDS: Record<BundleEntryKind, (count: number) => string> = {
  session_summary: (count) => `${count} session ${count === 1 ? 'summary' : 'summaries'}`,
  reply_for_review: (count) => `${count} ${count === 1 ? 'reply' : 'replies'} for review`,
  review_decision: (count) => `${count} review ${count === 1 ? 'decision' : 'decisions'}`,
  vault_transfer: (count) => `${count} vault transfer ${count === 1 ? 'entry' : 'entries'}`,
};

/** "ABCD 1234 …": ten groups of four, shown as they are read aloud. */
export function fingerprintGroups(fingerprint: string): string[] {
  return fingerprint.split(' ').filter((group) => group !== '');
}

/**
 * A sentence for a failed exchange step. The core words its refusals for people
 * (wrong fingerprint, nothing to share, not encrypted to you…) without client text,
 * so those are shown as they are; anything else gets the general sentence.
 */
export function exchangeFailure(error: unknown): string {
  if (
    error instanceof RpcError &&
    (error.code === 'INVALID_INPUT' || error.code === 'WRONG_PASSPHRASE' || error.code === 'NOT_FOUND')
  ) {
    return error.message;
  }
  return failureMessage(error);
}

/** The bundle's path inside the chosen folder, joined with the folder's own separator. */
export function bundlePath(folder: string, kind: 'summaries' | 'for review' | 'review decisions'): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const trimmed = folder.length > 1 ? folder.replace(/[\\/]+$/, '') : folder;
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '');
  // No client text in the name: what it holds, when, and a short random part so two never clash.
  const name = `Outpost ${kind} ${stamp} ${crypto.randomUUID().slice(0, 8)}.outpost-bundle`;
  return `${trimmed}${trimmed.endsWith(separator) ? '' : separator}${name}`;
}
