import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { isMac } from '../../app/platform.ts';
import { CRISIS_RESOURCE_KIND_LABELS } from '../../../../shared/domain/crisisResources.std.ts';
import type { CrisisRegion, CrisisResource } from '../../../../shared/domain/crisisResources.std.ts';
import './crisis.css';

/** One region's crisis resources, numbers large and each one copyable. */
export function CrisisResourceList({ region }: { region: CrisisRegion }) {
  if (region.resources.length === 0) {
    return (
      <p className="crisis-empty">
        No crisis resources are listed for {region.name}. Add your local emergency number and crisis lines in
        Settings › Crisis resources.
      </p>
    );
  }
  return (
    <ul className="crisis-resources" aria-label={`Crisis resources for ${region.name}`}>
      {region.resources.map((resource, index) => (
        // The list is read-only here and its order is the practitioner's; index keys are stable for it.
        <CrisisResourceItem key={index} resource={resource} />
      ))}
    </ul>
  );
}

function CrisisResourceItem({ resource }: { resource: CrisisResource }) {
  return (
    <li className={`crisis-resource crisis-kind-${resource.kind}`}>
      <div className="crisis-resource-head">
        <span className="crisis-resource-name">{resource.name}</span>
        {CRISIS_RESOURCE_KIND_LABELS[resource.kind] !== resource.name && (
          <span className="crisis-resource-kind">{CRISIS_RESOURCE_KIND_LABELS[resource.kind]}</span>
        )}
        {resource.hours !== undefined && <span className="crisis-resource-hours">{resource.hours}</span>}
      </div>
      {(resource.phone !== undefined || resource.sms !== undefined) && (
        <div className="crisis-numbers">
          {resource.phone !== undefined && (
            <CopyableNumber label="Call" number={resource.phone} resourceName={resource.name} />
          )}
          {resource.sms !== undefined && (
            <CopyableNumber label="Text" number={resource.sms} resourceName={resource.name} />
          )}
        </div>
      )}
      {resource.web !== undefined && <p className="crisis-web">{resource.web}</p>}
      {resource.notes !== undefined && <p className="crisis-notes">{resource.notes}</p>}
    </li>
  );
}

/**
 * A number shown large with a Copy button. Where the system refuses the clipboard
 * (Outpost's window grants no permissions), the number is selected instead, ready for Ctrl+C.
 */
function CopyableNumber({
  label,
  number,
  resourceName,
}: {
  label: string;
  number: string;
  resourceName: string;
}) {
  const numberRef = useRef<HTMLSpanElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'selected' | null>(null);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(number);
      setOutcome('copied');
    } catch {
      const element = numberRef.current;
      if (element !== null) window.getSelection()?.selectAllChildren(element);
      setOutcome('selected');
    }
  }

  return (
    <div className="crisis-number">
      <span className="crisis-number-label">{label}</span>
      <span className="crisis-number-value" ref={numberRef}>
        {number}
      </span>
      <Button
        className="button button-small"
        aria-label={`Copy ${label === 'Call' ? 'phone' : 'text'} number for ${resourceName}`}
        onPress={() => void copy()}
      >
        Copy
      </Button>
      <span role="status" className="crisis-copy-status">
        {outcome === 'copied' && 'Copied'}
        {outcome === 'selected' && `Selected: press ${isMac ? '⌘C' : 'Ctrl+C'} to copy`}
      </span>
    </div>
  );
}
