import { fingerprintGroups } from './exchangeText.ts';

/**
 * A fingerprint in its ten groups, spaced for reading aloud. The spaces are real text
 * (copying or a screen reader gets "ABCD 1234 …"); the layout adds the gaps.
 */
export function Fingerprint({
  value,
  size = 'large',
  testId,
}: {
  value: string;
  size?: 'large' | 'small' | 'inline';
  testId?: string;
}) {
  const groups = fingerprintGroups(value);
  const Tag = size === 'inline' ? 'span' : 'p';
  return (
    <Tag className={`fingerprint${size === 'large' ? '' : ` fingerprint-${size}`}`} data-testid={testId}>
      {groups.map((group, index) => (
        <span key={`${index}:${group}`} className="fingerprint-group">
          {group}
          {index < groups.length - 1 ? ' ' : ''}
        </span>
      ))}
    </Tag>
  );
}
