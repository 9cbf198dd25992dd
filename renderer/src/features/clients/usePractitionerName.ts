import { useEffect, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';

/** The vault's practitioner name, or '' while unknown; used to prefill forms, never required. */
export function usePractitionerName(): string {
  const [name, setName] = useState('');
  useEffect(() => {
    let isStale = false;
    outpost.call('vault.getSettings', {}).then(
      (settings) => {
        if (!isStale) setName(settings.practitionerName);
      },
      () => undefined,
    );
    return () => {
      isStale = true;
    };
  }, []);
  return name;
}
