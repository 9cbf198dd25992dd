import type {
  AuditAction,
  AuditEntry,
  LockReason,
  VaultSettings,
} from '../../../../shared/rpc/contract.std.ts';
import { fileNameOf, formatBytes, formatDateTimeShort } from '../../ui/format.ts';

/** Every action the log can hold, in words; a Record, so a new action cannot be forgotten here. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.unlock_failed': 'Wrong passphrase entered',
  'vault.locked': 'Vault locked',
  'vault.passphrase_changed': 'Passphrase changed',
  'vault.recovered': 'Passphrase reset with the recovery key',
  'vault.recovery_key_replaced': 'Recovery key replaced',
  'vault.device_unlock_enabled': "Unlock with this computer's keychain turned on",
  'vault.device_unlock_disabled': "Unlock with this computer's keychain turned off",
  'vault.settings_changed': 'Settings changed',
  'vault.migrated': 'Vault upgraded',
  'backup.created': 'Backup made',
  'backup.restored': 'Backup restored',
  'audit.exported': 'Audit log exported',
  'record.created': 'Record created',
  'record.updated': 'Record changed',
  'record.signed': 'Record signed',
  'record.deleted': 'Record deleted',
  'client.erased': 'Client erased',
  'consent.changed': 'Consent changed',
  'consent.override': 'Consent check overridden',
  'import.completed': 'Import finished',
  'export.completed': 'Export finished',
  'message.tier_overridden': 'Message tier changed by a practitioner',
  'message.retriaged': 'Messages triaged again with new rules',
  'reply.ready': 'Reply moved to the outbox',
  'reply.exported': 'Replies exported as email files',
  'reply.sent': 'Replies marked sent',
  'reply.returned': 'Reply returned to draft',
  'reply.review_requested': 'Reply sent for supervisor review',
  'reply.discarded': 'Reply draft discarded',
  'exchange.identity_created': 'Team-exchange keys created',
  'exchange.member_added': 'Team member added',
  'exchange.member_verified': 'Team member verified in person',
  'exchange.member_removed': 'Team member removed',
  'exchange.exported': 'Team bundle exported',
  'exchange.imported': 'Team bundle imported',
};

export const AUDIT_ACTIONS_IN_ORDER = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

const LOCK_REASON_WORDS: Record<LockReason, string> = {
  manual: 'Locked by hand',
  idle: 'Not used for a while',
  suspend: 'Computer went to sleep',
  'screen-lock': 'Screen was locked',
  shutdown: 'Outpost was closed',
};

const SETTING_WORDS: Record<keyof VaultSettings, string> = {
  autoLockMinutes: 'automatic locking',
  backupFolder: 'backup folder',
  backupEveryHours: 'backup schedule',
  backupKeep: 'backups kept',
  practitionerName: 'practitioner name',
  consentWarningDays: 'consent expiry warning',
  responseTargets: 'response targets',
  crisisResources: 'crisis resources',
  watchFolder: 'watched inbox folder',
  repliesNeedReview: 'replies need review',
};

function isLockReason(value: unknown): value is LockReason {
  return typeof value === 'string' && Object.hasOwn(LOCK_REASON_WORDS, value);
}

function isSettingKey(value: string): value is keyof VaultSettings {
  return Object.hasOwn(SETTING_WORDS, value);
}

/** The entry's details as a short phrase; unknown shapes fall back to "key: value" pairs. */
export function describeAuditDetails(entry: AuditEntry): string {
  const { details } = entry;
  switch (entry.action) {
    case 'vault.locked':
      if (isLockReason(details['reason'])) return LOCK_REASON_WORDS[details['reason']];
      break;
    case 'vault.unlocked':
      if (details['method'] === 'passphrase') return 'With the passphrase';
      if (details['method'] === 'device') return 'With this computer’s keychain';
      break;
    case 'vault.unlock_failed': {
      const attempts = details['attempts'];
      if (typeof attempts === 'number') {
        return attempts === 1
          ? '1 wrong attempt before unlocking'
          : `${attempts} wrong attempts before unlocking`;
      }
      break;
    }
    case 'vault.created':
      if (details['purpose'] === 'demo') return 'Demo vault with made-up data';
      if (details['purpose'] === 'practice') return 'Practice vault';
      break;
    case 'vault.settings_changed': {
      const keys = details['keys'];
      if (typeof keys === 'string') {
        const names = keys
          .split(',')
          .filter((key) => key !== '')
          .map((key) => (isSettingKey(key) ? SETTING_WORDS[key] : key));
        return `Changed ${names.join(', ')}`;
      }
      break;
    }
    case 'vault.migrated':
      return `Storage format ${String(details['from'])} to ${String(details['to'])}`;
    case 'backup.created': {
      const kind = details['scheduled'] === true ? 'Automatic backup' : 'Backup made by hand';
      return typeof details['bytes'] === 'number' ? `${kind}, ${formatBytes(details['bytes'])}` : kind;
    }
    case 'backup.restored':
      if (typeof details['backupAt'] === 'string')
        return `From the backup of ${formatDateTimeShort(details['backupAt'])}`;
      if (typeof details['from'] === 'string') return `From ${fileNameOf(details['from'])}`;
      break;
    case 'audit.exported':
      if (typeof details['rows'] === 'number') return `${details['rows']} entries exported`;
      break;
    default:
      break;
  }
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}
