import type { ComponentType } from 'react';
import type { ConsentStatus } from '../../../../shared/domain/consent.std.ts';
import { Badge } from '../../ui/Badge.tsx';
import type { BadgeTone } from '../../ui/Badge.tsx';
import {
  CircleCheckIcon,
  CircleDashIcon,
  CircleXIcon,
  HourglassIcon,
  AlertIcon,
} from '../../ui/recordIcons.tsx';
import { CONSENT_STATUS_LABELS } from './recordText.ts';

const TONES: Record<ConsentStatus, BadgeTone> = {
  active: 'success',
  expiring_soon: 'warning',
  expired: 'danger',
  withdrawn: 'danger',
  missing: 'neutral',
};

const ICONS: Record<ConsentStatus, ComponentType> = {
  active: CircleCheckIcon,
  expiring_soon: HourglassIcon,
  expired: AlertIcon,
  withdrawn: CircleXIcon,
  missing: CircleDashIcon,
};

export function ConsentStatusBadge({ status, testId }: { status: ConsentStatus; testId?: string }) {
  const Icon = ICONS[status];
  return (
    <Badge tone={TONES[status]} icon={<Icon />} {...(testId === undefined ? {} : { testId })}>
      {CONSENT_STATUS_LABELS[status]}
    </Badge>
  );
}
