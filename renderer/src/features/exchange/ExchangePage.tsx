import { useState } from 'react';
import type { Key } from 'react-aria-components';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { outpost } from '../../client/outpostClient.dom.ts';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { useLoad } from '../clients/useLoad.ts';
import { CardSection } from './CardSection.tsx';
import type { Identity } from './CardSection.tsx';
import { MoveVaultSection } from './MoveVaultSection.tsx';
import { ReceivedSummaries } from './ReceivedSummaries.tsx';
import { ReceiveSection } from './ReceiveSection.tsx';
import { ReviewQueue, SendForReview } from './ReviewsSection.tsx';
import { SendSummariesSection } from './SendSummariesSection.tsx';
import { TeamSection } from './TeamSection.tsx';
import './exchange.css';

const TABS = ['card', 'team', 'send', 'receive', 'received', 'reviews'] as const;
type ExchangeTab = (typeof TABS)[number];

function isExchangeTab(key: Key): key is ExchangeTab {
  return (TABS as readonly Key[]).includes(key);
}

/**
 * Team exchange: this vault's card, the team directory, session summaries sent and
 * received as signed, encrypted bundles, and supervision of replies. No server: bundles
 * travel as files.
 */
export function ExchangePage() {
  const [tab, setTab] = useState<ExchangeTab>('card');
  const [identityOverride, setIdentityOverride] = useState<Identity | null>(null);
  const [directoryAttempt, setDirectoryAttempt] = useState(0);
  const [importVersion, setImportVersion] = useState(0);
  const [identity] = useLoad(() => outpost.call('exchange.identity', {}), 'identity');
  const [directory] = useLoad(() => outpost.call('exchange.directory', {}), `directory:${directoryAttempt}`);

  const header = (
    <>
      <h1>Team exchange</h1>
      <p className="page-intro">
        Share session summaries with colleagues and pass replies to a supervisor, as signed and encrypted
        files (by USB stick, shared folder or email attachment). No server is involved.
      </p>
    </>
  );
  if (identity.status === 'loading' || directory.status === 'loading')
    return (
      <article className="page exchange-page">
        {header}
        <PendingBar label="Loading your team card…" />
      </article>
    );
  if (identity.status === 'failed' || directory.status === 'failed')
    return (
      <article className="page exchange-page">
        {header}
        <ErrorNotice>
          {identity.status === 'failed' ? identity.message : (directory as { message: string }).message}
        </ErrorNotice>
      </article>
    );

  const current = identityOverride ?? identity.data;
  const members = directory.data.members;
  const isSupervisor = current.card.role === 'supervisor';
  const reloadDirectory = () => setDirectoryAttempt((count) => count + 1);

  return (
    <article className="page exchange-page">
      {header}
      <Tabs
        className="exchange-tabs"
        selectedKey={tab}
        onSelectionChange={(key) => {
          if (isExchangeTab(key)) setTab(key);
        }}
      >
        <TabList className="tab-list" aria-label="Team exchange">
          <Tab id="card" className="tab">
            Your card
          </Tab>
          <Tab id="team" className="tab">
            Team
          </Tab>
          <Tab id="send" className="tab">
            Send summaries
          </Tab>
          <Tab id="receive" className="tab">
            Receive
          </Tab>
          <Tab id="received" className="tab">
            Received summaries
          </Tab>
          <Tab id="reviews" className="tab">
            {isSupervisor ? 'Reviews' : 'Send for review'}
          </Tab>
        </TabList>
        <TabPanel id="card" className="exchange-tab-panel">
          <CardSection identity={current} onIdentityChanged={setIdentityOverride} />
          <MoveVaultSection members={members} fingerprint={current.card.fingerprint} />
        </TabPanel>
        <TabPanel id="team" className="exchange-tab-panel">
          <TeamSection members={members} onChanged={reloadDirectory} />
        </TabPanel>
        <TabPanel id="send" className="exchange-tab-panel">
          <SendSummariesSection members={members} />
        </TabPanel>
        <TabPanel id="receive" className="exchange-tab-panel">
          <ReceiveSection onImported={() => setImportVersion((count) => count + 1)} />
        </TabPanel>
        <TabPanel id="received" className="exchange-tab-panel">
          <ReceivedSummaries version={importVersion} />
        </TabPanel>
        <TabPanel id="reviews" className="exchange-tab-panel">
          {isSupervisor ? (
            <ReviewQueue members={members} version={importVersion} />
          ) : (
            <SendForReview members={members} />
          )}
        </TabPanel>
      </Tabs>
    </article>
  );
}
