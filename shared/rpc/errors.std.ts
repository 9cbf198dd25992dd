/**
 * Errors cross the RPC boundary as values with a stable code. The UI turns a code
 * into a plain sentence; messages never carry client text.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'PAYLOAD_TOO_LARGE',
  'VAULT_LOCKED',
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'WEAK_PASSPHRASE',
  'VAULT_EXISTS',
  'VAULT_ABSENT',
  'VAULT_CORRUPT',
  'VAULT_TOO_NEW',
  'BACKUP_CORRUPT',
  'CONSENT_REQUIRED',
  'NOTE_SIGNED',
  'DISK_FULL',
  'NOT_FOUND',
  /** A reply to a risk message needs the complete safety checklist before it is ready. */
  'SAFETY_CHECKLIST_INCOMPLETE',
  /** The record is not in a state that allows this (e.g. changing a sent reply). */
  'WRONG_STATE',
  /** Supervision is on: a reply goes through replies.submitForReview, not straight to the outbox. */
  'REVIEW_REQUIRED',
  'CANCELLED',
  'BUSY',
  'DEVICE_UNLOCK_UNAVAILABLE',
  'FORBIDDEN',
  'TRANSPORT_CLOSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RpcErrorValue {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input field, for INVALID_INPUT. */
  field?: string;
}

export class RpcError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(value: RpcErrorValue) {
    super(value.message);
    this.name = 'RpcError';
    this.code = value.code;
    this.field = value.field;
  }

  toValue(): RpcErrorValue {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Plain sentences for people; the code stays available for support. */
export function describeError(code: ErrorCode): string {
  switch (code) {
    case 'INVALID_INPUT':
      return 'Some of the information entered is not valid. Please check it and try again.';
    case 'UNKNOWN_METHOD':
      return 'This version of Outpost does not support that action.';
    case 'PAYLOAD_TOO_LARGE':
      return 'That is too much data to handle in one step. Try a smaller file or shorter text.';
    case 'VAULT_LOCKED':
      return 'Your vault is locked. Unlock it to continue.';
    case 'WRONG_PASSPHRASE':
      return 'That passphrase is not correct.';
    case 'WRONG_RECOVERY_KEY':
      return 'That recovery key is not correct. Check each group of letters and try again.';
    case 'WEAK_PASSPHRASE':
      return 'That passphrase is too easy to guess. Use a longer one, such as a few unrelated words.';
    case 'VAULT_EXISTS':
      return 'A vault already exists here.';
    case 'VAULT_ABSENT':
      return 'There is no vault yet. Create one first.';
    case 'VAULT_CORRUPT':
      return 'Your vault file is damaged and cannot be read safely. Nothing has been deleted. Restore it from a backup.';
    case 'VAULT_TOO_NEW':
      return 'This vault was saved by a newer version of Outpost. Update Outpost to open it; nothing was changed.';
    case 'BACKUP_CORRUPT':
      return 'That backup file is damaged or is not an Outpost backup. Your vault was not changed; try another backup.';
    case 'CONSENT_REQUIRED':
      return "This needs the client's consent, and none is in force for it. Record the consent first, or give the reason for going ahead (for example, a crisis contact).";
    case 'NOTE_SIGNED':
      return 'This note is signed and can no longer be changed. Add an addendum instead.';
    case 'DISK_FULL':
      return 'The disk is full, so nothing was saved. Your earlier records are safe. Free some space and try again.';
    case 'NOT_FOUND':
      return 'That item could not be found.';
    case 'SAFETY_CHECKLIST_INCOMPLETE':
      return 'This message shows risk. Complete the safety checklist before the reply goes to the outbox.';
    case 'WRONG_STATE':
      return 'That cannot be done at this stage. Refresh and try again.';
    case 'REVIEW_REQUIRED':
      return "Your replies need a supervisor's review first. Send this reply for review; it reaches the outbox once approved.";
    case 'CANCELLED':
      return 'Cancelled. Nothing was changed.';
    case 'BUSY':
      return 'Outpost is still working on an earlier request. Try again in a moment.';
    case 'DEVICE_UNLOCK_UNAVAILABLE':
      return "Unlocking with this computer's keychain is not available. Use your passphrase.";
    case 'FORBIDDEN':
      return 'Outpost refused a request that did not come from its own window.';
    case 'TRANSPORT_CLOSED':
      return 'Outpost lost contact with its engine. Restart the app; nothing you saved is lost.';
    case 'INTERNAL':
      return 'Something went wrong inside Outpost. Nothing was changed.';
  }
}
