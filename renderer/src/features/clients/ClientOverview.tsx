import { Button } from 'react-aria-components';
import type { Client } from '../../../../shared/rpc/recordSchemas.std.ts';
import { CHANNEL_KIND_LABELS } from './recordText.ts';
import { formatDay } from './dates.ts';
import { ServiceLevelSummary } from './ServiceLevelSummary.tsx';

const LEVEL_WORDS = { high: 'High', low: 'Low' } as const;

export function ClientOverview({ client, onEdit }: { client: Client; onEdit: () => void }) {
  return (
    <div className="overview">
      <dl className="facts">
        <div>
          <dt>{client.pseudonymous ? 'Alias' : 'Display name'}</dt>
          <dd>{client.displayName}</dd>
        </div>
        <div>
          <dt>Legal name</dt>
          <dd>
            {client.pseudonymous ? (
              <span className="muted">Not kept: this client is known by an alias only.</span>
            ) : (
              (client.legalName ?? <span className="muted">Not recorded</span>)
            )}
          </dd>
        </div>
        <div>
          <dt>Channels</dt>
          <dd>
            {client.channels.length === 0 ? (
              <span className="muted">None recorded</span>
            ) : (
              <ul className="plain-list">
                {client.channels.map((channel, index) => (
                  <li key={index}>
                    <span className="muted">{CHANNEL_KIND_LABELS[channel.kind]}:</span> {channel.value}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Assigned practitioner</dt>
          <dd>{client.assignedPractitioner ?? <span className="muted">Not assigned</span>}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            {client.tags.length === 0 ? (
              <span className="muted">None</span>
            ) : (
              <ul className="tag-list-static">
                {client.tags.map((tag) => (
                  <li key={tag} className="tag">
                    {tag}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd>{formatDay(client.createdAt)}</dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd>{formatDay(client.lastActivityAt)}</dd>
        </div>
      </dl>

      <section className="overview-readiness" aria-labelledby={`readiness-${client.id}`}>
        <h3 id={`readiness-${client.id}`}>Readiness and service level</h3>
        <p>
          Capability:{' '}
          <strong>{client.capability === null ? 'not assessed' : LEVEL_WORDS[client.capability]}</strong>
          {' · '}
          Complexity:{' '}
          <strong>{client.complexity === null ? 'not assessed' : LEVEL_WORDS[client.complexity]}</strong>
        </p>
        <ServiceLevelSummary advice={client.serviceLevel} />
        {client.readinessNotes.trim() !== '' && <p className="prose">{client.readinessNotes}</p>}
      </section>

      <div className="button-row">
        <Button className="button" onPress={onEdit}>
          Edit details
        </Button>
      </div>
    </div>
  );
}
