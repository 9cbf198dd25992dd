import { useState } from 'react';
import { Button, Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';
import { ChevronRightIcon } from '../../ui/icons.tsx';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';

type CheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; result: MethodOutput<'vault.checkIntegrity'> }
  | { status: 'failed'; message: string };

export function IntegrityCheckSection() {
  const [check, setCheck] = useState<CheckState>({ status: 'idle' });

  async function runCheck(): Promise<void> {
    setCheck({ status: 'checking' });
    try {
      setCheck({ status: 'done', result: await outpost.call('vault.checkIntegrity', {}) });
    } catch (error) {
      setCheck({ status: 'failed', message: failureMessage(error) });
    }
  }

  return (
    <div className="panel-section">
      <h3>Vault integrity</h3>
      <p className="muted">
        Reads the whole vault file to make sure it is complete and undamaged. Nothing is changed.
      </p>
      {check.status === 'checking' && <PendingBar label="Checking the vault file…" />}
      {check.status === 'done' && check.result.ok && (
        <StatusNotice tone="success" testId="integrity-result">
          No problems found. The vault file is intact.
        </StatusNotice>
      )}
      {check.status === 'done' && !check.result.ok && (
        <div className="error-block">
          <ErrorNotice testId="integrity-result">
            <p>
              The vault file has problems. Make a note of what you changed recently, then restore from your
              most recent backup that verifies.
            </p>
          </ErrorNotice>
          <Disclosure className="disclosure">
            <Heading level={4} className="disclosure-heading">
              <Button slot="trigger" className="disclosure-trigger disclosure-trigger-small">
                <ChevronRightIcon />
                Technical details for support
              </Button>
            </Heading>
            <DisclosurePanel className="disclosure-panel">
              <ul className="problem-list">
                {check.result.problems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            </DisclosurePanel>
          </Disclosure>
        </div>
      )}
      {check.status === 'failed' && <ErrorNotice>{check.message}</ErrorNotice>}
      <div className="button-row">
        <Button className="button" onPress={() => void runCheck()} isPending={check.status === 'checking'}>
          Check vault integrity
        </Button>
      </div>
    </div>
  );
}
